package io.assistantcore.ai;

import io.assistantcore.ai.assist.AttemptObservability;
import io.assistantcore.ai.assist.AttemptRunner;
import io.assistantcore.ai.assist.CancellationWatcher;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.assist.ProviderQueryHandler;
import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.ai.assist.StalledAttemptSweeper;
import io.assistantcore.ai.assist.StalledSuggestionAttempts;
import io.assistantcore.ai.assist.SuggestionWorker;
import io.assistantcore.ai.billing.ChatCostEstimateQueryHandler;
import io.assistantcore.ai.billing.CostEstimateQueryHandler;
import io.assistantcore.ai.billing.CostEstimator;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.cache.ResponseCache;
import io.assistantcore.ai.cache.ResponseCacheInvalidation;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.PromptTemplates;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.ai.vector.VectorIndexes;
import io.assistantcore.platform.eventstore.EventAvailability;
import io.assistantcore.platform.eventstore.NodeEventTail;
import io.assistantcore.platform.nodes.NodeConfiguration.NodeProperties;
import io.assistantcore.platform.nodes.NodeLeases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wires the AI workers: the worker and its pool, cancellation and stall recovery, prices and cost estimates, the
 * response cache and its vector storage, and the query handlers the rest of the platform asks (cost estimates, the
 * providers). The providers themselves are in {@link io.assistantcore.ai.provider.ProviderConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AiWorkersConfiguration.AiProperties.class,
        AiWorkersConfiguration.CacheProperties.class})
