package io.assistantcore.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.CallerRecheck;
import io.assistantcore.api.security.CurrentCaller;
import io.assistantcore.api.security.MemberLookupFailedException;
import io.assistantcore.api.stream.StreamLimits.TooManyStreamsException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.NonNull;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * WebSocket at {@code /ws}: one connection carries many subscriptions, of suggestions and replies alike (many panels
 * and chats open at once). Client: {@code {"type":"subscribe","stream":"suggestion"|"reply","id":"…","fromSeq":"2.5"}}
 * ({@code stream} defaults to {@code suggestion}) and {@code {"type":"unsubscribe","id":"…"}}; {@code fromSeq} is the
 * {@code eventId} of the last event received (see {@link StreamPosition}), absent or 0 for the whole stream; a bare
 * number still means that chunk of the latest attempt. Server: the SSE events as JSON with {@code type},
 * {@code stream}, {@code id} (the suggestion or reply), {@code eventId} (the SSE event id) and {@code seq} (the chunk;
 * for any other event the last chunk before it); problems as {@code {"type":"error","id":…,"status":…,"detail":…}}
 * (a subscription beyond the stream limits: {@code status} 429, {@code code} {@code too-many-streams},
 * {@code limit}, {@code retryAfterSeconds}).
 *
 * <p>The handshake's caller is not trusted for the connection's whole life: every subscribe resolves it again
 * ({@link CallerRecheck}: the API key looked up again, the JWT's expiry checked and its member roles and tenant state
 * read again). A credential no longer valid (key revoked, token expired) is answered {@code status} 401 and the
 * connection is closed with 1008 (policy violation); a caller who could read the tenant's streams and no longer can
 * (member removed, roles withdrawn, tenant deactivated) is answered 403 and closed the same way. A connection opened
 * with a JWT is also closed with 1008 when the token expires, subscribing or not. Closing a connection ends every
 * stream it carries.
 */
