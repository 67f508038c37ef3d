package io.assistantcore.api.config;

import io.assistantcore.projections.audit.AuditTrailProjection;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the audit trail's processor (stored payloads are shown through the event serializer: privacy). */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /**
     * The audit trail is one hash chain: its processor runs in exactly one segment so records are appended in the
     * event store's order by one thread. Token chunks are skipped cheaply, so events are handled in batches.
     */
    @Bean
    public ConfigurerModule auditProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(AuditTrailProjection.PROCESSING_GROUP,
                        (config, builder) -> builder.initialSegmentCount(1).maxClaimedSegments(1).batchSize(20));
    }
}
