package io.assistantcore.projections.apikey;

import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/** The API key read model sets a poison event aside instead of stopping, like every read model. */
@Configuration(proxyBeanMethods = false)
public class ApiKeyProjectionConfiguration {

    @Bean
    public DeadLetteringGroups apiKeyDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(ApiKeyProjection.PROCESSING_GROUP));
    }
}
