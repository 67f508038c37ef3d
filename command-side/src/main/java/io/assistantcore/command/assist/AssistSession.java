package io.assistantcore.command.assist;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.command.AggregateCaches;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistInputs;
import io.assistantcore.messages.assist.AssistCommands.Approval;
import io.assistantcore.messages.assist.AssistCommands.ApproveSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CancelSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CompleteSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CopySuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RecordCancelledOutput;
import io.assistantcore.messages.assist.AssistCommands.RegenerateSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RejectSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RequestSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RestartSuggestionAttempt;
import io.assistantcore.messages.assist.AssistCommands.StartAssistSession;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.AssistCommands.Funding;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.AttemptBillingAssigned;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.CancelledOutputRecorded;
import io.assistantcore.messages.assist.AssistEvents.ProviderFailedOver;
import io.assistantcore.messages.assist.AssistEvents.SuggestionApproved;
import io.assistantcore.messages.assist.AssistEvents.SuggestionAttemptRestarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCopied;
import io.assistantcore.messages.assist.AssistEvents.SuggestionFailed;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRegenerated;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRejected;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import io.assistantcore.messages.assist.AssistEvents.SuggestionStreamStarted;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.AiPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One "Enhance with AI" panel on one text field: the original text, the context the client offered, and the
 * suggestions made for it, each with its attempts. User commands carry the tenant and are refused as "not found"
 * for another tenant's session; worker commands name the attempt they belong to and are refused when it is stale.
 */
@Aggregate(cache = AggregateCaches.ASSIST_SESSIONS)
public class AssistSession {

    @AggregateIdentifier
    private String sessionId;
    private String tenantId;
    private String originalText;
    private List<ContextItem> context;
    private final Map<String, Suggestion> suggestions = new LinkedHashMap<>();
    private String latestSuggestionId;

    protected AssistSession() {
        // for Axon
    }

    @CommandHandler
    public AssistSession(StartAssistSession command) {
        if (command.tenantId() == null || command.tenantId().isBlank()) {
            throw invalid("tenantId", "a session belongs to a tenant");
        }
        AssistRules.checkField(command.field());
        AssistRules.checkText("text", command.originalText());
        AssistRules.checkContext(command.context());
        apply(new AssistSessionStarted(command.sessionId(), command.tenantId(), command.userId(), command.field(),
                command.originalText(), command.context()));
    }

    @CommandHandler
    public void handle(RequestSuggestion command) {
        requireTenant(command.tenantId());
        if (suggestions.containsKey(command.suggestionId())) {
            throw conflict("suggestion-exists", "Suggestion '" + command.suggestionId() + "' already exists");
        }
        AiPolicy policy = command.policy();
        AiAction action = command.action();
        if (action == null) {
            throw invalid("action", "action is required: one of IMPROVE, SHORTEN, SUMMARIZE, FIX_GRAMMAR, "
                    + "CHANGE_TONE, FREE_PROMPT");
        }
        if (!policy.enabledActions().contains(action)) {
            throw conflict("action-disabled", "Your organisation's AI policy does not enable " + action
                    + "; enabled: " + policy.enabledActions());
        }
        if (action == AiAction.CHANGE_TONE && command.tone() == null) {
            throw invalid("tone", "CHANGE_TONE needs a tone: PROFESSIONAL, CASUAL, FORMAL, FRIENDLY or CONFIDENT");
        }
        if (action != AiAction.CHANGE_TONE && command.tone() != null) {
            throw invalid("tone", "tone only goes with CHANGE_TONE");
        }
        String instruction = command.instruction();
        if (action == AiAction.FREE_PROMPT && (instruction == null || instruction.isBlank())) {
            throw invalid("instruction", "FREE_PROMPT needs an instruction");
        }
        if (instruction != null && instruction.length() > AssistRules.MAX_INSTRUCTION) {
            throw invalid("instruction", "instruction may have at most " + AssistRules.MAX_INSTRUCTION + " characters");
        }
        if (action != AiAction.FREE_PROMPT && instruction != null && !instruction.isBlank()) {
            throw invalid("instruction", "instruction only goes with FREE_PROMPT");
        }
        Suggestion latest = latestSuggestionId == null ? null : suggestions.get(latestSuggestionId);
        String inputText = AssistInputs.inputText(originalText, command.refine(), latest == null ? null : latest.text);
        String refinedFrom = command.refine() ? latest.suggestionId : null;
        List<ContextItem> selected = AssistInputs.selectContext(context, command.contextKinds(), policy);
        GenerationSpec spec = new GenerationSpec(action, command.tone(), instruction == null ? null : instruction.strip(),
                inputText, selected, policy.maskPii(), policy.allowedModels(), command.promptVersion(),
                policy.exactCache(), policy.semanticCache());
        apply(new SuggestionRequested(sessionId, tenantId, command.suggestionId(), 1, spec, refinedFrom));
        assignBilling(command.suggestionId(), 1, command.userId(), command.funding());
    }

