package io.assistantcore.api.assist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.assist.StreamLimits.TooManyStreamsException;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.Problems;
import io.assistantcore.messages.common.Role;
import io.assistantcore.platform.assist.LiveSuggestionFeed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Server-Sent Events of one suggestion: stored chunks after {@code Last-Event-ID}, then live ones. Event ids are
 * {@link StreamPosition}s ({@code <attempt>.<seq>}, {@code <attempt>.end}).
 */
@RestController
@RequestMapping("/api/v1/assist/suggestions")
@Tag(name = "Enhance with AI")
public class SuggestionStreamController {

    private final TenantAccess access;
    private final AssistReadModel history;
    private final LiveSuggestionFeed feed;
    private final ExecutorService streamExecutor;
    private final ObjectMapper objectMapper;
    private final StreamLimits limits;
    private final Problems problems;

    SuggestionStreamController(TenantAccess access, AssistReadModel history, LiveSuggestionFeed feed,
                               ExecutorService streamExecutor, ObjectMapper objectMapper, StreamLimits limits,
                               Problems problems) {
        this.limits = limits;
        this.problems = problems;
        this.access = access;
        this.history = history;
        this.feed = feed;
        this.streamExecutor = streamExecutor;
        this.objectMapper = objectMapper;
    }

    @GetMapping(path = "/{suggestionId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a suggestion as Server-Sent Events (token, completed, failed, cancelled)")
    public SseEmitter stream(@PathVariable String suggestionId,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                             @Parameter(description = "alternative to Last-Event-ID for clients that cannot set it: "
                                     + "the id of the last event received, such as 2.5")
                             @RequestParam(name = "fromSeq", required = false) String fromSeq) {
        Caller caller = access.currentCaller();
        if (caller.tenantId() == null) {
            throw ApiException.notFound("Suggestion '" + suggestionId + "' does not exist");
        }
        access.require(caller.tenantId(), Role.MEMBER, Role.TENANT_ADMIN, Role.AUDITOR);
        if (history.suggestion(caller.tenantId(), suggestionId).isEmpty()) {
            throw ApiException.notFound("Suggestion '" + suggestionId + "' does not exist");
        }
        StreamPosition after = parseLastEventId(fromSeq != null ? fromSeq : lastEventId);
        AutoCloseable permit = limits.acquire(caller.tenantId(), caller.userId());
        SseEmitter emitter = new SseEmitter(0L);
        SuggestionStream stream = new SuggestionStream(history, feed, caller.tenantId(), suggestionId, after,
                new SseSink(emitter, objectMapper), permit);
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

    /** 429 {@code too-many-streams}, with {@code Retry-After}: the caller or this node has as many streams as allowed. */
    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException refusal) {
        ProblemDetail problem = problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many streams",
                refusal.getMessage());
        problem.setProperty("limit", refusal.limit().code());
        problem.setProperty("limitValue", refusal.limitValue());
        problem.setProperty("retryAfterSeconds", refusal.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
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
                emitter.send(SseEmitter.event().name(SuggestionStream.INTERRUPTED).reconnectTime(retryMillis)
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
