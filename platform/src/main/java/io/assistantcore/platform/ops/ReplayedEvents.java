package io.assistantcore.platform.ops;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.eventhandling.EventMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts, per event processor, the events its handlers received as part of a replay (for the replay log). */
public class ReplayedEvents {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void reset(String processorName) {
        counts.put(processorName, new LongAdder());
    }

    public long count(String processorName) {
        LongAdder count = counts.get(processorName);
        return count == null ? 0 : count.sum();
    }

    /** An interceptor on every processor that counts the replayed events it handles. */
    public ConfigurerModule counting() {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (config, processorName) -> interceptor(processorName));
    }

    private MessageHandlerInterceptor<EventMessage<?>> interceptor(String processorName) {
        return (unitOfWork, chain) -> {
            if (ReplayToken.isReplay(unitOfWork.getMessage())) {
                counts.computeIfAbsent(processorName, name -> new LongAdder()).increment();
            }
            return chain.proceed();
        };
    }
}
