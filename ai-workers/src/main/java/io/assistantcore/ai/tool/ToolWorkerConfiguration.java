package io.assistantcore.ai.tool;

import io.assistantcore.ai.AiWorkersConfiguration;
import io.assistantcore.ai.chat.ChatReplyRunner;
import io.assistantcore.ai.chat.offline.OfflineToolProposer;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.platform.nodes.NodeLeases;
import io.assistantcore.platform.outbound.OutboundHttp;
import io.assistantcore.platform.toolsecret.ToolSecrets;
import io.micrometer.observation.ObservationRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires tool execution: the executor processor (never replayed, starting at the head of the event store), the host
 * application caller over the platform's outbound client, the built-in tools, and the sweep.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ToolWorkerConfiguration.ToolProperties.class)
public class ToolWorkerConfiguration {

    /**
     * {@code assistant.tools.*}.
     *
     * @param approvalTimeout how long a call waits for its approval before it expires
     * @param sweepInterval   how often a node looks for overdue approvals and interrupted calls
     * @param maxRounds       tool rounds one reply may take before the model must answer without tools
     * @param offline         how the offline engine matches a message to a tool
     * @param startTimeout    how long an approved call may wait for a worker to start it before the sweep fails it
     *                        (not called)
     * @param proposalTimeout how long a reply may wait for tool calls none of which exists (its node stopped before
     *                        proposing them) before the sweep fails them and the reply goes on
     */
    @ConfigurationProperties("assistant.tools")
    public record ToolProperties(@DefaultValue("PT24H") Duration approvalTimeout,
                                 @DefaultValue("PT30S") Duration sweepInterval,
                                 @DefaultValue("5") int maxRounds,
                                 @DefaultValue Offline offline,
                                 @DefaultValue("PT10M") Duration startTimeout,
                                 @DefaultValue("PT10M") Duration proposalTimeout) {

        public ToolProperties {
            requirePositive("assistant.tools.start-timeout", startTimeout);
            requirePositive("assistant.tools.proposal-timeout", proposalTimeout);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, e.g. PT10M");
            }
        }

        /**
         * @param threshold the least cosine similarity of a message to a tool's name and description
         * @param margin    how far the best tool must be ahead of the next one
         */
        public record Offline(@DefaultValue("0.45") double threshold, @DefaultValue("0.04") double margin) {
        }
    }

    @Bean
    public ConfigurerModule toolExecutorProcessor(AiWorkersConfiguration.AiProperties properties) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(ToolExecutionWorker.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)
                                .initialSegmentCount(properties.workerSegments()));
    }

    @Bean
    public HostToolCaller hostToolCaller(OutboundHttp outboundHttp, ToolSecrets toolSecrets) {
        return new HostToolCaller(outboundHttp, toolSecrets, Clock.systemUTC());
    }

    @Bean
    public BuiltInToolRunner builtInToolRunner(QueryGateway queryGateway,
                                               ObjectProvider<BuiltInToolRunner.ImageTool> imageTool) {
        return new BuiltInToolRunner(queryGateway, imageTool.getIfAvailable());
    }

    @Bean
    public ToolExecutionWorker toolExecutionWorker(CommandGateway commandGateway, QueryGateway queryGateway,
                                                   HostToolCaller hostToolCaller,
                                                   BuiltInToolRunner builtInToolRunner,
                                                   ExecutorService aiWorkerExecutor, NodeLeases nodeLeases,
                                                   ObjectProvider<ObservationRegistry> observationRegistry) {
        return new ToolExecutionWorker(commandGateway, queryGateway, hostToolCaller, builtInToolRunner,
                aiWorkerExecutor, nodeLeases.nodeId(),
                observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    public ToolOutcomeRelay toolOutcomeRelay(CommandGateway commandGateway) {
        return new ToolOutcomeRelay(commandGateway);
    }

    @Bean
    public EndedReplyToolCalls endedReplyToolCalls(CommandGateway commandGateway, QueryGateway queryGateway) {
        return new EndedReplyToolCalls(commandGateway, queryGateway);
    }

    /** Runs {@link ToolOutcomeRelay} and {@link EndedReplyToolCalls}: both from the head, never replayed. */
    @Bean
    public ConfigurerModule toolOutcomeProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(ToolOutcomeRelay.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }

    /** Replies offer their models the tenant's tools. */
    @Bean
    public RegisteredChatTools registeredChatTools(QueryGateway queryGateway, ChatReplyRunner chatReplyRunner,
                                                   ObjectProvider<BuiltInToolRunner.ImageTool> imageTool,
                                                   ToolProperties properties,
                                                   OfflineTextEngine offlineTextEngine) {
        RegisteredChatTools tools = new RegisteredChatTools(queryGateway, imageTool.getIfAvailable() != null,
                properties.approvalTimeout(), properties.maxRounds());
        chatReplyRunner.offerTools(tools);
        chatReplyRunner.proposeToolsOffline(new OfflineToolProposer(offlineTextEngine::embeddingModel,
                properties.offline().threshold(), properties.offline().margin()));
        return tools;
    }

    /**
     * Calls run at most 120 s (the longest tool timeout); one executing for 3 minutes lost its node. Approved calls
     * not started and replies waiting for calls that were never proposed are ended after their configured bounds.
     */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService toolCallSweeps(QueryGateway queryGateway, CommandGateway commandGateway,
                                                   ToolProperties properties) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tool-call-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        ToolCallSweep sweep = new ToolCallSweep(queryGateway, commandGateway, Clock.systemUTC(),
                Duration.ofMinutes(3), properties.startTimeout(), properties.proposalTimeout());
        long every = properties.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(sweep, every, every, TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
