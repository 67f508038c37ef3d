package io.assistantcore.projections.tool;

import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/** The tool read model sets a poison event aside instead of stopping, like every read model. */
@Configuration(proxyBeanMethods = false)
public class ToolProjectionConfiguration {

    @Bean
    public DeadLetteringGroups toolDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(ToolProjection.PROCESSING_GROUP));
    }
}
