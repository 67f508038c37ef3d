package io.assistantcore.api.stream;

import java.util.Map;

/** Where a stream goes: an SSE response or one subscription of a WebSocket connection. */
public interface StreamSink {

    /**
     * Sends one event ({@code token}, a stage such as {@code routed}, or a terminal one such as {@code completed}).
     *
     * @param position the event's id: its attempt and chunk, or the end of its attempt (whose {@code seq} is then the
     *                 last chunk sent before it)
     * @return false when the client is gone, which ends the stream
     */
    boolean send(String type, StreamPosition position, Map<String, Object> data);

    /**
     * The stream ends before its terminal event because of a failure on the server (the database is unreachable, the
     * node is stopping): tells the client to come back after {@code retryMillis} and resume from the last event id it
     * received. Carries no event id, so that id stays the client's resume point. False when the client is gone.
     */
    boolean interrupted(String reason, long retryMillis);

    /** Keeps an idle connection open through proxies; false when the client is gone. */
    boolean heartbeat();

    /** The stream has ended (after its last event, or because the client left). */
    void close();
}
