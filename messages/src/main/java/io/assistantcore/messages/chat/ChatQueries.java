package io.assistantcore.messages.chat;

import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.common.Money;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Queries over conversations and replies and their answers; every query is scoped to a tenant. */
public final class ChatQueries {

    private ChatQueries() {
    }

    /** Answers an {@code Optional<ConversationView>}. */
    public record ConversationQuery(String tenantId, String conversationId) {
    }

    /**
     * A user's conversations, newest first, before the conversation {@code before} (null: from the newest).
     * Answers a {@link ConversationPage}.
     */
    public record ConversationsQuery(String tenantId, String userId, int limit, String before) {
    }

    /**
     * Messages and replies of a conversation since its last clear, oldest first; {@code before} is a message id
     * (null: the newest page). Answers a {@link MessagePage}.
     */
    public record ConversationMessagesQuery(String tenantId, String conversationId, String before, int limit) {
    }

    /** Answers an {@code Optional<ReplyView>}. */
    public record ReplyQuery(String tenantId, String replyId) {
    }

    /** The stored chunks of one reply attempt after {@code afterSeq}, in order. Answers a {@link ReplyChunkPage}. */
    public record ReplyChunksQuery(String tenantId, String replyId, int attempt, int afterSeq) {
    }

    /** Up/down counts per {@code model}, {@code category} or {@code day}. Answers a {@link FeedbackCounts}. */
    public record FeedbackAnalyticsQuery(String tenantId, String groupBy, Instant from, Instant to) {
    }

    /**
     * Running replies with no sign of life since {@code silentSince} (a reply awaiting the user's approval is not
     * running on a worker and is left out), and (when {@code liveNodes} is given) streaming ones whose worker node is
     * not among the live nodes, however recent. Answers a {@link StalledReplies}.
     */
    public record StalledRepliesQuery(Instant silentSince, int limit, Set<String> liveNodes) {

        public StalledRepliesQuery(Instant silentSince, int limit) {
            this(silentSince, limit, null);
        }
    }

    public record ConversationView(String conversationId, String tenantId, String userId, String title,
                                   String knowledge, List<String> tools, MemoryView memory, int messageCount,
                                   int replyCount, Instant createdAt, Instant updatedAt, Instant clearedAt) {
    }

    /** The conversation's memory now: the running summary, the profile, and turns kept verbatim / condensed. */
    public record MemoryView(String summary, List<ProfileFact> profile, int turnsKept, int turnsCondensed) {
    }

    public record ConversationSummary(String conversationId, String userId, String title, int messageCount,
                                      Instant createdAt, Instant updatedAt) {
    }

    public record ConversationPage(List<ConversationSummary> conversations, String nextBefore) {
    }

    /** A user message with its reply. */
    public record MessageView(String messageId, String conversationId, int turn, String text,
                              List<String> attachments, Instant postedAt, ReplyView reply) {
    }

    public record MessagePage(List<MessageView> messages, String nextBefore) {
    }

    /** The reply view of API.md (poll, {@code ?wait=}, history). */
    public record ReplyView(String replyId, String conversationId, String messageId, String tenantId, String userId,
                            int attempt, ReplyStatus status, String text, ScreeningView screening, RouteView route,
                            MemoryUse memory, List<SourceView> sources, List<CitationView> citations,
                            ConfidenceView confidence, List<ToolCallView> toolCalls, List<ImageView> images,
                            RefusalView refusal, TokenUsage usage, Money cost, String model, String provider,
                            String failureReason, String reusedFrom, FeedbackView feedback, Instant createdAt,
                            Instant updatedAt) {
    }

    public record ScreeningView(ScreeningVerdict verdict, String category, double score) {
    }

    public record RouteView(RouteCategory category, double confidence, String provider, String model,
                            String reason, RouteDecider decidedBy) {
    }

    public record MemoryUse(int turnsKept, int turnsCondensed, boolean truncated) {
    }

    public record SourceView(String sourceId, String documentId, String title, Integer page, String chunkId,
                             double score, String snippet) {
    }

    public record CitationView(String marker, String sourceId) {
    }

    public record ConfidenceView(String level, double score) {
    }

    public record ToolCallView(String toolCallId, String tool, String arguments, String status, String result) {
    }

    public record ImageView(String imageId, String url) {
    }

    public record RefusalView(RefusalKind kind, String reason) {
    }

    public record FeedbackView(FeedbackRating rating, String comment, Instant at) {
    }

    public record ReplyChunkView(int attempt, int seq, String text) {
    }

    public record ReplyChunkPage(List<ReplyChunkView> chunks) {
    }

    /**
     * A running reply attempt to take over, with its status, and for a streaming one the provider, model, worker
     * node and prompt tokens it started with (null when unknown).
     */
    public record StalledReply(String conversationId, String replyId, int attempt, String tenantId,
                               ReplyStatus status, String provider, String model, String workerNode,
                               Long promptTokens) {
    }

    public record StalledReplies(List<StalledReply> replies) {
    }

    public record FeedbackCount(String key, long up, long down) {
    }

    public record FeedbackCounts(List<FeedbackCount> rows) {
    }
}