    private void assignBilling(String suggestionId, int attempt, String userId, Funding funding) {
        apply(new AttemptBillingAssigned(sessionId, tenantId, suggestionId, attempt, userId,
                funding == null ? null : funding.ledgerId(), funding == null ? null : funding.reservationId()));
    }

    /**
     * Records what an attempt consumed, once per attempt, before the event that ends it (so whoever shows the end
     * knows the cost already), on the reservation of that attempt: a cancelled attempt's output can arrive after a
     * regenerate started the next attempt on a reservation of its own, which must stay open for it.
     */
    private void recordUsage(Suggestion suggestion, int attempt, String provider, String model, TokenUsage usage,
                             Money cost, UsageOutcome outcome, String cachedFrom, Money savedCost, boolean closes) {
        if (suggestion.usageRecorded.contains(attempt)) {
            return;
        }
        Suggestion.Billing billing = suggestion.billingOf(attempt);
        // an earlier attempt never closes the reservation a later one (failover, restart) still pays with
        boolean stillUsed = attempt < suggestion.attempt && billing.reservationId() != null
                && billing.equals(suggestion.billingOf(suggestion.attempt));
        apply(new AttemptUsageRecorded(sessionId, tenantId, suggestion.suggestionId, attempt, billing.userId(),
                provider, model, usage(usage), provider == null ? null : cost, outcome, cachedFrom, savedCost,
                billing.ledgerId(), billing.reservationId(), closes && !stillUsed));
    }

    @CommandHandler
    public void handle(StartSuggestionStream command) {
        Suggestion suggestion = currentAttempt(command.suggestionId(), command.attempt());
        if (suggestion.status != SuggestionStatus.REQUESTED) {
            throw conflict("attempt-not-startable", "Attempt " + command.attempt() + " is " + suggestion.status);
        }
        apply(new SuggestionStreamStarted(sessionId, tenantId, command.suggestionId(), command.attempt(),
                command.provider(), command.model(), command.workerNode(), command.promptTokens()));
    }

    @CommandHandler
    public void handle(CompleteSuggestion command) {
        Suggestion suggestion = runningAttempt(command.suggestionId(), command.attempt());
        recordUsage(suggestion, command.attempt(), command.provider(), command.model(), command.usage(), command.cost(),
                UsageOutcome.COMPLETED, command.cachedFrom(), command.savedCost(), true);
        apply(new SuggestionCompleted(sessionId, tenantId, suggestion.suggestionId, command.attempt(), command.text(),
                usage(command.usage()), command.provider(), command.model(), command.latencyMillis(),
                command.chunkCount()));
    }

    @CommandHandler
    public void handle(FailSuggestion command) {
        Suggestion suggestion = runningAttempt(command.suggestionId(), command.attempt());
        recordUsage(suggestion, command.attempt(), command.provider(), command.model(), command.usage(), command.cost(),
                UsageOutcome.FAILED, null, null, true);
        apply(new SuggestionFailed(sessionId, tenantId, command.suggestionId(), command.attempt(), command.reason(),
                command.partialText() == null ? "" : command.partialText(), usage(command.usage()), command.provider()));
    }

    @CommandHandler
    public int handle(FailOverSuggestion command) {
        Suggestion suggestion = runningAttempt(command.suggestionId(), command.attempt());
        int next = command.attempt() + 1;
        recordUsage(suggestion, command.attempt(), command.failedProvider(), command.failedModel(), command.usage(),
                command.cost(), UsageOutcome.FAILED_OVER, null, null, false);
        apply(new ProviderFailedOver(sessionId, tenantId, command.suggestionId(), command.attempt(),
                command.failedProvider(), command.reason(), command.partialText() == null ? "" : command.partialText(),
                usage(command.usage()), command.nextProvider(), next, suggestion.spec));
        return next;
    }

    @CommandHandler
    public int handle(RestartSuggestionAttempt command) {
        Suggestion suggestion = runningAttempt(command.suggestionId(), command.expectedAttempt());
        int next = suggestion.attempt + 1;
        if (suggestion.status == SuggestionStatus.STREAMING && command.abandonedUsage() != null) {
            // What the vanished worker consumed, as estimated by whoever restarts it: recorded once, as an estimate,
            // and charged to the reservation, which stays open for the new attempt.
            TokenUsage estimate = command.abandonedUsage();
            recordUsage(suggestion, suggestion.attempt, suggestion.provider, suggestion.model,
                    new TokenUsage(estimate.inputTokens(), estimate.outputTokens(), false), command.abandonedCost(),
                    UsageOutcome.ABANDONED, null, null, false);
        }
        apply(new SuggestionAttemptRestarted(sessionId, tenantId, command.suggestionId(), next, command.reason(),
                suggestion.spec));
        return next;
    }

