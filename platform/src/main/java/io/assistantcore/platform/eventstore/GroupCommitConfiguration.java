package io.assistantcore.platform.eventstore;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.gateway.DefaultEventGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's {@link EventGateway}: events published outside a unit of work (stream chunks) are appended in
 * shared transactions ({@link GroupCommitEventGateway}); off, every publish is its own transaction, as Axon's default
 * gateway does it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GroupCommitConfiguration.GroupCommitProperties.class)
public class GroupCommitConfiguration {

    /**
     * @param enabled   append events published outside a unit of work in shared transactions
     * @param maxEvents the most events one shared transaction appends
     * @param capacity  how many publishes may wait for the writer before publishers wait for room
     */
    @ConfigurationProperties("assistant.events.group-commit")
    public record GroupCommitProperties(@DefaultValue("true") boolean enabled,
                                        @DefaultValue("256") int maxEvents,
                                        @DefaultValue("4096") int capacity) {
    }

    /** Closed (its queue stored) before the event bus it uses: Spring infers {@code close()}. */
    @Bean
    public EventGateway eventGateway(EventBus eventBus, GroupCommitProperties properties) {
        if (!properties.enabled()) {
            return DefaultEventGateway.builder().eventBus(eventBus).build();
        }
        return new GroupCommitEventGateway(eventBus, properties.maxEvents(), properties.capacity());
    }
}
