package io.assistantcore.platform.stream;

import io.assistantcore.messages.assist.AssistEvents;
import io.assistantcore.messages.chat.ChatEvents;
import io.assistantcore.messages.tool.ToolEvents;

import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Which events belong to a live stream, and to which: a suggestion's events name its suggestion id, a chat reply's
 * its reply id (what a reply consumed is recorded with the assist event {@code AttemptUsageRecorded}, whose
 * {@code suggestionId} is then the reply id). Ids are UUIDs, so the two kinds share one space of stream ids.
 */
public final class StreamEvents {

    private static final Map<Class<?>, Function<Object, String>> STREAM_IDS = Map.ofEntries(
            id(AssistEvents.SuggestionTokensStreamed.class, AssistEvents.SuggestionTokensStreamed::suggestionId),
            id(AssistEvents.SuggestionCompleted.class, AssistEvents.SuggestionCompleted::suggestionId),
            id(AssistEvents.SuggestionFailed.class, AssistEvents.SuggestionFailed::suggestionId),
            id(AssistEvents.SuggestionCancelled.class, AssistEvents.SuggestionCancelled::suggestionId),
            id(AssistEvents.SuggestionRegenerated.class, AssistEvents.SuggestionRegenerated::suggestionId),
            id(AssistEvents.ProviderFailedOver.class, AssistEvents.ProviderFailedOver::suggestionId),
            id(AssistEvents.SuggestionAttemptRestarted.class, AssistEvents.SuggestionAttemptRestarted::suggestionId),
            id(AssistEvents.SuggestionStreamStarted.class, AssistEvents.SuggestionStreamStarted::suggestionId),
            id(AssistEvents.AttemptUsageRecorded.class, AssistEvents.AttemptUsageRecorded::suggestionId),
            id(ChatEvents.ReplyScreened.class, ChatEvents.ReplyScreened::replyId),
            id(ChatEvents.ReplyRouted.class, ChatEvents.ReplyRouted::replyId),
            id(ChatEvents.ReplyMemoryApplied.class, ChatEvents.ReplyMemoryApplied::replyId),
            id(ChatEvents.ReplySourcesRecorded.class, ChatEvents.ReplySourcesRecorded::replyId),
            id(ChatEvents.ReplyGrounded.class, ChatEvents.ReplyGrounded::replyId),
            id(ChatEvents.ReplyAttemptRestarted.class, ChatEvents.ReplyAttemptRestarted::replyId),
            id(ChatEvents.ReplyStreamStarted.class, ChatEvents.ReplyStreamStarted::replyId),
            id(ChatEvents.ReplyTokensStreamed.class, ChatEvents.ReplyTokensStreamed::replyId),
            id(ChatEvents.ReplyCompleted.class, ChatEvents.ReplyCompleted::replyId),
            id(ChatEvents.ReplyRefused.class, ChatEvents.ReplyRefused::replyId),
            id(ChatEvents.ReplyFailed.class, ChatEvents.ReplyFailed::replyId),
            id(ChatEvents.ReplyFailedOver.class, ChatEvents.ReplyFailedOver::replyId),
            id(ChatEvents.ReplyCancelled.class, ChatEvents.ReplyCancelled::replyId),
            id(ChatEvents.ReplyCancelledOutputRecorded.class, ChatEvents.ReplyCancelledOutputRecorded::replyId),
            id(ChatEvents.ReplyRegenerated.class, ChatEvents.ReplyRegenerated::replyId),
            id(ChatEvents.ReplyAwaitingToolCalls.class, ChatEvents.ReplyAwaitingToolCalls::replyId),
            id(ChatEvents.ReplyResumedAfterTools.class, ChatEvents.ReplyResumedAfterTools::replyId),
            id(ChatEvents.ReplyImageRecorded.class, ChatEvents.ReplyImageRecorded::replyId),
            id(ToolEvents.ToolCallProposed.class, ToolEvents.ToolCallProposed::replyId),
            id(ToolEvents.ToolCallAwaitingApproval.class, ToolEvents.ToolCallAwaitingApproval::replyId),
            id(ToolEvents.ToolCallApproved.class, ToolEvents.ToolCallApproved::replyId),
            id(ToolEvents.ToolCallDenied.class, ToolEvents.ToolCallDenied::replyId),
            id(ToolEvents.ToolCallExpired.class, ToolEvents.ToolCallExpired::replyId),
            id(ToolEvents.ToolCallExecutionStarted.class, ToolEvents.ToolCallExecutionStarted::replyId),
            id(ToolEvents.ToolCallSucceeded.class, ToolEvents.ToolCallSucceeded::replyId),
            id(ToolEvents.ToolCallFailed.class, ToolEvents.ToolCallFailed::replyId));

