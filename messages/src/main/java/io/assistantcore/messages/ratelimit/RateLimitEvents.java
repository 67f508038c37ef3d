package io.assistantcore.messages.ratelimit;

import org.axonframework.serialization.Revision;

/** Events of the per-minute rate limits, kept for audit. */
public final class RateLimitEvents {

    private RateLimitEvents() {
    }

    /**
     * A request was refused with 429 because {@code limit} (for example {@code requests-per-minute-per-user} or
     * {@code tokens-per-minute-per-tenant}), whose value is {@code limitValue}, was exhausted; the caller was told to
     * retry after {@code retryAfterSeconds}. Published by the api, not by an aggregate.
     */
    @Revision("1")
    public record RateLimitRefused(String tenantId, String userId, String limit, long limitValue,
                                   long retryAfterSeconds, String method, String path) {
    }
}
