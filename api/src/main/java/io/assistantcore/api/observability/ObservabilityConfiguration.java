package io.assistantcore.api.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's share of observability (docs/observability.md): the admission is observed from outside, and every
 * message sent within a span carries its trace context into the event store. The meters of the streams are wired by
 * the stream configuration, those of the workers and the event processors by their own modules.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    static AdmissionObservation admissionObservation(ObjectProvider<ObservationRegistry> observationRegistry,
                                                     ObjectProvider<MeterRegistry> meterRegistry) {
        return new AdmissionObservation(observationRegistry, meterRegistry);
    }

    /** Registered on the command, event and query gateways like every dispatch interceptor bean. */
    @Bean
    public TraceMetaDataInterceptor traceMetaDataInterceptor(ObjectProvider<Tracer> tracer,
                                                             ObjectProvider<Propagator> propagator) {
        return new TraceMetaDataInterceptor(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
