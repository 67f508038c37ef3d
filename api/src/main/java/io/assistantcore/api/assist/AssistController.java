package io.assistantcore.api.assist;

import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.api.assist.AssistRequests.ApproveRequest;
import io.assistantcore.api.assist.AssistRequests.Approved;
import io.assistantcore.api.assist.AssistRequests.SessionCreated;
import io.assistantcore.api.assist.AssistRequests.StartSessionRequest;
import io.assistantcore.api.assist.AssistRequests.SuggestionAccepted;
import io.assistantcore.api.assist.AssistRequests.SuggestionRequest;
import io.assistantcore.api.admission.AiRequestAdmission;
import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.stream.SseStreams;
import io.assistantcore.api.tenant.TenantReadModel;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.assist.AssistCommands.Approval;
import io.assistantcore.messages.assist.AssistInputs;
import io.assistantcore.messages.assist.AssistCommands.ApproveSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CancelSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CopySuggestion;
import io.assistantcore.messages.assist.AssistCommands.RegenerateSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RejectSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RequestSuggestion;
import io.assistantcore.messages.assist.AssistCommands.StartAssistSession;
import io.assistantcore.messages.assist.AssistQueries.SessionQuery;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.billing.CostEstimates.EstimatedRequest;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The "Enhance with AI" endpoints of API.md: sessions on a text field and the suggestions made for it. */
@RestController
@RequestMapping("/api/v1/assist")
@Tag(name = "Enhance with AI", description = "Assist sessions and their streamed suggestions")
public class AssistController {

    private static final Role[] READERS = TenantAccess.READERS;
    private static final Role[] WRITERS = TenantAccess.WRITERS;
    /** Names the suggestion a streamed request or regenerate started (also in {@code Location}). */
    static final String SUGGESTION_ID_HEADER = "X-Suggestion-Id";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TenantAccess access;
    private final ReadModelCatchUp catchUp;
    private final AssistReadModel history;
    private final String promptVersion;
    private final AiRequestAdmission admission;
    private final TenantReadModel tenants;
    private final SseStreams streams;
    private final SuggestionStreams suggestionStreams;

    AssistController(CommandGateway commands, QueryGateway queries, TenantAccess access, ReadModelCatchUp catchUp,
                     AssistReadModel history, AssistantProperties properties, AiRequestAdmission admission,
                     TenantReadModel tenants, SseStreams streams, SuggestionStreams suggestionStreams) {
        this.tenants = tenants;
        this.streams = streams;
        this.suggestionStreams = suggestionStreams;
        this.admission = admission;
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.catchUp = catchUp;
        this.history = history;
        this.promptVersion = properties.ai().promptVersion();
    }

    @PostMapping("/sessions")
    @Operation(summary = "Open an assist session on a text field, with optional context items")
    public ResponseEntity<SessionCreated> startSession(@Valid @RequestBody StartSessionRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        String sessionId = UUID.randomUUID().toString();
        // no wait for the read model here: a read that misses the new session waits for it (see sessionOf)
        commands.sendAndWait(new StartAssistSession(sessionId, caller.tenantId(), caller.userId(),
                request.field().toField(), request.text(), request.contextItems()));
        return ResponseEntity.created(URI.create("/api/v1/assist/sessions/" + sessionId))
                .body(new SessionCreated(sessionId));
    }

    @GetMapping("/sessions/{sessionId}")
    @Operation(summary = "A session with its suggestions and every attempt")
    public SessionView session(@PathVariable String sessionId) {
        Caller caller = callerInOwnTenant(READERS);
        return sessionOf(caller.tenantId(), sessionId);
    }

    @PostMapping("/sessions/{sessionId}/suggestions")
    @Operation(summary = "Ask for a suggestion; it streams at /suggestions/{id}/stream")
    public ResponseEntity<SuggestionAccepted> requestSuggestion(@PathVariable String sessionId,
                                                                @Valid @RequestBody SuggestionRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        String suggestionId = request(caller, sessionId, request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new SuggestionAccepted(suggestionId, 1));
    }