    /** Events that start an attempt (a new attempt makes the chunks of older ones obsolete), and which one. */
    private static final Map<Class<?>, ToIntFunction<Object>> ATTEMPT_STARTS = Map.ofEntries(
            attempt(AssistEvents.SuggestionTokensStreamed.class, AssistEvents.SuggestionTokensStreamed::attempt),
            attempt(AssistEvents.SuggestionRegenerated.class, AssistEvents.SuggestionRegenerated::attempt),
            attempt(AssistEvents.ProviderFailedOver.class, AssistEvents.ProviderFailedOver::nextAttempt),
            attempt(AssistEvents.SuggestionAttemptRestarted.class, AssistEvents.SuggestionAttemptRestarted::attempt),
            attempt(ChatEvents.ReplyTokensStreamed.class, ChatEvents.ReplyTokensStreamed::attempt),
            attempt(ChatEvents.ReplyRegenerated.class, ChatEvents.ReplyRegenerated::attempt),
            attempt(ChatEvents.ReplyAttemptRestarted.class, ChatEvents.ReplyAttemptRestarted::attempt),
            attempt(ChatEvents.ReplyFailedOver.class, ChatEvents.ReplyFailedOver::nextAttempt),
            attempt(ChatEvents.ReplyResumedAfterTools.class, ChatEvents.ReplyResumedAfterTools::attempt));

    private StreamEvents() {
    }

    /** The suggestion or reply whose stream {@code payload} belongs to, or null when it belongs to none. */
    public static String streamIdOf(Object payload) {
        Function<Object, String> id = STREAM_IDS.get(payload.getClass());
        return id == null ? null : id.apply(payload);
    }

    /** Whether events of {@code type} belong to a live stream. */
    static boolean streamed(Class<?> type) {
        return STREAM_IDS.containsKey(type);
    }

    /** The attempt {@code payload} starts, or 0 when it starts none. */
    public static int attemptStartedBy(Object payload) {
        ToIntFunction<Object> attempt = ATTEMPT_STARTS.get(payload.getClass());
        return attempt == null ? 0 : attempt.applyAsInt(payload);
    }

    /** {@code payload} as a chunk of streamed text, or null when it is none. */
    public static StreamChunk chunkOf(Object payload) {
        if (payload instanceof AssistEvents.SuggestionTokensStreamed chunk) {
            return new StreamChunk(chunk.attempt(), chunk.seq(), chunk.text());
        }
        if (payload instanceof ChatEvents.ReplyTokensStreamed chunk) {
            return new StreamChunk(chunk.attempt(), chunk.seq(), chunk.text());
        }
        return null;
    }

    private static <T> Map.Entry<Class<?>, Function<Object, String>> id(Class<T> type, Function<T, String> id) {
        return Map.entry(type, payload -> id.apply(type.cast(payload)));
    }

    private static <T> Map.Entry<Class<?>, ToIntFunction<Object>> attempt(Class<T> type, ToIntFunction<T> attempt) {
        return Map.entry(type, payload -> attempt.applyAsInt(type.cast(payload)));
    }
}
