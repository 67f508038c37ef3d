package io.assistantcore.command.tool;

import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deadline manager that expires unanswered tool call approvals. Axon's simple one keeps deadlines in memory; a
 * deadline lost with a node is caught by the tool call sweep (ai-workers {@code ToolCallSweep}).
 */
@Configuration(proxyBeanMethods = false)
public class ToolCallConfiguration {

    @Bean
    public DeadlineManager deadlineManager(org.axonframework.config.Configuration axonConfiguration) {
        return SimpleDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration)).build();
    }
}
