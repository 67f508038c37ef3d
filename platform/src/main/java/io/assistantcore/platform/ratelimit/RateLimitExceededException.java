package io.assistantcore.platform.ratelimit;

/**
 * A request refused by a per-minute limit (answered with 429). Nothing was consumed from any limit for it.
 * {@code retryAfterSeconds} is how long to wait until the request would pass (at least 1); {@code resetSeconds} is
 * when the limit's bucket is full again.
 */
public class RateLimitExceededException extends RuntimeException {

    private final String tenantId;
    private final String userId;
    private final RateLimit limit;
    private final long limitValue;
    private final long remaining;
    private final long resetSeconds;
    private final long retryAfterSeconds;

    public RateLimitExceededException(String tenantId, String userId, RateLimit limit, long limitValue,
                                      long remaining, long resetSeconds, long retryAfterSeconds) {
        super("Rate limit reached: " + limitValue + " " + limit.description() + "; retry in " + retryAfterSeconds
                + " s");
        this.tenantId = tenantId;
        this.userId = userId;
        this.limit = limit;
        this.limitValue = limitValue;
        this.remaining = remaining;
        this.resetSeconds = resetSeconds;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String tenantId() {
        return tenantId;
    }

    public String userId() {
        return userId;
    }

    public RateLimit limit() {
        return limit;
    }

    public long limitValue() {
        return limitValue;
    }

    public long remaining() {
        return remaining;
    }

    public long resetSeconds() {
        return resetSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The status of the refusing limit, for the {@code RateLimit-*} headers of the 429. */
    public RateLimitStatus status() {
        return new RateLimitStatus(limit, limitValue, remaining, resetSeconds);
    }
}
