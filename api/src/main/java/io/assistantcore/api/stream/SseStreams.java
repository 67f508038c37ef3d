package io.assistantcore.api.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Opens a stream as Server-Sent Events: stored events after {@code Last-Event-ID}, then live ones. Event ids are
 * {@link StreamPosition}s. A stream the caller may not read is 404, as if it did not exist; one beyond the stream
 * limits is 429 {@code too-many-streams}.
 */
@Component
public class SseStreams {

    private final TenantAccess access;
    private final LiveStreamFeed feed;
    private final ExecutorService streamExecutor;
    private final ObjectMapper objectMapper;
    private final StreamLimits limits;
    private final StreamMeters meters;

    SseStreams(TenantAccess access, LiveStreamFeed feed, ExecutorService streamExecutor, ObjectMapper objectMapper,
               StreamLimits limits, StreamMeters meters) {
        this.meters = meters;
        this.access = access;
        this.feed = feed;
        this.streamExecutor = streamExecutor;
        this.objectMapper = objectMapper;
        this.limits = limits;
    }

    /**
     * @param lastEventId the id of the last event the client received ({@code Last-Event-ID}, or a query parameter
     *                    for clients that cannot set it); null for the whole stream
     */
    public SseEmitter open(StreamKind kind, String id, String lastEventId) {
        Caller caller = access.currentCaller();
        String notFound = Character.toUpperCase(kind.name().charAt(0)) + kind.name().substring(1) + " '" + id
                + "' does not exist";
        if (caller.tenantId() == null) {
            throw ApiException.notFound(notFound);
        }
        access.require(caller.tenantId(), Role.MEMBER, Role.TENANT_ADMIN, Role.AUDITOR);
        if (!kind.readable(caller, id)) {
            throw ApiException.notFound(notFound);
        }
        StreamPosition after = parseLastEventId(lastEventId);
        AutoCloseable permit = limits.acquire(caller.tenantId(), caller.userId());
        return emit(kind, caller.tenantId(), id, after, permit);
    }

    /** What {@link #start} started: the id of what the request created, and its stream. */
    public record Started(String id, SseEmitter emitter) {

        /**
         * The response: 200 with the stream, {@code Location} the started resource ({@code path} + id) and its id in
         * {@code idHeader} too, for resuming on the resource's own stream.
         */
        public ResponseEntity<SseEmitter> response(String path, String idHeader) {
            return ResponseEntity.ok().location(URI.create(path + id)).header(idHeader, id).body(emitter);
        }
    }

    /**
     * Opens, in the response of the request that starts it, the stream of what that request starts (a suggestion
     * requested with {@code Accept: text/event-stream}): one request instead of a request and a second one for the
     * stream. The stream's permit is taken first, so a caller at the stream limits gets 429 before anything is
     * started; then {@code start} runs — what it throws passes through, with the permit given back — and the stream
     * of the id it returns opens from its beginning, exactly as {@link #open} would. Whether the caller may start it
     * is {@code start}'s to decide.
     */
    public Started start(StreamKind kind, Supplier<String> start) {
        Caller caller = access.currentCaller();
        if (caller.tenantId() == null) {
            throw new IllegalStateException("a stream is started only for a caller of a tenant");
        }
        AutoCloseable permit = limits.acquire(caller.tenantId(), caller.userId());
        String id;
        try {
            id = start.get();
        } catch (RuntimeException | Error e) {
            try {
                permit.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new Started(id, emit(kind, caller.tenantId(), id, null, permit));
    }

    private SseEmitter emit(StreamKind kind, String tenantId, String id, StreamPosition after, AutoCloseable permit) {
        SseEmitter emitter = new SseEmitter(0L);
        EventStream stream = new EventStream(kind, feed, tenantId, id, after,
                new SseSink(emitter, objectMapper), permit, meters.of(StreamMeters.SSE, kind.name()));
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(failure -> stream.stop());
        stream.subscribe();
        try {
            streamExecutor.execute(stream);
        } catch (RuntimeException e) {
            stream.stop();
            throw e;
        }
        return emitter;
    }

    private static StreamPosition parseLastEventId(String lastEventId) {
        try {
            return StreamPosition.parse(lastEventId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Last-Event-ID (or fromSeq) must be the id of the last event received, "
                    + "such as 2.5 or 2.end, got '" + lastEventId + "'");
        }
    }

    /** Writes stream events as SSE: {@code id} is the event's position, {@code event} the type, {@code data} JSON. */
    private static final class SseSink implements StreamSink {

        private final SseEmitter emitter;
        private final ObjectMapper objectMapper;

        SseSink(SseEmitter emitter, ObjectMapper objectMapper) {
            this.emitter = emitter;
            this.objectMapper = objectMapper;
        }

        @Override
        public boolean send(String type, StreamPosition position, Map<String, Object> data) {
            try {
                emitter.send(SseEmitter.event().id(position.id()).name(type)
                        .data(objectMapper.writeValueAsString(data), MediaType.APPLICATION_JSON));
                return true;
            } catch (IOException | IllegalStateException clientGone) {
                return false;
            }
        }

        @Override
        public boolean interrupted(String reason, long retryMillis) {
            try {
                // no id: the client's Last-Event-ID stays the last event it received; retry: sets its reconnect delay
                emitter.send(SseEmitter.event().name(EventStream.INTERRUPTED).reconnectTime(retryMillis)
                        .data(objectMapper.writeValueAsString(Map.of("reason", reason, "retryAfterMillis",
                                retryMillis)), MediaType.APPLICATION_JSON));
                return true;
            } catch (IOException | IllegalStateException clientGone) {
                return false;
            }
        }

        @Override
        public boolean heartbeat() {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                return true;
            } catch (IOException | IllegalStateException clientGone) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                emitter.complete();
            } catch (IllegalStateException alreadyDone) {
                // the client closed first
            }
        }
    }
}
