package io.assistantcore.messages.chat;

import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.RoutingRules;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Set;

/**
 * Commands of the Conversation aggregate. Commands from the edge name the tenant and the acting user; a
 * conversation of another tenant (or, for members, of another user) answers "not found". Commands from the worker
 * name the reply and its attempt; one for an attempt that is no longer the current one is ignored.
 */
public final class ChatCommands {

    private ChatCommands() {
    }

    /**
     * @param knowledge {@code tenant} or {@code none}; @param tools names of the tools the conversation may use
     * @param seed      memory the conversation starts with (null: none): earlier turns and instructions a client
     *                  brings along, as the OpenAI-compatible surface does with a request's earlier messages
     */
    public record StartConversation(@TargetAggregateIdentifier String conversationId, String tenantId, String userId,
                                    String title, String knowledge, List<String> tools, MemoryInput seed) {
        public StartConversation {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }

        public StartConversation(String conversationId, String tenantId, String userId, String title,
                                 String knowledge, List<String> tools) {
            this(conversationId, tenantId, userId, title, knowledge, tools, null);
        }
    }

    public record RenameConversation(@TargetAggregateIdentifier String conversationId, String tenantId, String userId,
                                     String title) {
    }

    /**
     * A user message; its reply starts at once (status PENDING).
     *
     * @param routeOverride  the category the client asked for (null: the router decides)
     * @param maskPii        from the tenant's AI policy
     * @param allowedModels  from the tenant's AI policy
     * @param routing        the tenant's routing rules now
     * @param funding        the budget reservation that pays for the reply (null: not budgeted)
     */
    public record PostUserMessage(@TargetAggregateIdentifier String conversationId, String tenantId, String userId,
                                  String messageId, String replyId, String text, List<String> attachments,
                                  RouteCategory routeOverride, boolean maskPii, Set<String> allowedModels,
                                  RoutingRules routing, String promptVersion,
                                  Funding funding) {
        public PostUserMessage {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /** A budget reservation made for a reply: the ledger and the reservation in it. */
    public record Funding(String ledgerId, String reservationId) {
    }

    /** The input guardrail's verdict. A BLOCK is followed by {@link RefuseReply} from the worker. */
    public record RecordScreening(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                  ScreeningVerdict verdict, String category, double score, String reason) {
    }

    /** The router's decision: the category and the provider and model that will answer. */
    public record RecordRoute(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                              RouteCategory category, double confidence, String provider, String model,
                              String reason, RouteDecider decidedBy) {
    }

    /**
     * What the memory policy did for this reply's prompt: how many turns went in verbatim, how many are condensed
     * into the summary (in total), whether anything was dropped without being condensed, the new running summary
     * (condensing {@code condensedThroughTurn} and everything before it) and the profile as it now stands.
     */
    public record RecordMemory(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                               int turnsKept, int turnsCondensed, boolean truncated, String summary,
                               int condensedThroughTurn, List<ProfileFact> profile) {
        public RecordMemory {
            profile = profile == null ? List.of() : List.copyOf(profile);
        }
    }

    /** A worker took the attempt and is about to stream from this provider and model. */
    public record StartReplyStream(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                   String provider, String model, String workerNode, Long promptTokens) {
    }

    /**
     * @param cost            what the call cost by the price list (zero for a reused answer)
     * @param reusedFromReply for an answer reused from an earlier reply: that reply's id (null otherwise)
     * @param savedCost       for a reused answer: what the original reply cost
     */
    public record CompleteReply(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                String text, TokenUsage usage, String provider, String model, long latencyMillis,
                                int chunkCount, Money cost, String reusedFromReply, Money savedCost) {
    }

    /**
     * The attempt's model asked for tools instead of answering: the reply waits (AWAITING_APPROVAL) until every call
     * has ended, then goes on as a new attempt on the same provider and model with the recorded results. What the
     * model call consumed is recorded now; the budget reservation stays open for the continuation.
     *
     * @param requesterRoles the requesting user's roles, repeated to the continuation (for its own tool calls)
     */
    public record AwaitToolCalls(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                 String assistantText, List<ToolStep> calls, Set<String> requesterRoles,
                                 TokenUsage usage, String provider, String model, Money cost) {
        public AwaitToolCalls {
            calls = calls == null ? List.of() : List.copyOf(calls);
            requesterRoles = requesterRoles == null ? Set.of() : Set.copyOf(requesterRoles);
        }
    }

    /** A tool call of the waiting reply ended; when it was the last one, the reply goes on. */
    /**
     * A picture was made for the reply (by the {@code image} route or the {@code generate_image} tool) and stored by
     * the platform under {@code imageId}; its cost is added to what the reply's next recorded attempt cost.
     *
     * @param model the image model that made it
     * @param cost  the price of one image of that model, or null when it has none
     */
    public record RecordReplyImage(@TargetAggregateIdentifier String conversationId, String replyId, String imageId,
                                   String revisedPrompt, String provider, String model, Money cost) {
    }

    /**
     * Whether the reply still waits for this tool call: it is AWAITING_APPROVAL and the call is an open call of its
     * current round. Changes nothing; answers a {@code Boolean} (false for an unknown reply). Asked before a call is
     * run and before a call is abandoned, since the conversation, not a read model, knows.
     */
    public record CheckToolCallAwaited(@TargetAggregateIdentifier String conversationId, String replyId,
                                       String toolCallId) {
    }

    /**
     * The reply's attempt {@code attempt} has waited for tool calls that were never proposed (its node stopped
     * between recording the round and proposing them): every open call of the round ends FAILED with
     * {@code reason}, and the reply goes on from there like after any failed call. Anything else (another attempt,
     * a reply no longer waiting) changes nothing.
     */
    public record FailUnproposedToolCalls(@TargetAggregateIdentifier String conversationId, String replyId,
                                          int attempt, String reason) {
    }

    public record RecordToolCallOutcome(@TargetAggregateIdentifier String conversationId, String replyId,
                                        String toolCallId, io.assistantcore.messages.tool.ToolCallStatus status,
                                        String result) {
    }

    /**
     * The reply is refused before (or instead of) an answer; the reason is one the user can read. {@code cost} is
     * what the attempt's model calls before the refusal cost (the call that condensed the memory), null: none.
     */
    public record RefuseReply(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                              RefusalKind kind, String reason, Money cost) {

        /** A refusal before any paid call. */
        public RefuseReply(String conversationId, String replyId, int attempt, RefusalKind kind, String reason) {
            this(conversationId, replyId, attempt, kind, reason, null);
        }
    }

    public record FailReply(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                            String reason, String partialText, TokenUsage usage, String provider, String model,
                            Money cost) {
    }

    /** The attempt's provider failed; the next provider takes over as a new attempt. */
    public record FailOverReply(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                String failedProvider, String reason, String partialText, TokenUsage usage,
                                Money cost, String nextProvider) {
    }

    /**
     * The attempt's worker vanished (its node is gone, or it showed no sign of life): the reply goes on as attempt
     * {@code expectedAttempt + 1} with the same spec. Ignored (refused as stale) unless {@code expectedAttempt} is
     * the reply's current running attempt, so of several nodes sweeping only one restarts it.
     *
     * @param abandonedUsage for an attempt that had begun streaming, an estimate of what it consumed (null: none)
     * @param abandonedCost  that estimate priced with the price list (null: unpriced)
     */
    public record RestartReplyAttempt(@TargetAggregateIdentifier String conversationId, String replyId,
                                      int expectedAttempt, String reason, TokenUsage abandonedUsage,
                                      Money abandonedCost) {

        public RestartReplyAttempt(String conversationId, String replyId, int expectedAttempt, String reason) {
            this(conversationId, replyId, expectedAttempt, reason, null, null);
        }
    }

    /** The user stops the reply; the worker keeps and bills the partial text ({@link RecordCancelledReplyOutput}). */
    public record CancelReply(@TargetAggregateIdentifier String conversationId, String tenantId, String userId,
                              String replyId) {
    }

    public record RecordCancelledReplyOutput(@TargetAggregateIdentifier String conversationId, String replyId,
                                             int attempt, String partialText, TokenUsage usage, String provider,
                                             String model, Money cost) {
    }

    /** A new attempt of a finished reply, with the memory as it stood when the reply was first requested. */
    public record RegenerateReply(@TargetAggregateIdentifier String conversationId, String tenantId, String userId,
                                  String replyId, Funding funding) {
    }

    public record GiveReplyFeedback(@TargetAggregateIdentifier String conversationId, String tenantId, String userId,
                                    String replyId, FeedbackRating rating, String comment) {
    }

    /** Memory starts afresh; history is hidden from the user; events stay for auditors. */
    public record ClearConversation(@TargetAggregateIdentifier String conversationId, String tenantId,
                                    String userId) {
    }

    /**
     * The passages retrieved for a grounded reply (the tenant's documents or the message's attachments), before it
     * is answered or refused as {@code NOT_IN_DOCUMENTS}.
     */
    public record RecordSources(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                List<GroundingSource> sources) {
        public RecordSources {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    /** A grounded reply's citations (each naming a recorded source) and its confidence, just before it completes. */
    public record RecordGrounding(@TargetAggregateIdentifier String conversationId, String replyId, int attempt,
                                  List<Citation> citations, ConfidenceLevel confidence, double score) {
        public RecordGrounding {
            citations = citations == null ? List.of() : List.copyOf(citations);
        }
    }
}
