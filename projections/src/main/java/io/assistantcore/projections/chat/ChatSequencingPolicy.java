package io.assistantcore.projections.chat;

import io.assistantcore.projections.assist.AssistSequencingPolicy;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

import java.lang.reflect.RecordComponent;

/**
 * Orders reply chunks (published by the worker outside the aggregate) with their conversation's aggregate events:
 * every chat event names its {@code conversationId}, the Conversation's aggregate id. So the history never shows a
 * reply completed before all its chunks are in. The usage records of the assist contract name the conversation as
 * their {@code sessionId} and are ordered with it the same way ({@link AssistSequencingPolicy}); other events stay
 * ordered per aggregate.
 */
public final class ChatSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private static final String CHAT_EVENTS = "io.assistantcore.messages.chat.";

    private final AssistSequencingPolicy others = new AssistSequencingPolicy();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof Record record && payload.getClass().getName().startsWith(CHAT_EVENTS)) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals("conversationId")) {
                    try {
                        return component.getAccessor().invoke(record);
                    } catch (ReflectiveOperationException e) {
                        break;
                    }
                }
            }
        }
        return others.getSequenceIdentifierFor(event);
    }
}
