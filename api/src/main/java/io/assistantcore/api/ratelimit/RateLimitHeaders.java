package io.assistantcore.api.ratelimit;

import io.assistantcore.platform.ratelimit.RateLimitStatus;
import java.util.function.BiConsumer;

/**
 * The response headers of a limit: {@code RateLimit-Limit} (its value per minute), {@code RateLimit-Remaining} (what
 * is left of it) and {@code RateLimit-Reset} (seconds until its bucket is full again).
 */
final class RateLimitHeaders {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";

    private RateLimitHeaders() {
    }

    static void write(RateLimitStatus status, BiConsumer<String, String> header) {
        header.accept(LIMIT, Long.toString(status.limitValue()));
        header.accept(REMAINING, Long.toString(status.remaining()));
        header.accept(RESET, Long.toString(status.resetSeconds()));
    }
}
