package io.assistantcore.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.admission.AiRequestAdmission;
import io.assistantcore.api.audit.AuditRefusals;
import io.assistantcore.api.chat.ChatReadModel;
import io.assistantcore.api.chat.ReplyStreams;
import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.openai.OpenAiModels.Model;
import io.assistantcore.api.openai.OpenAiRequests.ChatCompletionRequest;
import io.assistantcore.api.openai.OpenAiRequests.ChatMessage;
import io.assistantcore.api.ratelimit.RateLimitExceptionHandler;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.stream.EventStream;
import io.assistantcore.api.stream.StreamLimits;
import io.assistantcore.api.stream.StreamLimits.TooManyStreamsException;
import io.assistantcore.api.tenant.TenantReadModel;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ApiExceptionHandler;
import io.assistantcore.api.web.DatabaseUnavailable;
import io.assistantcore.api.web.Problems;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.billing.CostEstimates.ChatEstimatedRequest;
import io.assistantcore.messages.chat.ChatCommands;
import io.assistantcore.messages.chat.ChatCommands.PostUserMessage;
import io.assistantcore.messages.chat.ChatCommands.StartConversation;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.platform.ratelimit.RateLimitExceededException;
import io.assistantcore.platform.stream.LiveStreamFeed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The OpenAI-compatible surface (API.md "OpenAI-compatible surface and API keys"; decision 0015): any OpenAI client
 * pointed at {@code /v1} is answered through the chat reply path. Each call is one conversation of the caller,
 * started with the request's earlier messages as its memory (system messages as the client's instructions); the
 * last message is posted like any message — admitted, rate limited, budgeted, screened, routed, streamed as events,
 * billed, cached and audited — and its reply is relayed in OpenAI's format. Errors answer in OpenAI's shape.
 */