    /**
     * The same request with {@code Accept: text/event-stream}: the response is the suggestion's stream (as {@code GET
     * /suggestions/{id}/stream} gives it from its beginning), so a client needs one request instead of two. Refusals
     * come before the stream, as Problem Details; the suggestion's id is in {@code Location} and
     * {@code X-Suggestion-Id}, for resuming with {@code Last-Event-ID} on the stream's own URL.
     */
    @PostMapping(path = "/sessions/{sessionId}/suggestions", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Ask for a suggestion and receive its stream in the response (Accept: text/event-stream)")
    public ResponseEntity<SseEmitter> requestSuggestionStreamed(@PathVariable String sessionId,
                                                                @Valid @RequestBody SuggestionRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        return streamed(streams.start(suggestionStreams, () -> request(caller, sessionId, request)));
    }

    private String request(Caller caller, String sessionId, SuggestionRequest request) {
        TenantView tenant = tenant(caller.tenantId());
        AiPolicy policy = tenant.aiPolicy();
        SessionView session = sessionOf(caller.tenantId(), sessionId);
        boolean refine = Boolean.TRUE.equals(request.refine());
        // the same rules the write model applies: what is estimated is what will be sent
        EstimatedRequest input = new EstimatedRequest(request.action(), request.tone(), request.instruction(),
                AssistInputs.inputText(session.originalText(), refine, AssistInputs.latestText(session)),
                AssistInputs.selectContext(session.context(), request.contextKinds(), policy), promptVersion);
        String suggestionId = UUID.randomUUID().toString();
        admission.send(caller, tenant, input, funding -> new RequestSuggestion(sessionId, caller.tenantId(),
                suggestionId, request.action(), request.tone(), request.instruction(), request.contextKinds(), refine,
                policy, promptVersion, caller.userId(), funding));
        awaitAttempt(caller.tenantId(), suggestionId, 1);
        return suggestionId;
    }

    private static ResponseEntity<SseEmitter> streamed(SseStreams.Started started) {
        return started.response("/api/v1/assist/suggestions/", SUGGESTION_ID_HEADER);
    }

    @GetMapping("/suggestions/{suggestionId}")
    @Operation(summary = "A suggestion: status, text, usage, model and every attempt")
    public SuggestionView suggestion(@PathVariable String suggestionId) {
        Caller caller = callerInOwnTenant(READERS);
        return find(caller.tenantId(), suggestionId);
    }

    @PostMapping("/suggestions/{suggestionId}/cancel")
    @Operation(summary = "Stop a running suggestion; the provider connection is closed")
    public ResponseEntity<Void> cancel(@PathVariable String suggestionId) {
        Caller caller = callerInOwnTenant(WRITERS);
        SuggestionView view = find(caller.tenantId(), suggestionId);
        commands.sendAndWait(new CancelSuggestion(view.sessionId(), caller.tenantId(), suggestionId));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/suggestions/{suggestionId}/regenerate")
    @Operation(summary = "Run the same request again as a new attempt; earlier attempts are kept")
    public ResponseEntity<SuggestionAccepted> regenerate(@PathVariable String suggestionId) {
        Caller caller = callerInOwnTenant(WRITERS);
        int attempt = regenerate(caller, suggestionId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new SuggestionAccepted(suggestionId, attempt));
    }

    /**
     * Regenerate with {@code Accept: text/event-stream}: the response is the new attempt's stream from its beginning,
     * as {@code GET /suggestions/{id}/stream} without {@code Last-Event-ID} gives it once the attempt has started.
     */
    @PostMapping(path = "/suggestions/{suggestionId}/regenerate", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Regenerate and receive the stream in the response (Accept: text/event-stream)")
    public ResponseEntity<SseEmitter> regenerateStreamed(@PathVariable String suggestionId) {
        Caller caller = callerInOwnTenant(WRITERS);
        return streamed(streams.start(suggestionStreams, () -> {
            regenerate(caller, suggestionId);
            return suggestionId;
        }));
    }

    private int regenerate(Caller caller, String suggestionId) {
        SuggestionView view = find(caller.tenantId(), suggestionId);
        TenantView tenant = tenant(caller.tenantId());
        SessionView session = sessionOf(caller.tenantId(), view.sessionId());
        EstimatedRequest input = new EstimatedRequest(view.action(), view.tone(), view.instruction(),
                AssistInputs.refinedText(session, view.refinedFrom()),
                AssistInputs.selectContext(session.context(), null, tenant.aiPolicy()), view.promptVersion());
        int attempt = admission.send(caller, tenant, input, funding -> new RegenerateSuggestion(view.sessionId(),
                caller.tenantId(), suggestionId, caller.userId(), funding));
        awaitAttempt(caller.tenantId(), suggestionId, attempt);
        return attempt;
    }

    @PostMapping("/suggestions/{suggestionId}/approve")
    @Operation(summary = "Approve a completed suggestion, optionally with the user's edit")
    public Approved approve(@PathVariable String suggestionId,
                            @Valid @RequestBody(required = false) ApproveRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        SuggestionView view = find(caller.tenantId(), suggestionId);
        String edited = request == null ? null : request.editedText();
        Approval approval = commands.sendAndWait(new ApproveSuggestion(view.sessionId(), caller.tenantId(),
                suggestionId, edited));
        catchUp.await("approval of " + suggestionId, () -> history.suggestion(caller.tenantId(), suggestionId)
                .map(s -> s.finalText() != null).orElse(false));
        return new Approved(approval.finalText(), approval.edited());
    }

    @PostMapping("/suggestions/{suggestionId}/reject")
    @Operation(summary = "Reject a completed suggestion")
    public SuggestionView reject(@PathVariable String suggestionId) {
        Caller caller = callerInOwnTenant(WRITERS);
        SuggestionView view = find(caller.tenantId(), suggestionId);
        commands.sendAndWait(new RejectSuggestion(view.sessionId(), caller.tenantId(), suggestionId));
        catchUp.await("rejection of " + suggestionId, () -> history.suggestion(caller.tenantId(), suggestionId)
                .map(s -> s.status() == SuggestionStatus.REJECTED).orElse(false));
        return find(caller.tenantId(), suggestionId);
    }

    @PostMapping("/suggestions/{suggestionId}/copy")
    @Operation(summary = "Record that the user copied the suggestion (for analytics)")
    public ResponseEntity<Void> copy(@PathVariable String suggestionId) {
        Caller caller = callerInOwnTenant(WRITERS);
        SuggestionView view = find(caller.tenantId(), suggestionId);
        commands.sendAndWait(new CopySuggestion(view.sessionId(), caller.tenantId(), suggestionId));
        return ResponseEntity.noContent().build();
    }

    private Caller callerInOwnTenant(Role... roles) {
        return access.requireOwnTenant("Assist sessions belong to a tenant; your token names none", roles);
    }

    /** The session from the read model; one created just now is waited for (see {@link ReadModelCatchUp#findCreated}). */
    private SessionView sessionOf(String tenantId, String sessionId) {
        return catchUp.findCreated("session " + sessionId, AggregateTypes.ASSIST_SESSION, tenantId, sessionId,
                        () -> querySession(tenantId, sessionId))
                .orElseThrow(() -> ApiException.notFound("Assist session '" + sessionId + "' does not exist"));
    }

    private Optional<SessionView> querySession(String tenantId, String sessionId) {
        return queries.query(new SessionQuery(tenantId, sessionId),
                ResponseTypes.optionalInstanceOf(SessionView.class)).join();
    }

    private TenantView tenant(String tenantId) {
        return tenants.tenant(tenantId);
    }

    private SuggestionView find(String tenantId, String suggestionId) {
        return queries.query(new SuggestionQuery(tenantId, suggestionId),
                        ResponseTypes.optionalInstanceOf(SuggestionView.class)).join()
                .orElseThrow(() -> ApiException.notFound("Suggestion '" + suggestionId + "' does not exist"));
    }

    private void awaitAttempt(String tenantId, String suggestionId, int attempt) {
        catchUp.await("attempt " + attempt + " of " + suggestionId, () -> history.suggestion(tenantId, suggestionId)
                .map(s -> s.attempt() >= attempt).orElse(false));
    }
}
