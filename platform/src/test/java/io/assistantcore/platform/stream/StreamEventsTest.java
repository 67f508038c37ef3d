package io.assistantcore.platform.stream;

import io.assistantcore.messages.assist.AssistEvents;
import io.assistantcore.messages.chat.ChatEvents;
import io.assistantcore.messages.tool.ToolEvents;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event that names a reply or a suggestion reaches that stream's live subscribers, unless it is one of the
 * few that a stream does not show. An event left out here is missing from every live stream while a stream
 * replayed from storage shows it (the read model has it): the two must not differ.
 */
class StreamEventsTest {

    /** Events of a reply or suggestion that no stream shows: requests, decisions and bookkeeping after the end. */
    private static final Set<Class<?>> NOT_STREAMED = Set.of(
            ChatEvents.UserMessagePosted.class,
            ChatEvents.ReplyRequested.class,
            ChatEvents.ReplyToolCallFinished.class, // the tool call's own events carry its outcome
            ChatEvents.ReplyFeedbackGiven.class,
            AssistEvents.SuggestionRequested.class,
            AssistEvents.CancelledOutputRecorded.class,
            AssistEvents.SuggestionApproved.class,
            AssistEvents.SuggestionRejected.class,
            AssistEvents.SuggestionCopied.class,
            AssistEvents.AttemptBillingAssigned.class);

    @Test
    void everyEventNamingAStreamIsDeliveredToItUnlessListedAsNotStreamed() {
        List<String> missing = new ArrayList<>();
        for (Class<?> holder : List.of(ChatEvents.class, AssistEvents.class, ToolEvents.class)) {
            for (Class<?> type : holder.getDeclaredClasses()) {
                if (!type.isRecord() || NOT_STREAMED.contains(type)) {
                    continue;
                }
                boolean namesStream = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                        .anyMatch(name -> name.equals("replyId") || name.equals("suggestionId"));
                if (namesStream && !StreamEvents.streamed(type)) {
                    missing.add(type.getSimpleName());
                }
            }
        }
        assertThat(missing).as("events naming a reply or suggestion that no live stream receives").isEmpty();
    }

    @Test
    void theNotStreamedListNamesOnlyEventsThatAreNotStreamed() {
        assertThat(NOT_STREAMED).noneMatch(StreamEvents::streamed);
    }
}
