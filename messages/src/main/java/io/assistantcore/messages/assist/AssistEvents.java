package io.assistantcore.messages.assist;

import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.serialization.Revision;

import java.util.List;

/** Events of assist sessions and their suggestions. */
public final class AssistEvents {

    private AssistEvents() {
    }

    @Revision("1")
    public record AssistSessionStarted(@DataSubjectOf String sessionId, String tenantId, @DataSubject String userId,
                                       FieldRef field,
                                       @PersonalData String originalText, @PersonalData List<ContextItem> context) {
    }

    /** A suggestion was asked for; its first attempt starts. */
    @Revision("1")
    public record SuggestionRequested(@DataSubjectOf String sessionId, String tenantId, String suggestionId, int attempt,
                                      @PersonalData GenerationSpec spec, String refinedFromSuggestionId) {
    }

    /**
     * The worker began calling the provider. {@code workerNode} is the node that runs the attempt (so others can take
     * it over when that node is gone) and {@code promptTokens} the prompt as the worker's tokenizer counts it (to
     * estimate what an abandoned attempt consumed); both are null in events stored by earlier versions.
     */
    @Revision("2")
    public record SuggestionStreamStarted(String sessionId, String tenantId, String suggestionId, int attempt,
                                          String provider, String model, String workerNode, Long promptTokens) {

        public SuggestionStreamStarted(String sessionId, String tenantId, String suggestionId, int attempt,
                                       String provider, String model) {
            this(sessionId, tenantId, suggestionId, attempt, provider, model, null, null);
        }
    }

    /**
     * A chunk of streamed text. Published by the worker straight to the event bus (not through the aggregate) and
     * stored like every event; {@code seq} counts the chunks of one attempt from 1.
     */
    @Revision("1")
    public record SuggestionTokensStreamed(@DataSubjectOf String sessionId, String tenantId, String suggestionId,
                                           int attempt, int seq, @PersonalData String text) {
    }

    @Revision("1")
    public record SuggestionCompleted(@DataSubjectOf String sessionId, String tenantId, String suggestionId, int attempt,
                                      @PersonalData String text, TokenUsage usage, String provider, String model,
                                      long latencyMillis, int chunkCount) {
    }

    @Revision("1")
    public record SuggestionFailed(@DataSubjectOf String sessionId, String tenantId, String suggestionId, int attempt,
                                   String reason, @PersonalData String partialText, TokenUsage usage, String provider) {
    }

    /** The attempt's provider failed; {@code nextAttempt} runs on {@code nextProvider}. */
    @Revision("1")
    public record ProviderFailedOver(@DataSubjectOf String sessionId, String tenantId, String suggestionId, int attempt,
                                     String failedProvider, String reason, @PersonalData String partialText,
                                     TokenUsage usage, String nextProvider, int nextAttempt,
                                     @PersonalData GenerationSpec spec) {
    }

    @Revision("1")
    public record SuggestionAttemptRestarted(@DataSubjectOf String sessionId, String tenantId, String suggestionId,
                                             int attempt, String reason, @PersonalData GenerationSpec spec) {
    }

    @Revision("1")
    public record SuggestionCancelled(String sessionId, String tenantId, String suggestionId, int attempt) {
    }

    @Revision("1")
    public record CancelledOutputRecorded(@DataSubjectOf String sessionId, String tenantId, String suggestionId,
                                          int attempt, @PersonalData String partialText, TokenUsage usage, String provider, String model) {
    }

    /** A new attempt of the same request; earlier attempts stay in the history. */
    @Revision("1")
    public record SuggestionRegenerated(@DataSubjectOf String sessionId, String tenantId, String suggestionId,
                                        int attempt, @PersonalData GenerationSpec spec) {
    }

    @Revision("1")
    public record SuggestionApproved(@DataSubjectOf String sessionId, String tenantId, String suggestionId, int attempt,
                                     @PersonalData String finalText, boolean edited) {
    }

    @Revision("1")
    public record SuggestionRejected(String sessionId, String tenantId, String suggestionId, int attempt) {
    }

    @Revision("1")
    public record SuggestionCopied(String sessionId, String tenantId, String suggestionId, int attempt) {
    }

    /**
     * Who asked for the attempt that a request (or a regenerate) started, and the budget reservation that pays for
     * it (both null when the request was not budgeted); failover and restart attempts stay on it.
     */
    @Revision("1")
    public record AttemptBillingAssigned(String sessionId, String tenantId, String suggestionId, int attempt, String userId,
                                String ledgerId, String reservationId) {
    }

    /**
     * What one attempt consumed, recorded exactly once when it ends (completed, failed, failed over or cancelled):
     * the provider's reported usage when it sent one, else an estimate with a tokenizer ({@code usage
     * .reportedByProvider()} says which), priced with the price list of that moment. {@code provider} is null when
     * the attempt ended before any model was called. A cache hit has zero usage and cost, names the generation it
     * came from in {@code cachedFrom} ({@code <suggestionId>#<attempt>}) and what that generation cost in
     * {@code savedCost}.
     *
     * @param closesReservation the request ended with this attempt, so its budget reservation can be settled
     */
    @Revision("1")
    public record AttemptUsageRecorded(String sessionId, String tenantId, String suggestionId, int attempt,
                                       String userId, String provider, String model, TokenUsage usage, Money cost,
                                       UsageOutcome outcome, String cachedFrom, Money savedCost, String ledgerId,
                                       String reservationId, boolean closesReservation) {
    }
}
