package io.assistantcore.projections.assist;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Orders chunk events (published outside the aggregate) with their session's aggregate events: every assist event
 * names its {@code sessionId}, the AssistSession's aggregate id. So a read model never shows a suggestion completed
 * before all its chunks are in. Other events stay ordered per aggregate.
 * <p>
 * A pooled processor asks this for every event and each of its segments: the {@code sessionId} accessor is looked up
 * once per payload type.
 */
public final class AssistSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private static final Map<Class<?>, Optional<Method>> SESSION_ID = new ConcurrentHashMap<>();

    private final SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof Record) {
            Optional<Method> accessor = SESSION_ID.computeIfAbsent(payload.getClass(), AssistSequencingPolicy::sessionId);
            if (accessor.isPresent()) {
                try {
                    return accessor.get().invoke(payload);
                } catch (ReflectiveOperationException e) {
                    // ordered per aggregate instead
                }
            }
        }
        return perAggregate.getSequenceIdentifierFor(event);
    }

    private static Optional<Method> sessionId(Class<?> type) {
        if (!type.getName().startsWith("io.assistantcore.messages.assist.")) {
            return Optional.empty();
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals("sessionId")) {
                return Optional.of(component.getAccessor());
            }
        }
        return Optional.empty();
    }
}