    @CommandHandler
    public void handle(CancelSuggestion command) {
        requireTenant(command.tenantId());
        Suggestion suggestion = suggestion(command.suggestionId());
        if (!suggestion.status.isRunning()) {
            throw conflict("not-cancellable", "Suggestion '" + command.suggestionId() + "' is " + suggestion.status
                    + "; only a requested or streaming suggestion can be cancelled");
        }
        boolean modelCalled = suggestion.status == SuggestionStatus.STREAMING;
        apply(new SuggestionCancelled(sessionId, tenantId, command.suggestionId(), suggestion.attempt));
        if (!modelCalled) {
            // No stream started, and none will (starting is refused from now on): nothing was consumed.
            recordUsage(suggestion, suggestion.attempt, null, null, TokenUsage.NONE, null, UsageOutcome.CANCELLED,
                    null, null, true);
        }
    }

    @CommandHandler
    public void handle(RecordCancelledOutput command) {
        Suggestion suggestion = suggestion(command.suggestionId());
        if (command.attempt() > suggestion.attempt || command.attempt() < 1) {
            throw invalid("attempt", "Suggestion '" + command.suggestionId() + "' has no attempt " + command.attempt());
        }
        if (command.attempt() == suggestion.attempt && suggestion.status != SuggestionStatus.CANCELLED) {
            throw conflict("not-cancelled", "Attempt " + command.attempt() + " of suggestion '"
                    + command.suggestionId() + "' is " + suggestion.status + ", not cancelled");
        }
        recordUsage(suggestion, command.attempt(), command.provider(), command.model(), command.usage(), command.cost(),
                UsageOutcome.CANCELLED, null, null, true);
        apply(new CancelledOutputRecorded(sessionId, tenantId, command.suggestionId(), command.attempt(),
                command.partialText() == null ? "" : command.partialText(), usage(command.usage()), command.provider(),
                command.model()));
    }

    @CommandHandler
    public int handle(RegenerateSuggestion command) {
        requireTenant(command.tenantId());
        Suggestion suggestion = suggestion(command.suggestionId());
        switch (suggestion.status) {
            case APPROVED -> throw conflict("suggestion-approved",
                    "Suggestion '" + command.suggestionId() + "' is approved; request a new suggestion instead");
            case REQUESTED, STREAMING -> throw conflict("suggestion-running",
                    "Suggestion '" + command.suggestionId() + "' is still running; cancel it first");
            default -> {
                int next = suggestion.attempt + 1;
                apply(new SuggestionRegenerated(sessionId, tenantId, command.suggestionId(), next, suggestion.spec));
                assignBilling(command.suggestionId(), next, command.userId(), command.funding());
                return next;
            }
        }
    }

    @CommandHandler
    public Approval handle(ApproveSuggestion command) {
        requireTenant(command.tenantId());
        Suggestion suggestion = requireCompleted(command.suggestionId(), "approved");
        boolean edited = command.editedText() != null;
        if (edited) {
            AssistRules.checkText("editedText", command.editedText());
        }
        String finalText = edited ? command.editedText() : suggestion.text;
        boolean changed = edited && !command.editedText().equals(suggestion.text);
        apply(new SuggestionApproved(sessionId, tenantId, command.suggestionId(), suggestion.attempt, finalText,
                changed));
        return new Approval(finalText, changed);
    }

    @CommandHandler
    public void handle(RejectSuggestion command) {
        requireTenant(command.tenantId());
        Suggestion suggestion = requireCompleted(command.suggestionId(), "rejected");
        apply(new SuggestionRejected(sessionId, tenantId, command.suggestionId(), suggestion.attempt));
    }

    @CommandHandler
    public void handle(CopySuggestion command) {
        requireTenant(command.tenantId());
        Suggestion suggestion = suggestion(command.suggestionId());
        if (suggestion.text == null) {
            throw conflict("nothing-to-copy", "Suggestion '" + command.suggestionId() + "' has no text yet");
        }
        apply(new SuggestionCopied(sessionId, tenantId, command.suggestionId(), suggestion.attempt));
    }

    private void requireTenant(String callerTenantId) {
        if (!tenantId.equals(callerTenantId)) {
            throw notFound("session-not-found", "Assist session '" + sessionId + "' does not exist");
        }
    }

