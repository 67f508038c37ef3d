package io.assistantcore.api.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of streams to clients (docs/observability.md): {@value #RELAY}, the time from a chunk's storage (its
 * event's timestamp) to its write to the client, and {@value #STREAMS}, streams by how they ended. Tags: transport
 * ({@code sse}, {@code websocket}), kind (the stream kind's name) and outcome — all bounded. The meters of a transport
 * and kind are registered once and kept.
 */
public final class StreamMeters {

    public static final String RELAY = "assistant.stream.relay";
    public static final String STREAMS = "assistant.streams";
    public static final String SSE = "sse";
    public static final String WEBSOCKET = "websocket";

    /** How a stream ended. */
    enum Outcome {
        /** the terminal event reached the client (or the client had it already) */
        COMPLETED,
        /** the client left, or its connection closed, before the end */
        CLIENT_GONE,
        /** the server cut it short (stopping, database unreachable); the client resumes */
        INTERRUPTED,
        /** the suggestion or reply was not there */
        NOT_FOUND;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    public StreamMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of one stream; null registry: none. */
    Meters of(String transport, String kind) {
        return meters.computeIfAbsent(transport + '/' + kind, key -> new Meters(transport, kind));
    }

    final class Meters {

        private final Timer relay;
        private final Map<Outcome, Counter> outcomes = new java.util.EnumMap<>(Outcome.class);

        private Meters(String transport, String kind) {
            relay = Timer.builder(RELAY)
                    .description("From a chunk's storage to its write to an SSE or WebSocket client")
                    .tag("transport", transport).tag("kind", kind)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
            for (Outcome outcome : Outcome.values()) {
                outcomes.put(outcome, Counter.builder(STREAMS).description("Streams to clients by how they ended")
                        .tag("transport", transport).tag("kind", kind).tag("outcome", outcome.tag())
                        .register(registry));
            }
        }

        void relayed(Instant storedAt) {
            long nanos = Duration.between(storedAt, Instant.now()).toNanos();
            relay.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }

        void ended(Outcome outcome) {
            outcomes.get(outcome).increment();
        }
    }
}
