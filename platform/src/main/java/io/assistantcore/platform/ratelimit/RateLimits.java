package io.assistantcore.platform.ratelimit;

import io.assistantcore.messages.tenant.Quotas;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The per-minute limits of a tenant's {@link Quotas}, as token buckets kept in PostgreSQL (table
 * {@code rate_limit_bucket}) so that they hold across every node of the platform:
 * <ul>
 *     <li>each user of a tenant: {@code requestsPerMinutePerUser} requests (key {@code user:<tenant>:<user>});</li>
 *     <li>each tenant: {@code tokensPerMinutePerTenant} model tokens (key {@code tokens:<tenant>}).</li>
 * </ul>
 * Keys are the text itself (the table's key is {@code text}), so no two buckets can collide and every node computes
 * the same key; tenant ids cannot contain {@code ':'}, which keeps {@code user:<tenant>:<user>} unambiguous.
 * <p>
 * Refill is <b>greedy</b>: a bucket of capacity N per minute gets one token back every 60/N seconds instead of all N
 * at the turn of a fixed minute. A refused caller therefore waits only until the next token (a short, exact
 * {@code Retry-After}), and there is no window boundary at which 2N requests can pass within a moment.
 * <p>
 * Bucket configurations carry the version of the tenant they came from ({@code TenantView.version()}, which grows
 * with every change of the tenant). When the stored version is older, Bucket4j replaces the configuration in the
 * same database round trip, with {@link TokensInheritanceStrategy#ADDITIVE}: a raised limit adds the difference to
 * what is left at once (a user blocked at 3/min gets 7 requests when the quota becomes 10/min), a lowered limit
 * caps what is left at the new capacity. A node whose read model lags behind (an older version) never rolls a
 * newer configuration back: Bucket4j then uses the stored one.
 */
public class RateLimits {

    /** How long a full bucket's row is kept before {@link #removeExpired()} may delete it (a missing row is full). */
    private static final Duration KEEP_FULL_BUCKETS = Duration.ofMinutes(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    public RateLimits(DataSource dataSource) {
        // SELECT ... FOR UPDATE rather than advisory locks: it locks exactly the bucket's row, works with the text
        // keys above (advisory locks need a 64-bit lock id, i.e. a hash of the key that two buckets could share,
        // serializing unrelated callers), holds nothing beyond the short transaction of one bucket operation, and
        // needs no session-level state, so it is also safe behind a transaction-pooling proxy.
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS))
                .build();
    }

    /**
     * Takes one request from the user's bucket and {@code estimatedTokens} from the tenant's token bucket. An estimate
     * above the tenant's whole per-minute limit is taken as the whole limit (such a request needs a full bucket; it
     * could never pass otherwise).
     *
     * @param quotasVersion the version of the tenant the quotas were read from; a higher one than stored replaces
     *                      the buckets' configuration
     * @return the user's request limit after this request
     * @throws RateLimitExceededException when either limit refuses; then nothing is taken from the other one
     */
    public RateLimitStatus checkRequest(String tenantId, String userId, Quotas quotas, long quotasVersion,
                                        long estimatedTokens) {
        long requestLimit = quotas.requestsPerMinutePerUser();
        BucketProxy user = bucket(userKey(tenantId, userId), requestLimit, "requests", quotasVersion);
        ConsumptionProbe request = user.tryConsumeAndReturnRemaining(1);
        if (!request.isConsumed()) {
            throw refused(tenantId, userId, RateLimit.REQUESTS_PER_USER, requestLimit, request);
        }

        long tokenLimit = quotas.tokensPerMinutePerTenant();
        long tokens = Math.min(Math.max(estimatedTokens, 0), tokenLimit);
        if (tokens > 0) {
            ConsumptionProbe model = bucket(tenantKey(tenantId), tokenLimit, "tokens", quotasVersion)
                    .tryConsumeAndReturnRemaining(tokens);
            if (!model.isConsumed()) {
                user.addTokens(1); // give the request back: a refused request counts against no limit
                throw refused(tenantId, userId, RateLimit.TOKENS_PER_TENANT, tokenLimit, model);
            }
        }
        return new RateLimitStatus(RateLimit.REQUESTS_PER_USER, requestLimit, request.getRemainingTokens(),
                seconds(request.getNanosToWaitForReset()));
    }

    /** Deletes rows of buckets that are full again (at most 1000 per call); returns how many. */
    public int removeExpired() {
        return buckets.removeExpired(1000);
    }

    static String userKey(String tenantId, String userId) {
        return "user:" + tenantId + ":" + userId;
    }

    static String tenantKey(String tenantId) {
        return "tokens:" + tenantId;
    }

    private BucketProxy bucket(String key, long perMinute, String id, long version) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, MINUTE).id(id).build())
                .build();
        return buckets.builder()
                .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.ADDITIVE)
                .build(key, () -> configuration);
    }

    private static RateLimitExceededException refused(String tenantId, String userId, RateLimit limit,
                                                      long limitValue, ConsumptionProbe probe) {
        return new RateLimitExceededException(tenantId, userId, limit, limitValue, probe.getRemainingTokens(),
                Math.max(1, seconds(probe.getNanosToWaitForReset())),
                Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /** Whole seconds, rounded up. */
    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos - 1) / NANOS_PER_SECOND + 1;
    }
}
