package io.assistantcore.api.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The API's share of observability (docs/observability.md): the admission is observed from outside, and every
 * message sent within a span carries its trace context into the event store. The meters of the streams are wired by
 * the stream configuration, those of the workers and the event processors by their own modules.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    static final String OTLP_ENDPOINT = "management.otlp.tracing.endpoint";

    /** Readiness waits for the node's warm-ups ({@code management.endpoint.health.group.readiness}). */
    @Bean
    WarmUpReadiness warmUpsHealthIndicator(ObjectProvider<MeterRegistry> meterRegistry) {
        return new WarmUpReadiness(meterRegistry);
    }

    @Bean
    static AdmissionObservation admissionObservation(ObjectProvider<ObservationRegistry> observationRegistry,
                                                     ObjectProvider<MeterRegistry> meterRegistry) {
        return new AdmissionObservation(observationRegistry, meterRegistry);
    }

    /**
     * Tracing is off unless traces have somewhere to go: without {@code management.otlp.tracing.endpoint} no span is
     * sampled (spans are not recorded, nothing is exported, messages carry no trace context); with it, requests are
     * sampled with {@code management.tracing.sampling.probability} (1.0 unless set), a worker following the decision
     * of the request it continues. Replaces Spring Boot's sampler, which knows only the probability.
     */
    @Bean
    public Sampler otelSampler(Environment environment) {
        String endpoint = environment.getProperty(OTLP_ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return Sampler.alwaysOff();
        }
        double probability = environment.getProperty("management.tracing.sampling.probability", Double.class, 1.0);
        return Sampler.parentBased(Sampler.traceIdRatioBased(probability));
    }

    /** Registered on the command, event and query gateways like every dispatch interceptor bean. */
    @Bean
    public TraceMetaDataInterceptor traceMetaDataInterceptor(ObjectProvider<Tracer> tracer,
                                                             ObjectProvider<Propagator> propagator) {
        return new TraceMetaDataInterceptor(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
