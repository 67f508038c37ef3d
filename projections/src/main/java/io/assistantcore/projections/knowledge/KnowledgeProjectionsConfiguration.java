package io.assistantcore.projections.knowledge;

import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/** The knowledge read model sets a poison event aside instead of stopping, like every read model. */
@Configuration(proxyBeanMethods = false)
public class KnowledgeProjectionsConfiguration {

    @Bean
    public DeadLetteringGroups knowledgeDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(KnowledgeDocumentProjection.PROCESSING_GROUP));
    }
}
