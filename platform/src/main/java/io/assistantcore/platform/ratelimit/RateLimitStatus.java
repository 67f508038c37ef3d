package io.assistantcore.platform.ratelimit;

/**
 * Where a limit stands after a request passed it: its value, what is left of it, and in how many seconds its bucket
 * is full again (the {@code RateLimit-*} response headers).
 */
public record RateLimitStatus(RateLimit limit, long limitValue, long remaining, long resetSeconds) {
}
