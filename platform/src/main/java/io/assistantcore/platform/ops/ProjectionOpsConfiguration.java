package io.assistantcore.platform.ops;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectionOpsConfiguration {

    @Bean
    ReplayedEvents replayedEvents() {
        return new ReplayedEvents();
    }

    @Bean
    ConfigurerModule replayCounting(ReplayedEvents replayedEvents) {
        return replayedEvents.counting();
    }
}
