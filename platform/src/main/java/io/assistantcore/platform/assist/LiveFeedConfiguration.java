package io.assistantcore.platform.assist;

import io.assistantcore.platform.eventstore.NodeEventTail;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's live relay of suggestion events, which streams to clients read from. */
@Configuration(proxyBeanMethods = false)
public class LiveFeedConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public LiveSuggestionFeed liveSuggestionFeed(NodeEventTail nodeEventTail) {
        return new LiveSuggestionFeed(nodeEventTail);
    }
}