public class StreamWebSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamWebSocketHandler.class);
    private static final String STREAMS = "streams";
    private static final String OUT = "out";
    private static final String CALLER = "caller";
    private static final String EXPIRY = "expiry";
    private static final String DEFAULT_KIND = "suggestion";

    /** Longest stream id a message may name (ids are UUIDs). */
    static final int MAX_ID = 100;

    private final Map<String, StreamKind> kinds;
    private final LiveStreamFeed feed;
    private final ExecutorService streamExecutor;
    private final ObjectMapper objectMapper;
    private final ObjectMapper messageReader;
    private final StreamLimits limits;
    private final StreamMeters meters;
    private final CallerRecheck callers;
    private final ScheduledExecutorService expiries;
    private final Clock clock;

    /**
     * @param objectMapper  writes the stream's events
     * @param messageReader reads client messages: strict JSON, as request bodies are read (one JSON object, nothing
     *                      after it, no duplicate fields)
     * @param callers       resolves a connection's caller again on every subscribe
     * @param expiries      closes connections when their JWT expires (one scheduled close per such connection)
     */
    public StreamWebSocketHandler(List<StreamKind> kinds, LiveStreamFeed feed, ExecutorService streamExecutor,
                                  ObjectMapper objectMapper, ObjectMapper messageReader, StreamLimits limits,
                                  StreamMeters meters, CallerRecheck callers, ScheduledExecutorService expiries,
                                  Clock clock) {
        this.meters = meters;
        this.callers = callers;
        this.expiries = expiries;
        this.clock = clock;
        this.kinds = kinds.stream().collect(Collectors.toUnmodifiableMap(StreamKind::name, Function.identity()));
        this.messageReader = messageReader;
        this.limits = limits;
        this.feed = feed;
        this.streamExecutor = streamExecutor;
        this.objectMapper = objectMapper;
    }

    @Override
    public void afterConnectionEstablished(@NonNull WebSocketSession session) {
        session.getAttributes().put(STREAMS, new ConcurrentHashMap<String, EventStream>());
        // sends come from many stream threads; the decorator serialises them and bounds a slow client's buffer
        session.getAttributes().put(OUT, new ConcurrentWebSocketSessionDecorator(session, 10_000, 1024 * 1024));
        Caller caller = caller(session);
        if (caller != null) {
            session.getAttributes().put(CALLER, caller);
        }
        Instant expiry = callers.expiresAt(session.getPrincipal()).orElse(null);
        if (expiry != null) {
            long delay = Duration.between(clock.instant(), expiry).toMillis();
            if (delay <= 0) {
                // accepted within the handshake's clock skew, but already past its expiry
                close(session, "The token has expired");
                return;
            }
            try {
                session.getAttributes().put(EXPIRY, expiries.schedule(
                        () -> close(session, "The token has expired"), delay, TimeUnit.MILLISECONDS));
            } catch (RejectedExecutionException shuttingDown) {
                close(session, "The server is shutting down");
            }
        }
    }

    /** Closes the connection, and with it every stream it carries, with 1008 (policy violation). */
    private void close(WebSocketSession session, String reason) {
        WebSocketSession out = (WebSocketSession) session.getAttributes().get(OUT);
        try {
            out.close(CloseStatus.POLICY_VIOLATION.withReason(reason));
        } catch (IOException | RuntimeException e) {
            log.debug("WebSocket close failed: {}", e.toString());
        }
    }

    /**
     * The caller of this connection as of now, or null — after answering the subscription and, when the credential
     * is no longer valid or the caller lost access to the tenant, closing the connection — when it may not subscribe.
     */
    private Caller recheckedCaller(WebSocketSession session, String kind, String id) {
        Caller caller;
        try {
            caller = callers.recheck(session.getPrincipal(), clock.instant());
        } catch (MemberLookupFailedException lookupFailed) {
            error(session, kind, id, lookupFailed.databaseUnavailable() ? 503 : 500,
                    "The caller's access could not be checked; subscribe again later");
            return null;
        } catch (AuthenticationException invalid) {
            log.debug("WebSocket credential no longer valid: {}", invalid.getMessage());
            refuse(session, kind, id, 401, invalid.getMessage());
            return null;
        }
        Caller before = (Caller) session.getAttributes().get(CALLER);
        if (before != null && mayRead(before) && !mayRead(caller)) {
            refuse(session, kind, id, 403, "The caller no longer has access to the tenant");
            return null;
        }
        session.getAttributes().put(CALLER, caller);
        return caller;
    }

    /** Ends the connection's streams, answers the subscription and closes the connection with 1008. */
    private void refuse(WebSocketSession session, String kind, String id, int status, String detail) {
        // stopped first, so that no more of their events follow the refusal
        streams(session).values().forEach(EventStream::stop);
        streams(session).clear();
        error(session, kind, id, status, detail);
        close(session, detail);
    }

    private static boolean mayRead(Caller caller) {
        return caller != null && caller.tenantId() != null && !caller.tenantDeactivated()
                && (caller.has(Role.MEMBER) || caller.has(Role.TENANT_ADMIN) || caller.has(Role.AUDITOR));
    }

    @Override
    protected void handleTextMessage(@NonNull WebSocketSession session, @NonNull TextMessage message) {
        JsonNode request;
        try {
            request = messageReader.readTree(message.getPayload());
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            error(session, DEFAULT_KIND, null, 400, "Messages are JSON objects such as "
                    + "{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"…\",\"fromSeq\":0}");
            return;
        }
        String type = request.path("type").isTextual() ? request.get("type").asText() : "";
        String id = request.path("id").isTextual() ? request.get("id").asText() : null;
        String kindName = request.path("stream").isTextual() ? request.get("stream").asText() : DEFAULT_KIND;
        StreamKind kind = kinds.get(kindName);
        String named = kind == null ? DEFAULT_KIND : kindName;
        if (id == null || id.isBlank() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
            error(session, named, null, 400, "'id' (the " + named + " id) is required: a string of at most "
                    + MAX_ID + " characters without control characters");
            return;
        }
        switch (type) {
            case "subscribe" -> {
                if (kind == null || !request.path("stream").isMissingNode() && !request.get("stream").isTextual()) {
                    error(session, named, id, 400, "'stream' must be one of " + String.join(", ",
                            kinds.keySet().stream().sorted().map(name -> "'" + name + "'").toList()));
                    return;
                }
                subscribe(session, kind, request, id);
            }
            case "unsubscribe" -> {
                EventStream stream = streams(session).remove(id);
                if (stream != null) {
                    stream.stop();
                }
            }
            default -> error(session, named, id, 400, "'type' must be 'subscribe' or 'unsubscribe'");
        }
    }

    private void subscribe(WebSocketSession session, StreamKind kind, JsonNode request, String id) {
        StreamPosition from = fromSeq(request.path("fromSeq"));
        if (from == null) {
            error(session, kind.name(), id, 400, "'fromSeq' must be the eventId of the last event received, such "
                    + "as \"2.5\" or \"2.end\" (0 or absent for the whole stream)");
            return;
        }
        Caller caller = recheckedCaller(session, kind.name(), id);
        if (caller == null) {
            return;
        }
        // Another tenant's stream (or, for a member, another user's reply) looks exactly like one that does not exist.
        if (!mayRead(caller) || !kind.readable(caller, id)) {
            error(session, kind.name(), id, 404, Character.toUpperCase(kind.name().charAt(0))
                    + kind.name().substring(1) + " '" + id + "' does not exist");
            return;
        }
        EventStream previous = streams(session).remove(id);
        if (previous != null) {
            previous.stop();
        }
        AutoCloseable permit;
        try {
            permit = limits.acquire(caller.tenantId(), caller.userId());
        } catch (TooManyStreamsException refusal) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "error");
            message.put("stream", kind.name());
            message.put("id", id);
            message.put("status", 429);
            message.put("code", "too-many-streams");
            message.put("limit", refusal.limit().code());
            message.put("retryAfterSeconds", refusal.retryAfterSeconds());
            message.put("detail", refusal.getMessage());
            write(session, message);
            return;
        }
        EventStream stream = new EventStream(kind, feed, caller.tenantId(), id, from,
                new SubscriptionSink(session, kind.name(), id), permit,
                meters.of(StreamMeters.WEBSOCKET, kind.name()));
        streams(session).put(id, stream);
        stream.subscribe();
        try {
            streamExecutor.execute(stream);
        } catch (RuntimeException e) {
            streams(session).remove(id);
            stream.stop();
            throw e;
        }
    }

    /** The position a subscription resumes after, or null when {@code node} is not one. */
    private static StreamPosition fromSeq(JsonNode node) {
        try {
            if (node.isMissingNode() || node.isNull()) {
                return StreamPosition.START;
            }
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return StreamPosition.legacy(node.asInt());
            }
            if (node.isTextual()) {
                return StreamPosition.parse(node.asText());
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void afterConnectionClosed(@NonNull WebSocketSession session, @NonNull CloseStatus status) {
        if (session.getAttributes().get(EXPIRY) instanceof ScheduledFuture<?> expiry) {
            expiry.cancel(false);
        }
        streams(session).values().forEach(EventStream::stop);
        streams(session).clear();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, EventStream> streams(WebSocketSession session) {
        return (Map<String, EventStream>) session.getAttributes().get(STREAMS);
    }

    private static Caller caller(WebSocketSession session) {
        return CurrentCaller.of(session.getPrincipal()).orElse(null);
    }

    private void error(WebSocketSession session, String kind, String id, int status, String detail) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "error");
        message.put("stream", kind);
        if (id != null) {
            message.put("id", id);
        }
        message.put("status", status);
        message.put("detail", detail);
        write(session, message);
    }

    private boolean write(WebSocketSession session, Map<String, Object> message) {
        WebSocketSession out = (WebSocketSession) session.getAttributes().get(OUT);
        if (!out.isOpen()) {
            return false;
        }
        try {
            out.sendMessage(new TextMessage(objectMapper.writeValueAsString(message)));
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("WebSocket send failed: {}", e.toString());
            return false;
        }
    }

    /** One subscription's events, written to the shared connection. */
    private final class SubscriptionSink implements StreamSink {

        private final WebSocketSession session;
        private final String kind;
        private final String id;

        SubscriptionSink(WebSocketSession session, String kind, String id) {
            this.session = session;
            this.kind = kind;
            this.id = id;
        }

        @Override
        public boolean send(String type, StreamPosition position, Map<String, Object> data) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", type);
            message.put("stream", kind);
            message.put("id", id);
            message.put("eventId", position.id());
            message.put("seq", position.seq());
            data.forEach(message::putIfAbsent);
            return write(session, message);
        }

        @Override
        public boolean interrupted(String reason, long retryMillis) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", EventStream.INTERRUPTED);
            message.put("stream", kind);
            message.put("id", id);
            message.put("reason", reason);
            message.put("retryAfterMillis", retryMillis);
            return write(session, message);
        }

        @Override
        public boolean heartbeat() {
            return session.isOpen();
        }

        @Override
        public void close() {
            streams(session).remove(id);
        }
    }
}