@RestController
@RequestMapping("/v1")
@Tag(name = "OpenAI-compatible", description = "Chat completions and models in OpenAI's wire format")
public class OpenAiController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);
    static final String TITLE = "OpenAI-compatible request";
    private static final String INSTRUCTIONS = "Instructions from the client application:\n";
    private static final String NO_MESSAGE = "(no message)";
    private static final Object TIMED_OUT = new Object();

    private final TenantAccess access;
    private final TenantReadModel tenants;
    private final ChatReadModel chats;
    private final AiRequestAdmission admission;
    private final CommandGateway commands;
    private final ReadModelCatchUp catchUp;
    private final ReplyStreams replies;
    private final LiveStreamFeed feed;
    private final ExecutorService executor;
    private final StreamLimits limits;
    private final OpenAiModels models;
    private final OpenAiWire wire;
    private final Problems problems;
    private final AuditRefusals refusals;
    private final ApiExceptionHandler mvcErrors;
    private final RateLimitExceptionHandler rateLimitErrors;
    private final String promptVersion;
    /** The longest a call that does not stream waits for its reply ({@code assistant.openai.max-wait}). */
    private final Duration maxWait;

    OpenAiController(TenantAccess access, TenantReadModel tenants, ChatReadModel chats, AiRequestAdmission admission,
                     CommandGateway commands, ReadModelCatchUp catchUp, ReplyStreams replies, LiveStreamFeed feed,
                     @Qualifier("streamExecutor") ExecutorService executor, StreamLimits limits, OpenAiModels models,
                     OpenAiWire wire, Problems problems, AuditRefusals refusals, ApiExceptionHandler mvcErrors,
                     RateLimitExceptionHandler rateLimitErrors, AssistantProperties properties,
                     @Value("${assistant.openai.max-wait:PT5M}") Duration maxWait) {
        this.access = access;
        this.tenants = tenants;
        this.chats = chats;
        this.admission = admission;
        this.commands = commands;
        this.catchUp = catchUp;
        this.replies = replies;
        this.feed = feed;
        this.executor = executor;
        this.limits = limits;
        this.models = models;
        this.wire = wire;
        this.problems = problems;
        this.refusals = refusals;
        this.mvcErrors = mvcErrors;
        this.rateLimitErrors = rateLimitErrors;
        this.promptVersion = properties.ai().promptVersion();
        this.maxWait = maxWait;
    }

    @GetMapping("/models")
    @Operation(summary = "'auto' (the router chooses) and the models this tenant may name")
    public Map<String, Object> models() {
        Caller caller = caller(Role.MEMBER, Role.TENANT_ADMIN, Role.AUDITOR);
        TenantView tenant = tenants.tenant(caller.tenantId());
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(model(OpenAiModels.AUTO, "assistant-core"));
        for (Model model : models.models(tenant.aiPolicy().allowedModels(), chats.routingRules(caller.tenantId()))) {
            data.add(model(model.id(), model.provider()));
        }
        return Map.of("object", "list", "data", data);
    }

    private static Map<String, Object> model(String id, String ownedBy) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", 0);
        model.put("owned_by", ownedBy);
        return model;
    }

    @PostMapping("/chat/completions")
    @Operation(summary = "A chat completion in OpenAI's wire format, streamed (SSE chat.completion.chunk lines and "
            + "data: [DONE]) or not (chat.completion)")
    public CompletableFuture<Object> completions(@Valid @RequestBody ChatCompletionRequest request) {
        Caller caller = caller(Role.MEMBER, Role.TENANT_ADMIN);
        Prompt prompt = prompt(request.messages());
        TenantView tenant = tenants.tenant(caller.tenantId());
        AiPolicy policy = tenant.aiPolicy();
        RoutingRules rules = models.rulesFor(request.model(), policy.allowedModels(),
                chats.routingRules(caller.tenantId()));
        String conversationId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        String replyId = UUID.randomUUID().toString();
        long created = Instant.now().getEpochSecond();
        // a place under the stream limits, taken before posting so that a refusal posts nothing
        AutoCloseable place = limits.acquire(caller.tenantId(), caller.userId());
        try {
            ChatEstimatedRequest estimate = new ChatEstimatedRequest(prompt.text(), prompt.memory(), null, rules,
                    promptVersion);
            admission.send(caller, tenant, estimate, funding -> {
                // the conversation starts only once the call is admitted, so a refused call leaves nothing behind
                commands.sendAndWait(new StartConversation(conversationId, caller.tenantId(), caller.userId(),
                        TITLE, null, List.of(), prompt.memory()));
                return new PostUserMessage(conversationId, caller.tenantId(), caller.userId(), messageId, replyId,
                        prompt.text(), List.of(), null, policy.maskPii(), policy.allowedModels(), rules,
                        promptVersion, new ChatCommands.Funding(funding.ledgerId(), funding.reservationId()));
            });
            catchUp.await("reply " + replyId, () -> chats.reply(caller.tenantId(), replyId).isPresent());
        } catch (RuntimeException refused) {
            close(place);
            throw refused;
        }
        OpenAiWire.Completion completion = new OpenAiWire.Completion("chatcmpl-" + replyId, created,
                request.model(), request.includeUsage());
        if (request.streamed()) {
            OpenAiEventStreamEmitter emitter = new OpenAiEventStreamEmitter();
            EventStream stream = new EventStream(replies, feed, caller.tenantId(), replyId, null,
                    wire.streamingSink(emitter, completion), place);
            emitter.onCompletion(stream::stop);
            emitter.onTimeout(stream::stop);
            emitter.onError(failure -> stream.stop());
            start(stream);
            return CompletableFuture.completedFuture(emitter);
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        EventStream stream = new EventStream(replies, feed, caller.tenantId(), replyId, null,
                wire.collectingSink(answer, completion), place);
        start(stream);
        return answer.completeOnTimeout(TIMED_OUT, maxWait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(result -> {
                    if (result == TIMED_OUT) {
                        stream.stop();
                        throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Timeout",
                                "The reply did not finish within " + maxWait.toSeconds() + " seconds; it goes on "
                                        + "as reply '" + replyId + "' (GET /api/v1/replies/" + replyId + ")");
                    }
                    return result;
                });
    }

    private void start(EventStream stream) {
        stream.subscribe();
        try {
            executor.execute(stream);
        } catch (RuntimeException e) {
            stream.stop();
            throw e;
        }
    }

    private Caller caller(Role... roles) {
        Caller caller = access.currentCaller();
        if (caller.tenantId() == null || caller.tenantId().isBlank()) {
            throw ApiException.forbidden("The OpenAI-compatible surface answers within a tenant; your token names none");
        }
        return access.require(caller.tenantId(), roles);
    }

    /** The last message (the user's) and the memory the earlier ones make. */
    record Prompt(String text, MemoryInput memory) {
    }

    static Prompt prompt(List<ChatMessage> messages) {
        List<String> instructions = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        String pendingUser = null;
        ChatMessage last = messages.get(messages.size() - 1);
        if (!"user".equals(last.role())) {
            throw ApiException.invalidParameter("messages", "the last message must be the user's (role 'user')");
        }
        for (int i = 0; i < messages.size() - 1; i++) {
            ChatMessage message = messages.get(i);
            String text = text(message.content(), "messages[" + i + "].content");
            switch (message.role()) {
                case "system", "developer" -> instructions.add(text);
                case "user" -> pendingUser = pendingUser == null ? text : pendingUser + "\n\n" + text;
                default -> {
                    turns.add(new Turn(turns.size() + 1, pendingUser == null ? NO_MESSAGE : pendingUser,
                            text.isBlank() ? NO_MESSAGE : text));
                    pendingUser = null;
                }
            }
        }
        String text = text(last.content(), "messages[" + (messages.size() - 1) + "].content");
        if (pendingUser != null) {
            text = pendingUser + "\n\n" + text;
        }
        if (text.isBlank()) {
            throw ApiException.invalidParameter("messages", "the last message must not be blank");
        }
        if (text.length() > OpenAiRequests.MAX_TEXT) {
            throw ApiException.invalidParameter("messages", "the last message has " + text.length()
                    + " characters; at most " + OpenAiRequests.MAX_TEXT + " are accepted");
        }
        String joined = String.join("\n\n", instructions);
        if (joined.length() > OpenAiRequests.MAX_INSTRUCTIONS) {
            throw ApiException.invalidParameter("messages", "the system and developer messages have "
                    + joined.length() + " characters together; at most " + OpenAiRequests.MAX_INSTRUCTIONS
                    + " are accepted");
        }
        for (Turn turn : turns) {
            if (turn.userText().length() > OpenAiRequests.MAX_TURN_TEXT
                    || turn.replyText().length() > OpenAiRequests.MAX_TURN_TEXT) {
                throw ApiException.invalidParameter("messages", "earlier turn " + turn.number() + " has more than "
                        + OpenAiRequests.MAX_TURN_TEXT + " characters in its user or assistant messages together");
            }
        }
        String summary = instructions.isEmpty() ? "" : INSTRUCTIONS + joined;
        return new Prompt(text, new MemoryInput(summary, List.of(), turns, 0));
    }

    /** A message's text: a string, or its text parts joined; bounded, tabs and line breaks but no control characters. */
    static String text(JsonNode content, String field) {
        String text;
        if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray() && content.size() <= 50) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()
                        || part.size() != 2) {
                    throw ApiException.invalidParameter(field, "only text parts ({\"type\":\"text\",\"text\":…}) "
                            + "are accepted");
                }
                joined.append(joined.isEmpty() ? "" : "\n").append(part.path("text").asText());
            }
            text = joined.toString();
        } else {
            throw ApiException.invalidParameter(field, "must be a string or a list of at most 50 text parts");
        }
        if (text.length() > OpenAiRequests.MAX_TEXT) {
            throw ApiException.invalidParameter(field, "has " + text.length() + " characters; at most "
                    + OpenAiRequests.MAX_TEXT + " are accepted");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'
                    || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(++i)))) {
                throw ApiException.invalidParameter(field, "must not contain control characters other than line "
                        + "breaks and tabs, nor unpaired surrogates");
            }
        }
        return text;
    }

    private static void close(AutoCloseable place) {
        try {
            place.close();
        } catch (Exception ignored) {
            // giving a place back cannot fail in a way that matters here
        }
    }

    // ---- errors in OpenAI's shape; handlers of this controller come before every advice ----

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> apiException(ApiException exception, HttpServletRequest request) {
        ProblemDetail problem = exception.errors().isEmpty()
                ? problems.of(exception.status(), exception.type(), exception.title(), exception.getMessage())
                : problems.validation(exception.getMessage(), exception.errors());
        refusals.answered(request, problem.getStatus(), problem.getType(), exception.getMessage());
        HttpHeaders headers = new HttpHeaders();
        if (exception.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()));
        }
        return answer(problem, headers);
    }

    @ExceptionHandler(RateLimitExceededException.class)
    ResponseEntity<Object> rateLimited(RateLimitExceededException refusal, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answered = rateLimitErrors.handle(refusal, request);
        return answer(answered.getBody(), answered.getHeaders());
    }

    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<Object> tooManyStreams(TooManyStreamsException refusal) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        return answer(problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many streams",
                refusal.getMessage()), headers);
    }

    @ExceptionHandler(CommandRejectedException.class)
    ResponseEntity<Object> rejected(CommandRejectedException rejection, HttpServletRequest request) {
        ProblemDetail problem = switch (rejection.kind()) {
            case INVALID -> problems.validation(rejection.getMessage(), Map.of(rejection.code(),
                    rejection.getMessage()));
            case CONFLICT -> problems.of(HttpStatus.CONFLICT, rejection.code(), "Conflict", rejection.getMessage());
            case NOT_FOUND -> problems.of(HttpStatus.NOT_FOUND, rejection.code(), "Not found",
                    rejection.getMessage());
        };
        refusals.commandRejected(request, problem.getStatus(), rejection.code(), rejection.getMessage());
        return answer(problem, new HttpHeaders());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> other(Exception exception, HttpServletRequest request, WebRequest webRequest)
            throws Exception {
        Throwable cause = exception;
        while ((cause instanceof CompletionException || cause instanceof CommandExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return apiException(api, request);
        }
        if (cause instanceof CommandRejectedException rejection) {
            return rejected(rejection, request);
        }
        if (cause instanceof RateLimitExceededException refusal) {
            return rateLimited(refusal, request);
        }
        if (cause instanceof TooManyStreamsException refusal) {
            return tooManyStreams(refusal);
        }
        if (cause instanceof Exception known) {
            try {
                // Spring's own failures (unreadable or invalid body, 405, 415, …) as the rest of the API words them
                ResponseEntity<Object> mvc = mvcErrors.handleException(known, webRequest);
                if (mvc != null && mvc.getBody() instanceof ProblemDetail problem) {
                    return answer(problem, mvc.getHeaders());
                }
            } catch (Exception notSpringMvc) {
                // fall through to the catch-all below
            }
        }
        if (DatabaseUnavailable.causedBy(exception)) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            return answer(problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.TYPE,
                    DatabaseUnavailable.TITLE, DatabaseUnavailable.DETAIL), headers);
        }
        log.error("Unexpected failure of an OpenAI-compatible request", exception);
        return answer(problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed unexpectedly. Quote the X-Request-Id response header when reporting this."),
                new HttpHeaders());
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        headers.forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                copy.put(name, values);
            }
        });
        return ResponseEntity.status(problem.getStatus()).headers(copy).contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiErrors.body(problem));
    }
}
