package io.assistantcore.api.config;

import io.assistantcore.ai.assist.AttemptRunner;
import io.assistantcore.ai.assist.CancellationWatcher;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.ai.assist.StalledAttemptSweeper;
import io.assistantcore.ai.assist.SuggestionWorker;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.cache.ResponseCache;
import io.assistantcore.projections.assist.AssistHistoryProjection;
import io.assistantcore.projections.assist.AssistSequencingPolicy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the assist feature: the AI worker, its providers, the live relay and the event store's polling. */
@Configuration(proxyBeanMethods = false)
public class AssistConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AssistConfiguration.class);

    /**
     * The worker starts at the head of the event store (a new deployment must not re-run old requests); the
     * history orders chunk events with their session's events and stores them in batches.
     */
    @Bean
    public ConfigurerModule assistProcessors() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(SuggestionWorker.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken))
                // chunk events come in bursts: one transaction (and one token update) per batch, not per chunk
                .registerPooledStreamingEventProcessorConfiguration(AssistHistoryProjection.PROCESSING_GROUP,
                        (config, builder) -> builder.batchSize(50))
                .registerSequencingPolicy(AssistHistoryProjection.PROCESSING_GROUP, config -> new AssistSequencingPolicy());
    }

    @Bean
    public RunningAttempts runningAttempts() {
        return new RunningAttempts();
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService aiWorkerExecutor(AssistantProperties properties) {
        int threads = properties.ai().workerThreads();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named("ai-worker"));
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService aiWorkerTimer() {
        return Executors.newScheduledThreadPool(2, named("ai-worker-timer"));
    }

    @Bean
    public AttemptRunner attemptRunner(ProviderChain providerChain, CommandGateway commandGateway,
                                       EventGateway eventGateway, RunningAttempts runningAttempts,
                                       ExecutorService aiWorkerExecutor, ScheduledExecutorService aiWorkerTimer,
                                       AssistantProperties properties, PriceBook priceBook,
                                       ResponseCache responseCache) {
        return new AttemptRunner(providerChain, commandGateway, eventGateway, runningAttempts, aiWorkerExecutor,
                aiWorkerTimer, properties.ai().chunkMaxChars(), properties.ai().chunkMaxDelay(), priceBook,
                responseCache);
    }

    @Bean
    public SuggestionWorker suggestionWorker(AttemptRunner attemptRunner, RunningAttempts runningAttempts) {
        return new SuggestionWorker(attemptRunner, runningAttempts);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    public CancellationWatcher cancellationWatcher(EventStore eventStore, RunningAttempts runningAttempts) {
        return new CancellationWatcher(eventStore, runningAttempts);
    }

    /** Threads that deliver streams to SSE clients; each open stream holds one while it runs. */
    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService streamExecutor() {
        return Executors.newCachedThreadPool(named("suggestion-stream"));
    }

    @Bean
    public StalledAttemptSweeper stalledAttemptSweeper(QueryGateway queryGateway, CommandGateway commandGateway,
                                                       RunningAttempts runningAttempts, AssistantProperties properties) {
        return new StalledAttemptSweeper(queryGateway, commandGateway, runningAttempts, properties.ai().stallTimeout(),
                Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService stalledAttemptSweeps(StalledAttemptSweeper sweeper, AssistantProperties properties) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("stalled-attempt-sweeper"));
        long interval = properties.ai().sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweep();
            } catch (RuntimeException e) {
                log.warn("Sweeping stalled attempts failed: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
