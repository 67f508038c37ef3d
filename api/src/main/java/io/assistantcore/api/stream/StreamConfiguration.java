package io.assistantcore.api.stream;

import io.assistantcore.api.stream.StreamLimits.StreamProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that deliver suggestion and reply streams to SSE and WebSocket clients (and finish replies a request waits
 * for), and the bounds on how many stream at once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamProperties.class)
public class StreamConfiguration {

    /** Each open stream holds one while it runs (at most {@code assistant.streams.max-per-node}). */
    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService streamExecutor() {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "event-stream-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Relay latency and streams by outcome (docs/observability.md). */
    @Bean
    public StreamMeters streamMeters(ObjectProvider<MeterRegistry> meterRegistry) {
        return new StreamMeters(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public StreamLimits streamLimits(StreamProperties properties) {
        return new StreamLimits(properties);
    }
}
