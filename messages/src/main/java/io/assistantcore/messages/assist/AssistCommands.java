package io.assistantcore.messages.assist;

import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.AiPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Set;

/**
 * Commands of the AssistSession aggregate. Every command names the tenant; a session of another tenant answers
 * "not found".
 */
public final class AssistCommands {

    private AssistCommands() {
    }

    public record StartAssistSession(@TargetAggregateIdentifier String sessionId, String tenantId, String userId,
                                     FieldRef field, String originalText, List<ContextItem> context) {
        public StartAssistSession {
            context = context == null ? List.of() : List.copyOf(context);
        }
    }

    /**
     * @param contextKinds the context toggles: which kinds of the session's context to include (null: all)
     * @param refine       work on the latest suggestion instead of the original text
     * @param policy       the tenant's AI policy when the request was made
     * @param funding      the budget reservation that pays for it (null: not budgeted)
     */
    public record RequestSuggestion(@TargetAggregateIdentifier String sessionId, String tenantId, String suggestionId,
                                    AiAction action, Tone tone, String instruction, Set<String> contextKinds,
                                    boolean refine, AiPolicy policy, String promptVersion, String userId,
                                    Funding funding) {
    }

    /** A budget reservation made for a request: the ledger and the reservation in it. */
    public record Funding(String ledgerId, String reservationId) {
    }

    /** A worker took the attempt and is about to stream from this provider and model. */
    /** {@code workerNode} and {@code promptTokens}: see {@code SuggestionStreamStarted}; may be null. */
    public record StartSuggestionStream(@TargetAggregateIdentifier String sessionId, String suggestionId, int attempt,
                                        String provider, String model, String workerNode, Long promptTokens) {

        public StartSuggestionStream(String sessionId, String suggestionId, int attempt, String provider,
                                     String model) {
            this(sessionId, suggestionId, attempt, provider, model, null, null);
        }
    }

    /**
     * @param cost       what the call cost by the price list (zero for a cache hit)
     * @param cachedFrom for a cache hit: the generation the text came from ({@code <suggestionId>#<attempt>})
     * @param savedCost  for a cache hit: what the original generation cost
     */
    public record CompleteSuggestion(@TargetAggregateIdentifier String sessionId, String suggestionId, int attempt,
                                     String text, TokenUsage usage, String provider, String model, long latencyMillis,
                                     int chunkCount, Money cost, String cachedFrom, Money savedCost) {
    }

    /** @param provider null when no model was called */
    public record FailSuggestion(@TargetAggregateIdentifier String sessionId, String suggestionId, int attempt,
                                 String reason, String partialText, TokenUsage usage, String provider, String model,
                                 Money cost) {
    }

    /** A provider failed and the next one takes over, as a new attempt. */
    public record FailOverSuggestion(@TargetAggregateIdentifier String sessionId, String suggestionId, int attempt,
                                     String failedProvider, String reason, String partialText, TokenUsage usage,
                                     String nextProvider, String failedModel, Money cost) {
    }

    /** The worker that ran an attempt vanished; start the attempt again. */
    /**
     * Starts a new attempt in place of one whose worker is gone or silent. When the abandoned attempt had begun
     * streaming, {@code abandonedUsage} is the estimate of what it consumed (its prompt and the chunks stored for
     * it, counted with the worker's tokenizer; {@code reportedByProvider = false}) and {@code abandonedCost} its
     * price; it is recorded once, as usage of the abandoned attempt.
     */
    public record RestartSuggestionAttempt(@TargetAggregateIdentifier String sessionId, String suggestionId,
                                           int expectedAttempt, String reason, TokenUsage abandonedUsage,
                                           Money abandonedCost) {

        public RestartSuggestionAttempt(String sessionId, String suggestionId, int expectedAttempt, String reason) {
            this(sessionId, suggestionId, expectedAttempt, reason, null, null);
        }
    }

    public record CancelSuggestion(@TargetAggregateIdentifier String sessionId, String tenantId, String suggestionId) {
    }

    /** What a cancelled attempt had produced when its provider connection was closed (billed later). */
    public record RecordCancelledOutput(@TargetAggregateIdentifier String sessionId, String suggestionId, int attempt,
                                        String partialText, TokenUsage usage, String provider, String model,
                                        Money cost) {
    }

    /** @param funding the budget reservation that pays for the new attempt (null: not budgeted) */
    public record RegenerateSuggestion(@TargetAggregateIdentifier String sessionId, String tenantId,
                                       String suggestionId, String userId, Funding funding) {
    }

    /** @param editedText the user's edit of the suggestion, or null to take it as it is */
    public record ApproveSuggestion(@TargetAggregateIdentifier String sessionId, String tenantId, String suggestionId,
                                    String editedText) {
    }

    /** What {@link ApproveSuggestion} answers. */
    public record Approval(String finalText, boolean edited) {
    }

    public record RejectSuggestion(@TargetAggregateIdentifier String sessionId, String tenantId, String suggestionId) {
    }

    public record CopySuggestion(@TargetAggregateIdentifier String sessionId, String tenantId, String suggestionId) {
    }
}
