package io.assistantcore.api.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the streams (SSE responses and WebSocket subscriptions, of suggestions and replies alike) open at once on
 * this node: per user and in all. Each open stream holds a thread and a subscription to the live feed, so without a
 * bound one client could hold them all. A refused stream is answered 429 {@code too-many-streams} (SSE) or with an
 * error message (WebSocket), with the seconds after which to try again.
 */
public final class StreamLimits {

    /**
     * @param maxPerUser  streams one user (of one tenant) may have open on this node at once
     * @param maxPerNode  streams this node serves at once
     * @param retryAfter  what a refusal tells the client to wait before trying again
     */
    @ConfigurationProperties("assistant.streams")
    public record StreamProperties(@DefaultValue("20") int maxPerUser,
                                   @DefaultValue("2000") int maxPerNode,
                                   @DefaultValue("PT5S") Duration retryAfter) {
        public StreamProperties {
            if (maxPerUser < 1 || maxPerNode < 1) {
                throw new IllegalArgumentException("assistant.streams.max-per-user and max-per-node must be at least 1");
            }
        }
    }

    /** Which bound refused a stream. */
    public enum Limit {
        PER_USER("streams-per-user"), PER_NODE("streams-per-node");

        private final String code;

        Limit(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A stream that would pass a bound; carries what the refusal says. */
    public static final class TooManyStreamsException extends RuntimeException {

        private final Limit limit;
        private final int limitValue;
        private final long retryAfterSeconds;

        TooManyStreamsException(Limit limit, int limitValue, long retryAfterSeconds) {
            super(limit == Limit.PER_USER
                    ? "You have " + limitValue + " streams open on this server, the most allowed; close one first"
                    : "This server streams to as many clients as it may (" + limitValue + "); try again shortly");
            this.limit = limit;
            this.limitValue = limitValue;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public Limit limit() {
            return limit;
        }

        public int limitValue() {
            return limitValue;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final StreamProperties properties;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    public StreamLimits(StreamProperties properties) {
        this.properties = properties;
    }

    /**
     * Takes a place for one stream of {@code userId} in {@code tenantId}; closing the returned permit (once or more)
     * gives it back.
     *
     * @throws TooManyStreamsException when the user or the node is at its bound
     */
    public AutoCloseable acquire(String tenantId, String userId) {
        String user = tenantId + "/" + userId;
        long retryAfter = Math.max(1, properties.retryAfter().toSeconds());
        AtomicInteger mine = perUser.compute(user, (key, count) -> {
            AtomicInteger counter = count == null ? new AtomicInteger() : count;
            counter.incrementAndGet();
            return counter;
        });
        if (mine.get() > properties.maxPerUser()) {
            release(user);
            throw new TooManyStreamsException(Limit.PER_USER, properties.maxPerUser(), retryAfter);
        }
        if (open.incrementAndGet() > properties.maxPerNode()) {
            open.decrementAndGet();
            release(user);
            throw new TooManyStreamsException(Limit.PER_NODE, properties.maxPerNode(), retryAfter);
        }
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                open.decrementAndGet();
                release(user);
            }
        };
    }

    /** Streams open on this node now. */
    public int open() {
        return open.get();
    }

    private void release(String user) {
        perUser.computeIfPresent(user, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
