package io.assistantcore.api.observability;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Tracing is off unless traces have somewhere to go: with {@code management.otlp.tracing.endpoint} set, every request
 * is traced (sampling probability 1.0) and exported over OTLP; without it, tracing is disabled and nothing is
 * sampled. Both are defaults only: {@code management.tracing.enabled} and
 * {@code management.tracing.sampling.probability} set anywhere else win (docs/observability.md).
 */
public class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.otlp.tracing.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String endpoint = environment.getProperty(ENDPOINT);
        boolean on = endpoint != null && !endpoint.isBlank();
        environment.getPropertySources().addLast(new MapPropertySource("assistant-tracing-defaults", Map.of(
                "management.tracing.enabled", Boolean.toString(on),
                "management.tracing.sampling.probability", on ? "1.0" : "0.0")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
