package io.assistantcore.platform.assist;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's live relay of suggestion events, which streams to clients read from. */
@Configuration(proxyBeanMethods = false)
public class LiveFeedConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public LiveSuggestionFeed liveSuggestionFeed(EventStore eventStore) {
        return new LiveSuggestionFeed(eventStore);
    }
}