    private Suggestion suggestion(String suggestionId) {
        Suggestion suggestion = suggestions.get(suggestionId);
        if (suggestion == null) {
            throw notFound("suggestion-not-found", "Suggestion '" + suggestionId + "' does not exist");
        }
        return suggestion;
    }

    private Suggestion currentAttempt(String suggestionId, int attempt) {
        Suggestion suggestion = suggestion(suggestionId);
        if (suggestion.attempt != attempt) {
            throw conflict("stale-attempt", "Attempt " + attempt + " of suggestion '" + suggestionId
                    + "' is superseded by attempt " + suggestion.attempt);
        }
        return suggestion;
    }

    private Suggestion runningAttempt(String suggestionId, int attempt) {
        Suggestion suggestion = currentAttempt(suggestionId, attempt);
        if (suggestion.status == SuggestionStatus.CANCELLED) {
            // the worker then records the cancelled output (what the attempt consumed), which closes the reservation
            throw conflict(CommandRejectedException.ATTEMPT_CANCELLED, "Attempt " + attempt + " of suggestion '"
                    + suggestionId + "' was cancelled");
        }
        if (!suggestion.status.isRunning()) {
            throw conflict("attempt-finished", "Attempt " + attempt + " of suggestion '" + suggestionId + "' is already "
                    + suggestion.status);
        }
        return suggestion;
    }

    private Suggestion requireCompleted(String suggestionId, String verb) {
        Suggestion suggestion = suggestion(suggestionId);
        if (suggestion.status != SuggestionStatus.COMPLETED) {
            throw conflict("not-completed", "Suggestion '" + suggestionId + "' is " + suggestion.status
                    + "; only a completed suggestion can be " + verb);
        }
        return suggestion;
    }

    private static TokenUsage usage(TokenUsage usage) {
        return usage == null ? TokenUsage.NONE : usage;
    }

    @EventSourcingHandler
    void on(AssistSessionStarted event) {
        sessionId = event.sessionId();
        tenantId = event.tenantId();
        originalText = event.originalText();
        context = event.context();
    }

    @EventSourcingHandler
    void on(SuggestionRequested event) {
        suggestions.put(event.suggestionId(), new Suggestion(event.suggestionId(), event.spec(), event.attempt()));
        latestSuggestionId = event.suggestionId();
    }

    @EventSourcingHandler
    void on(AttemptBillingAssigned event) {
        Suggestion suggestion = suggestions.get(event.suggestionId());
        // an event without an attempt (none is stored so, but it costs nothing to read one) pays for the current one
        int attempt = event.attempt() >= 1 ? event.attempt() : suggestion.attempt;
        suggestion.billing.put(attempt, new Suggestion.Billing(event.userId(), event.ledgerId(),
                event.reservationId()));
    }

    @EventSourcingHandler
    void on(AttemptUsageRecorded event) {
        suggestions.get(event.suggestionId()).usageRecorded.add(event.attempt());
    }

    @EventSourcingHandler
    void on(SuggestionStreamStarted event) {
        Suggestion suggestion = suggestions.get(event.suggestionId());
        suggestion.status = SuggestionStatus.STREAMING;
        suggestion.provider = event.provider();
        suggestion.model = event.model();
    }

    @EventSourcingHandler
    void on(SuggestionCompleted event) {
        Suggestion suggestion = suggestions.get(event.suggestionId());
        suggestion.status = SuggestionStatus.COMPLETED;
        suggestion.text = event.text();
    }

    @EventSourcingHandler
    void on(SuggestionFailed event) {
        suggestions.get(event.suggestionId()).status = SuggestionStatus.FAILED;
    }

    @EventSourcingHandler
    void on(ProviderFailedOver event) {
        suggestions.get(event.suggestionId()).startAttempt(event.nextAttempt());
    }

    @EventSourcingHandler
    void on(SuggestionAttemptRestarted event) {
        suggestions.get(event.suggestionId()).startAttempt(event.attempt());
    }

    @EventSourcingHandler
    void on(SuggestionCancelled event) {
        suggestions.get(event.suggestionId()).status = SuggestionStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(SuggestionRegenerated event) {
        suggestions.get(event.suggestionId()).startAttempt(event.attempt());
        latestSuggestionId = event.suggestionId();
    }

    @EventSourcingHandler
    void on(SuggestionApproved event) {
        Suggestion suggestion = suggestions.get(event.suggestionId());
        suggestion.status = SuggestionStatus.APPROVED;
        suggestion.text = event.finalText();
    }

    @EventSourcingHandler
    void on(SuggestionRejected event) {
        suggestions.get(event.suggestionId()).status = SuggestionStatus.REJECTED;
    }
}
