package io.assistantcore.api.ratelimit;

import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.platform.ratelimit.RateLimit;
import io.assistantcore.platform.ratelimit.RateLimitExceededException;
import io.assistantcore.platform.ratelimit.RateLimitStatus;
import io.assistantcore.platform.ratelimit.RateLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link RateLimits} straight on the test database (its table comes from the application's migrations): two
 * instances over one DataSource stand for two nodes.
 */
class RateLimitsTest extends ApiIntegrationTest {

    @Autowired
    private DataSource dataSource;

    private RateLimits node1;
    private RateLimits node2;
    private String tenant;

    @BeforeEach
    void twoNodes() {
        node1 = new RateLimits(dataSource);
        node2 = new RateLimits(dataSource);
        tenant = uniqueTenantId("limits");
    }

    private static Quotas quotas(int requestsPerMinutePerUser, long tokensPerMinutePerTenant) {
        return new Quotas(Money.of("10", "EUR"), requestsPerMinutePerUser, tokensPerMinutePerTenant);
    }

    @Test
    void aUsersLimitHoldsAcrossNodes() {
        Quotas quotas = quotas(5, 10_000);
        for (int i = 0; i < 5; i++) {
            RateLimits node = i % 2 == 0 ? node1 : node2;
            RateLimitStatus status = node.checkRequest(tenant, "ann", quotas, 1, 10);
            assertThat(status.limit()).isEqualTo(RateLimit.REQUESTS_PER_USER);
            assertThat(status.limitValue()).isEqualTo(5);
            assertThat(status.remaining()).isEqualTo(4 - i);
            assertThat(status.resetSeconds()).isBetween(1L, 60L);
        }

        RateLimitExceededException refused = catchThrowableOfType(
                () -> node2.checkRequest(tenant, "ann", quotas, 1, 10), RateLimitExceededException.class);
        assertThat(refused.limit()).isEqualTo(RateLimit.REQUESTS_PER_USER);
        assertThat(refused.limitValue()).isEqualTo(5);
        assertThat(refused.remaining()).isZero();
        // greedy refill: one request comes back every 12 s, the whole bucket within the minute
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 12L);
        assertThat(refused.resetSeconds()).isBetween(refused.retryAfterSeconds(), 60L);
        assertThat(refused.tenantId()).isEqualTo(tenant);
        assertThat(refused.userId()).isEqualTo("ann");
        assertThat(refused.getMessage()).isEqualTo("Rate limit reached: 5 requests per minute per user; retry in "
                + refused.retryAfterSeconds() + " s");

        // another user, and the same user name in another tenant, have buckets of their own
        assertThat(node1.checkRequest(tenant, "ben", quotas, 1, 10).remaining()).isEqualTo(4);
        assertThat(node1.checkRequest(tenant + "x", "ann", quotas, 1, 10).remaining()).isEqualTo(4);
    }

    @Test
    void concurrentRequestsOfOneTenantOnTwoNodesTakeExactlyTheLimit() throws Exception {
        // 600 tokens per minute, 200 each: 3 of 64 concurrent requests pass, however they are batched (one more
        // could pass for every 20 s the test takes, the bucket refilling 10 tokens a second)
        Quotas quotas = quotas(1_000, 600);
        long started = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        int passed = 0;
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                RateLimits node = i % 2 == 0 ? node1 : node2;
                String user = "user-" + (i % 8);
                outcomes.add(pool.submit(() -> {
                    try {
                        node.checkRequest(tenant, user, quotas, 1, 200);
                        return true;
                    } catch (RateLimitExceededException refused) {
                        assertThat(refused.limit()).isEqualTo(RateLimit.TOKENS_PER_TENANT);
                        return false;
                    }
                }));
            }
            for (java.util.concurrent.Future<Boolean> outcome : outcomes) {
                passed += outcome.get(120, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        long refilledRequests = (System.nanoTime() - started) / java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        assertThat(passed).isBetween(3, 3 + (int) refilledRequests);
    }

    @Test
    void aTokenRefusalTakesNothingFromTheUsersRequests() {
        Quotas quotas = quotas(10, 100);
        node1.checkRequest(tenant, "ann", quotas, 1, 80);

        RateLimitExceededException refused = catchThrowableOfType(
                () -> node2.checkRequest(tenant, "ben", quotas, 1, 50), RateLimitExceededException.class);
        assertThat(refused.limit()).isEqualTo(RateLimit.TOKENS_PER_TENANT);
        assertThat(refused.limitValue()).isEqualTo(100);
        assertThat(refused.remaining()).isBetween(20L, 21L);
        // 30 more tokens at 100 per minute: about 18 s
        assertThat(refused.retryAfterSeconds()).isBetween(17L, 19L);

        // ben's refused request was given back: his next one leaves 9 of 10
        assertThat(node1.checkRequest(tenant, "ben", quotas, 1, 1).remaining()).isEqualTo(9);
    }

    @Test
    void aUsersRefusalTakesNoTokens() {
        Quotas quotas = quotas(1, 100);
        node1.checkRequest(tenant, "ann", quotas, 1, 10);
        assertThatThrownBy(() -> node2.checkRequest(tenant, "ann", quotas, 1, 80))
                .isInstanceOf(RateLimitExceededException.class)
                .extracting(e -> ((RateLimitExceededException) e).limit()).isEqualTo(RateLimit.REQUESTS_PER_USER);
        // the 90 tokens left are all there
        node1.checkRequest(tenant, "ben", quotas, 1, 90);
    }

    @Test
    void anEstimateAboveTheWholeLimitNeedsAFullBucket() {
        Quotas quotas = quotas(10, 100);
        node1.checkRequest(tenant, "ann", quotas, 1, 500);
        RateLimitExceededException refused = catchThrowableOfType(
                () -> node2.checkRequest(tenant, "ann", quotas, 1, 500), RateLimitExceededException.class);
        assertThat(refused.limit()).isEqualTo(RateLimit.TOKENS_PER_TENANT);
        assertThat(refused.retryAfterSeconds()).isBetween(59L, 60L);
    }

    @Test
    void newerQuotasReplaceTheConfigurationAndOlderOnesDoNot() {
        node1.checkRequest(tenant, "ann", quotas(2, 1000), 4, 1);
        node1.checkRequest(tenant, "ann", quotas(2, 1000), 4, 1);
        assertThatThrownBy(() -> node2.checkRequest(tenant, "ann", quotas(2, 1000), 4, 1))
                .isInstanceOf(RateLimitExceededException.class);

        // raised (tenant version 5): the 3 added requests are there at once
        RateLimitStatus raised = node2.checkRequest(tenant, "ann", quotas(5, 1000), 5, 1);
        assertThat(raised.limitValue()).isEqualTo(5);
        assertThat(raised.remaining()).isEqualTo(2);

        // a node still reading version 4 does not roll the stored configuration back to 2 per minute
        assertThat(node1.checkRequest(tenant, "ann", quotas(2, 1000), 4, 1).remaining()).isEqualTo(1);

        // lowered (version 6): what is left is capped at the new capacity
        assertThat(node1.checkRequest(tenant, "ann", quotas(1, 1000), 6, 1).remaining()).isZero();
        assertThatThrownBy(() -> node2.checkRequest(tenant, "ann", quotas(1, 1000), 6, 1))
                .isInstanceOf(RateLimitExceededException.class);
    }
}
