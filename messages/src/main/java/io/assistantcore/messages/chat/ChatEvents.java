package io.assistantcore.messages.chat;

import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * Events of conversations and their replies. What a reply consumed is recorded with the assist event
 * {@code AttemptUsageRecorded} (its {@code sessionId} is the conversation id, its {@code suggestionId} the reply
 * id), so billing and budget settlement treat every model call alike.
 */
public final class ChatEvents {

    private ChatEvents() {
    }

    @Revision("1")
    public record ConversationStarted(@DataSubjectOf String conversationId, String tenantId,
                                      @DataSubject String userId, @PersonalData String title, String knowledge,
                                      List<String> tools) {
        public ConversationStarted {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    /**
     * The conversation starts with this memory (turns numbered from 1, a summary standing for instructions the
     * client gave) instead of an empty one; its next message is the turn after the seeded ones.
     */
    @Revision("1")
    public record ConversationSeeded(@DataSubjectOf String conversationId, String tenantId,
                                     @PersonalData MemoryInput memory) {
    }

    @Revision("1")
    public record ConversationRenamed(@DataSubjectOf String conversationId, String tenantId,
                                      @PersonalData String title) {
    }

    /** The user's message; {@code turn} numbers it since the conversation (or its last clear) began. */
    @Revision("1")
    public record UserMessagePosted(@DataSubjectOf String conversationId, String tenantId, String userId,
                                    String messageId, String replyId, int turn, @PersonalData String text,
                                    List<String> attachments) {
        public UserMessagePosted {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /** A reply was asked for (with the message, or by regenerate); attempt {@code attempt} starts, PENDING. */
    @Revision("1")
    public record ReplyRequested(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                 String messageId, int attempt, @PersonalData ReplySpec spec, String userId,
                                 String ledgerId, String reservationId) {
    }

    @Revision("1")
    public record ReplyScreened(String conversationId, String tenantId, String replyId, int attempt,
                                ScreeningVerdict verdict, String category, double score, String reason) {
    }

    @Revision("1")
    public record ReplyRouted(String conversationId, String tenantId, String replyId, int attempt,
                              RouteCategory category, double confidence, String provider, String model,
                              String reason, RouteDecider decidedBy) {
    }

    /** What the memory did for this reply's prompt; never silent (API.md {@code memory} stream event). */
    @Revision("1")
    public record ReplyMemoryApplied(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                     int attempt, int turnsKept, int turnsCondensed, boolean truncated,
                                     @PersonalData String summary, int condensedThroughTurn,
                                     @PersonalData List<ProfileFact> profile) {
        public ReplyMemoryApplied {
            profile = profile == null ? List.of() : List.copyOf(profile);
        }
    }

    @Revision("1")
    public record ReplyStreamStarted(String conversationId, String tenantId, String replyId, int attempt,
                                     String provider, String model, String workerNode, Long promptTokens) {
    }

    /**
     * A chunk of streamed reply text, published by the worker straight to the event bus; {@code seq} counts the
     * chunks of one attempt from 1.
     */
    @Revision("1")
    public record ReplyTokensStreamed(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                      int attempt, int seq, @PersonalData String text) {
    }

    @Revision("1")
    public record ReplyCompleted(@DataSubjectOf String conversationId, String tenantId, String replyId, int attempt,
                                 @PersonalData String text, TokenUsage usage, String provider, String model,
                                 long latencyMillis, int chunkCount, String reusedFromReply) {
    }

    @Revision("1")
    public record ReplyRefused(String conversationId, String tenantId, String replyId, int attempt,
                               RefusalKind kind, String reason) {
    }

    @Revision("1")
    public record ReplyFailed(@DataSubjectOf String conversationId, String tenantId, String replyId, int attempt,
                              String reason, @PersonalData String partialText, TokenUsage usage, String provider) {
    }

    /** The attempt's provider failed; {@code nextAttempt} runs on {@code nextProvider} with the same spec. */
    @Revision("1")
    public record ReplyFailedOver(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                  int attempt, String failedProvider, String reason,
                                  @PersonalData String partialText, TokenUsage usage, String nextProvider,
                                  int nextAttempt, @PersonalData ReplySpec spec) {
    }

    /**
     * The previous attempt's worker vanished; attempt {@code attempt} takes over with the same spec. When the
     * abandoned attempt had been routed (or handed to a provider by a failover), {@code routedProvider} and
     * {@code routedModel} say where, and the new attempt goes on there from the memory step; when they are null the
     * new attempt is screened and routed afresh.
     */
    @Revision("1")
    public record ReplyAttemptRestarted(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                        int attempt, String reason, @PersonalData ReplySpec spec,
                                        String routedProvider, String routedModel) {
    }

    /** The attempt's model asked for tools; the reply waits until every call has ended. */
    @Revision("1")
    public record ReplyAwaitingToolCalls(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                         int attempt, @PersonalData String assistantText,
                                         @PersonalData List<ToolStep> calls, String provider, String model,
                                         java.util.Set<String> requesterRoles) {
    }

    /**
     * A picture made for the reply during {@code attempt}: the platform keeps its bytes (never an event) under
     * {@code imageId}; {@code cost} is billed with the reply's next recorded usage.
     */
    @Revision("1")
    public record ReplyImageRecorded(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                     int attempt, String imageId, @PersonalData String revisedPrompt,
                                     String provider, String model, io.assistantcore.messages.common.Money cost) {
    }

    @Revision("1")
    public record ReplyToolCallFinished(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                        String toolCallId, io.assistantcore.messages.tool.ToolCallStatus status,
                                        @PersonalData String result) {
    }

    /**
     * Every call of the reply's latest tool round ended: attempt {@code attempt} goes on on the same provider and
     * model, from the memory step, with the rounds and their recorded results (nothing before is run again).
     *
     * @param userId         the requester (the conversation's owner)
     * @param requesterRoles their roles when the message was posted
     */
    @Revision("1")
    public record ReplyResumedAfterTools(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                         int attempt, @PersonalData ReplySpec spec, String provider, String model,
                                         @PersonalData List<ToolRoundRecord> rounds, String userId,
                                         java.util.Set<String> requesterRoles) {
    }

    @Revision("1")
    public record ReplyCancelled(String conversationId, String tenantId, String replyId, int attempt) {
    }

    /** The text a cancelled attempt had produced, kept and billed. */
    @Revision("1")
    public record ReplyCancelledOutputRecorded(@DataSubjectOf String conversationId, String tenantId,
                                               String replyId, int attempt, @PersonalData String partialText,
                                               TokenUsage usage, String provider, String model) {
    }

    /** A new attempt of the same reply; earlier attempts stay in the history. */
    @Revision("1")
    public record ReplyRegenerated(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                   String messageId, int attempt, @PersonalData ReplySpec spec, String userId,
                                   String ledgerId, String reservationId) {
    }

    /** {@code category} and {@code model} are the reply's route and serving model, for feedback analytics. */
    @Revision("1")
    public record ReplyFeedbackGiven(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                     String userId, FeedbackRating rating, @PersonalData String comment,
                                     RouteCategory category, String model) {
    }

    /** Memory starts afresh and the history is hidden from the user; the events stay. */
    @Revision("1")
    public record ConversationCleared(String conversationId, String tenantId, String userId, int turnsCleared) {
    }

    /** The passages a grounded reply was given (API.md {@code sources} stream event). */
    @Revision("1")
    public record ReplySourcesRecorded(@DataSubjectOf String conversationId, String tenantId, String replyId,
                                       int attempt, @PersonalData List<GroundingSource> sources) {
        public ReplySourcesRecorded {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    /** A grounded reply's citations and confidence. */
    @Revision("1")
    public record ReplyGrounded(String conversationId, String tenantId, String replyId, int attempt,
                                List<Citation> citations, ConfidenceLevel confidence, double score) {
        public ReplyGrounded {
            citations = citations == null ? List.of() : List.copyOf(citations);
        }
    }
}
