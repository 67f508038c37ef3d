package io.assistantcore.platform.ops;

import org.axonframework.config.ConfigurerModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class ProjectionOpsConfiguration {

    @Bean
    ReplayedEvents replayedEvents() {
        return new ReplayedEvents();
    }

    /** Processor lag gauges (docs/observability.md). */
    @Bean
    ProcessorLagMeters processorLagMeters(ProjectionOperations projectionOperations,
                                          ObjectProvider<MeterRegistry> meterRegistry) {
        return new ProcessorLagMeters(projectionOperations, meterRegistry.getIfAvailable(SimpleMeterRegistry::new),
                Duration.ofSeconds(5));
    }

    @Bean
    ConfigurerModule replayCounting(ReplayedEvents replayedEvents) {
        return replayedEvents.counting();
    }
}
