package io.assistantcore.api.config;

import io.assistantcore.api.privacy.PassThroughStoredPayloads;
import io.assistantcore.api.privacy.StoredPayloads;
import io.assistantcore.projections.audit.AuditTrailProjection;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the audit trail: its processor and how stored payloads are shown. */
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

    /** Shows stored payloads unchanged, unless another {@link StoredPayloads} bean (or a {@code @Primary} one) exists. */
    @Bean
    @ConditionalOnMissingBean(StoredPayloads.class)
    public StoredPayloads storedPayloads() {
        return new PassThroughStoredPayloads();
    }
}