public class AiWorkersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AiWorkersConfiguration.class);

    /** Dimension of all-MiniLM-L6-v2, the offline engine's embedding model that the semantic cache uses. */
    static final int EMBEDDING_DIMENSION = 384;

    /**
     * The workers' {@code assistant.ai.*} settings (see docs/configuration.md; the prompt version is the api's).
     *
     * @param chunkMaxChars      a streamed chunk is stored once it holds this many characters ...
     * @param chunkMaxDelay      ... or its first token has waited this long
     * @param localTokenDelay    pause between the offline engine's words, so it streams like a remote model
     * @param workerThreads      attempts that may stream at once on this node
     * @param stallTimeout       a running attempt without a sign of life for this long is restarted
     * @param sweepInterval      how often this node looks for such attempts, and for attempts streaming on a node
     *                           that is gone
     * @param priceRefresh       how long workers and budget checks keep the price list before asking again
     * @param workerSegments     segments of the processors that start AI work (suggestions, replies, tool calls,
     *                           indexing) when they have no tokens yet: the most nodes that share that work. The
     *                           handlers only hand the work to this node's pools, so more segments add no
     *                           concurrency on one node, only cost (every event is offered to every segment)
     */
    @ConfigurationProperties("assistant.ai")
    public record AiProperties(@DefaultValue("48") int chunkMaxChars,
                               @DefaultValue("PT0.01S") Duration chunkMaxDelay,
                               @DefaultValue("PT0.015S") Duration localTokenDelay,
                               @DefaultValue("64") int workerThreads,
                               @DefaultValue("PT60S") Duration stallTimeout,
                               @DefaultValue("PT2S") Duration sweepInterval,
                               @DefaultValue("PT5S") Duration priceRefresh,
                               @DefaultValue("4") int workerSegments) {

        public AiProperties {
            if (workerSegments < 1 || workerSegments > 64) {
                throw new IllegalArgumentException("assistant.ai.worker-segments must be 1 to 64");
            }
        }
    }

    /**
     * @param semanticThreshold cosine similarity at or above which a semantic cache entry answers a request
     * @param maxAge            cached responses older than this are not served
     */
    @ConfigurationProperties("assistant.cache")
    public record CacheProperties(@DefaultValue("0.95") double semanticThreshold,
                                  @DefaultValue("P30D") Duration maxAge) {
    }

    /**
     * The worker starts at the head of the event store (a new deployment must not re-run old requests) and is woken
     * after every batch of stored events at once: someone is waiting for the model call it starts.
     */
    @Bean
    public ConfigurerModule assistWorkerProcessor(AiProperties properties, EventAvailability eventAvailability) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(SuggestionWorker.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)
                                .initialSegmentCount(properties.workerSegments())
                                .messageSource(eventAvailability.wrapUrgent(config.eventStore())));
    }

    /** The attempts running on this node, each observed from its start to its end (docs/observability.md). */
    @Bean
    public RunningAttempts runningAttempts(ObjectProvider<ObservationRegistry> observationRegistry,
                                           ObjectProvider<MeterRegistry> meterRegistry) {
        return new RunningAttempts(new AttemptObservability(
                observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new)));
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService aiWorkerExecutor(AiProperties properties) {
        int threads = properties.workerThreads();
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
                                       AiProperties properties, PriceBook priceBook,
                                       ResponseCache responseCache, NodeLeases nodeLeases) {
        return new AttemptRunner(providerChain, commandGateway, eventGateway, runningAttempts, aiWorkerExecutor,
                aiWorkerTimer, properties.chunkMaxChars(), properties.chunkMaxDelay(), priceBook,
                responseCache, nodeLeases.nodeId());
    }

    @Bean
    public SuggestionWorker suggestionWorker(AttemptRunner attemptRunner, RunningAttempts runningAttempts) {
        return new SuggestionWorker(attemptRunner, runningAttempts);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    public CancellationWatcher cancellationWatcher(NodeEventTail nodeEventTail, RunningAttempts runningAttempts) {
        return new CancellationWatcher(nodeEventTail, runningAttempts);
    }

    @Bean
    public StalledSuggestionAttempts stalledSuggestionAttempts(QueryGateway queryGateway,
                                                               CommandGateway commandGateway) {
        return new StalledSuggestionAttempts(queryGateway, commandGateway);
    }

    /** Sweeps every kind of attempt there is a bean of (suggestions here, chat replies in the chat configuration). */
    @Bean
    public StalledAttemptSweeper stalledAttemptSweeper(List<StalledAttemptSweeper.Kind> kinds,
                                                       RunningAttempts runningAttempts, AiProperties properties,
                                                       NodeLeases nodeLeases, NodeProperties nodeProperties,
                                                       PriceBook priceBook) {
        return new StalledAttemptSweeper(kinds, runningAttempts, properties.stallTimeout(), Clock.systemUTC(),
                nodeLeases, nodeProperties.leaseTimeout(), priceBook);
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService stalledAttemptSweeps() {
        return Executors.newSingleThreadScheduledExecutor(named("stalled-attempt-sweeper"));
    }

    /** Sweeps begin once the application is ready: before that, the queries they ask may have no handler yet. */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> stalledAttemptSweepsStart(
            ScheduledExecutorService stalledAttemptSweeps, StalledAttemptSweeper sweeper, AiProperties properties) {
        AtomicBoolean started = new AtomicBoolean();
        return ready -> {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            long interval = properties.sweepInterval().toMillis();
            stalledAttemptSweeps.scheduleWithFixedDelay(() -> {
                try {
                    sweeper.sweep();
                } catch (RuntimeException e) {
                    log.warn("Sweeping stalled attempts failed: {}", e.toString());
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
        };
    }

    /** Sweeps stop as soon as the application begins to close: the queries they ask lose their handlers then. */
    @Bean
    public ApplicationListener<ContextClosedEvent> stalledAttemptSweepsStop(
            ScheduledExecutorService stalledAttemptSweeps) {
        return closed -> stalledAttemptSweeps.shutdownNow();
    }

    @Bean
    public PriceBook priceBook(@Lazy QueryGateway queryGateway, AiProperties properties) {
        return new PriceBook(queryGateway, properties.priceRefresh());
    }

    @Bean
    public CostEstimator costEstimator(PriceBook priceBook) {
        return new CostEstimator(new PromptTemplates(), priceBook);
    }

    @Bean
    public CostEstimateQueryHandler costEstimateQueryHandler(CostEstimator costEstimator, ProviderChain providerChain) {
        return new CostEstimateQueryHandler(costEstimator, providerChain);
    }

    @Bean
    public ChatCostEstimateQueryHandler chatCostEstimateQueryHandler(CostEstimator costEstimator,
                                                                     ProviderChain providerChain) {
        return new ChatCostEstimateQueryHandler(costEstimator, providerChain);
    }

    @Bean
    public ProviderQueryHandler providerQueryHandler(ProviderChain providerChain) {
        return new ProviderQueryHandler(providerChain);
    }

    @Bean
    public VectorIndex vectorIndex(DataSource dataSource) {
        return VectorIndexes.create(dataSource, EMBEDDING_DIMENSION);
    }

    @Bean
    public ResponseCache responseCache(DataSource dataSource, VectorIndex vectorIndex,
                                       OfflineTextEngine offlineTextEngine, CacheProperties properties,
                                       ObjectProvider<MeterRegistry> meterRegistry) {
        return new ResponseCache(dataSource, () -> vectorIndex, offlineTextEngine::embeddingModel,
                properties.semanticThreshold(), properties.maxAge(), Clock.systemUTC())
                .countLookups(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public ResponseCacheInvalidation responseCacheInvalidation(ResponseCache responseCache) {
        return new ResponseCacheInvalidation(responseCache);
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
