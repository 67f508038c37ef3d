package io.assistantcore.projections.assist;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import java.lang.reflect.RecordComponent;

/**
 * Orders chunk events (published outside the aggregate) with their session's aggregate events: every assist event
 * names its {@code sessionId}, the AssistSession's aggregate id. So a read model never shows a suggestion completed
 * before all its chunks are in. Other events stay ordered per aggregate.
 */
public final class AssistSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof Record record && payload.getClass().getName().startsWith("io.assistantcore.messages.assist.")) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals("sessionId")) {
                    try {
                        return component.getAccessor().invoke(record);
                    } catch (ReflectiveOperationException e) {
                        break;
                    }
                }
            }
        }
        return perAggregate.getSequenceIdentifierFor(event);
    }
}
