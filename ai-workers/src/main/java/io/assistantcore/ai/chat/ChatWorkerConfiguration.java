package io.assistantcore.ai.chat;

import io.assistantcore.ai.AiWorkersConfiguration.AiProperties;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.knowledge.GroundedAnswers;
import io.assistantcore.ai.chat.guardrails.InputScreen;
import io.assistantcore.ai.chat.guardrails.OutputCheck;
import io.assistantcore.ai.chat.guardrails.TopicGuard;
import io.assistantcore.ai.chat.memory.ContextWindows;
import io.assistantcore.ai.chat.memory.MemoryPlanner;
import io.assistantcore.ai.chat.routing.MessageRouter;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.platform.eventstore.EventAvailability;
import io.assistantcore.platform.nodes.NodeLeases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires the chat reply worker: its processor (like the assist worker's: never replayed, starting at the head of the
 * event store, sequenced per conversation by Axon's default per-aggregate policy), the runner on the shared worker
 * pool, and answer reuse. The steps of a reply (screen, topic guard, router, memory planner, prompt builder, output
 * check) are beans of their own features; a node without one of them fails replies with a reason (logged at start).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatWorkerConfiguration.ChatProperties.class)
public class ChatWorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatWorkerConfiguration.class);

    /**
     * The chat worker's {@code assistant.chat.*} settings.
     *
     * @param reuse answer reuse (on per tenant in its routing rules)
     */
    @ConfigurationProperties("assistant.chat")
    public record ChatProperties(@DefaultValue Reuse reuse) {

        /**
         * @param threshold cosine similarity of two questions' embeddings at or above which the earlier answer is
         *                  reused
         * @param maxAge    answers older than this are not reused
         */
        public record Reuse(@DefaultValue("0.96") double threshold, @DefaultValue("P30D") Duration maxAge) {
        }
    }

    /**
     * The worker starts at the head of the event store (a new deployment must not re-run old requests) and is woken
     * after every batch of stored events at once: someone is waiting for the reply it starts.
     */
    @Bean
    public ConfigurerModule chatWorkerProcessor(AiProperties properties, EventAvailability eventAvailability) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(ChatReplyWorker.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)
                                .initialSegmentCount(properties.workerSegments())
                                .messageSource(eventAvailability.wrapUrgent(config.eventStore())));
    }

    @Bean
    public AnswerReuse answerReuse(DataSource dataSource, VectorIndex vectorIndex, OfflineTextEngine offlineTextEngine,
                                   ChatProperties properties) {
        return new AnswerReuse(dataSource, () -> vectorIndex, offlineTextEngine::embeddingModel,
                properties.reuse().threshold(), properties.reuse().maxAge(), Clock.systemUTC());
    }

    @Bean
    public AnswerReuseUpkeep answerReuseUpkeep(AnswerReuse answerReuse) {
        return new AnswerReuseUpkeep(answerReuse);
    }

    @Bean
    public ChatReplyParts chatReplyParts(ObjectProvider<InputScreen> screen, ObjectProvider<TopicGuard> topics,
                                         ObjectProvider<MessageRouter> router, ObjectProvider<MemoryPlanner> memory,
                                         ObjectProvider<ChatPromptBuilder> prompts,
                                         ObjectProvider<OutputCheck> output,
                                         ObjectProvider<ContextWindows> windows) {
        ChatReplyParts parts = new ChatReplyParts(screen.getIfAvailable(), topics.getIfAvailable(),
                router.getIfAvailable(), memory.getIfAvailable(), prompts.getIfAvailable(), output.getIfAvailable(),
                windows.getIfAvailable(ContextWindows::new));
        List<String> missing = parts.missing();
        if (!missing.isEmpty()) {
            log.warn("Chat replies fail on this node until it has: {}", String.join(", ", missing));
        }
        return parts;
    }

    @Bean
    public ChatReplyRunner chatReplyRunner(ProviderChain providerChain, CommandGateway commandGateway,
                                           EventGateway eventGateway, RunningAttempts runningAttempts,
                                           ExecutorService aiWorkerExecutor, ScheduledExecutorService aiWorkerTimer,
                                           AiProperties properties, PriceBook priceBook, NodeLeases nodeLeases,
                                           ChatReplyParts chatReplyParts, AnswerReuse answerReuse,
                                           ObjectProvider<GroundedAnswers> groundedAnswers) {
        return new ChatReplyRunner(providerChain, commandGateway, eventGateway, runningAttempts, aiWorkerExecutor,
                aiWorkerTimer, properties.chunkMaxChars(), properties.chunkMaxDelay(), priceBook,
                nodeLeases.nodeId(), chatReplyParts, answerReuse, groundedAnswers.getIfAvailable());
    }

    /** Chat replies for the stalled-attempt sweeper: a reply whose worker vanished is restarted. */
    @Bean
    public StalledReplyAttempts stalledReplyAttempts(QueryGateway queryGateway, CommandGateway commandGateway) {
        return new StalledReplyAttempts(queryGateway, commandGateway);
    }

    @Bean
    public ChatReplyWorker chatReplyWorker(ChatReplyRunner chatReplyRunner, RunningAttempts runningAttempts) {
        return new ChatReplyWorker(chatReplyRunner, runningAttempts);
    }
}
