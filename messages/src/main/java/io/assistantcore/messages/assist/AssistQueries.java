package io.assistantcore.messages.assist;

import io.assistantcore.messages.common.Money;

import java.time.Instant;
import java.util.List;

/** Queries over the assist history and their answers; every query is scoped to a tenant. */
public final class AssistQueries {

    private AssistQueries() {
    }

    /** Answers an {@code Optional<SessionView>}. */
    public record SessionQuery(String tenantId, String sessionId) {
    }

    /** Answers an {@code Optional<SuggestionView>}. */
    public record SuggestionQuery(String tenantId, String suggestionId) {
    }

    /** The stored chunks of one attempt after {@code afterSeq}, in order. Answers a {@link ChunkPage}. */
    public record SuggestionChunksQuery(String tenantId, String suggestionId, int attempt, int afterSeq) {
    }

    /**
     * Running suggestions with no sign of life since {@code silentSince}, and (when {@code liveNodes} is given)
     * streaming ones whose worker node is not among the live nodes, however recent. Answers a
     * {@link StalledSuggestions}.
     */
    public record StalledSuggestionsQuery(Instant silentSince, int limit, java.util.Set<String> liveNodes) {

        public StalledSuggestionsQuery(Instant silentSince, int limit) {
            this(silentSince, limit, null);
        }
    }

    public record SessionView(String sessionId, String tenantId, String userId, FieldRef field, String originalText,
                              List<ContextItem> context, List<SuggestionView> suggestions, Instant createdAt) {
    }

    public record SuggestionView(String suggestionId, String sessionId, String tenantId, String userId,
                                 AiAction action, Tone tone, String instruction, String refinedFrom,
                                 String promptVersion, SuggestionStatus status, int attempt, String text,
                                 String finalText, boolean edited, String provider, String model, TokenUsage usage,
                                 Long latencyMillis, String failureReason, int copies, List<AttemptView> attempts,
                                 Instant createdAt, Instant updatedAt, Money cost, String cachedFrom) {
    }

    /**
     * One attempt: its outcome ({@code status} of the attempt itself), provider, text, usage and cost; a cache hit
     * names the generation it came from in {@code cachedFrom}.
     */
    public record AttemptView(int attempt, String status, String provider, String model, String text,
                              TokenUsage usage, Long latencyMillis, String failureReason, int chunks,
                              Instant startedAt, Instant endedAt, Money cost, String cachedFrom) {
    }

    public record ChunkView(int attempt, int seq, String text) {
    }

    public record ChunkPage(List<ChunkView> chunks) {
    }

    /**
     * A running attempt to take over; {@code status} is REQUESTED or STREAMING, and for a streaming one the provider,
     * model, worker node and prompt tokens it started with (null when unknown).
     */
    public record StalledSuggestion(String sessionId, String suggestionId, int attempt, String tenantId,
                                    SuggestionStatus status, String provider, String model, String workerNode,
                                    Long promptTokens) {

        public StalledSuggestion(String sessionId, String suggestionId, int attempt) {
            this(sessionId, suggestionId, attempt, null, null, null, null, null, null);
        }
    }

    public record StalledSuggestions(List<StalledSuggestion> suggestions) {
    }
}
