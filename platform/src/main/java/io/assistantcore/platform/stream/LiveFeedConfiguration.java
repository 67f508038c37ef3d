package io.assistantcore.platform.stream;

import io.assistantcore.platform.eventstore.NodeEventTail;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's live relay of suggestion and reply events, which streams to clients read from. */
@Configuration(proxyBeanMethods = false)
public class LiveFeedConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public LiveStreamFeed liveStreamFeed(NodeEventTail nodeEventTail) {
        return new LiveStreamFeed(nodeEventTail);
    }
}
