package io.assistantcore.api.assist;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads that deliver suggestion streams to SSE and WebSocket clients. */
@Configuration(proxyBeanMethods = false)
public class StreamConfiguration {

    /** Each open stream holds one while it runs. */
    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService streamExecutor() {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "suggestion-stream-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
