package io.assistantcore.api.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires admission on the request path: the bound on concurrent writes (after authentication). */
@Configuration(proxyBeanMethods = false)
public class AdmissionConfiguration {

    @Bean
    public FilterRegistrationBean<WriteConcurrencyLimit> writeConcurrencyLimit(AdmissionProperties properties,
                                                                               Problems problems, ObjectMapper json,
                                                                               MeterRegistry meters) {
        FilterRegistrationBean<WriteConcurrencyLimit> registration = new FilterRegistrationBean<>(
                new WriteConcurrencyLimit(properties, problems, json, meters));
        registration.addUrlPatterns("/api/*");
        // after Spring Security (order -100): anonymous requests are turned away before they take a turn
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }
}
