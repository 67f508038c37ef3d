package io.assistantcore.projections;

import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import io.assistantcore.projections.assist.AssistHistoryProjection;
import io.assistantcore.projections.assist.AssistSequencingPolicy;
import io.assistantcore.projections.assist.AssistSessionInlineProjection;
import io.assistantcore.projections.audit.AuditTrailProjection;
import io.assistantcore.projections.billing.BillingProjection;
import io.assistantcore.projections.billing.PriceListProjection;
import io.assistantcore.projections.chat.ChatHistoryProjection;
import io.assistantcore.projections.chat.ChatSequencingPolicy;
import io.assistantcore.projections.lead.LeadProjection;
import io.assistantcore.projections.tenant.TenantDirectoryProjection;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/** How the projections' processors run where they differ from the defaults. */
@Configuration(proxyBeanMethods = false)
public class ProjectionsConfiguration {

    /**
     * The history orders chunk events with their session's events and stores them in batches: chunk events come in
     * bursts, so one transaction (and one token update) per batch, not per chunk. It runs in one segment: a pooled
     * processor's coordinator asks every segment of every event whether it is the segment's (with this sequencing
     * policy, by reading the payload) and checks every segment's queue for room, which with Axon's 16 segments cost
     * two to four times the CPU of the whole replay with one (docs/performance.md, "Replay"). Even with one segment
     * that coordinator walks its work package's queue before every event it hands over;
     * {@code assistant.projections.assist-history.processor: tracking} runs the history in a tracking processor
     * instead (one thread, no queue; measured in the replay benchmark, docs/performance.md). The default stays pooled.
     */
    @Bean
    public ConfigurerModule assistHistoryProcessor(
            @Value("${assistant.projections.assist-history.segments:1}") int segments,
            @Value("${assistant.projections.assist-history.batch-size:50}") int batchSize,
            @Value("${assistant.projections.assist-history.processor:pooled}") String processor) {
        return configurer -> {
            var processing = configurer.eventProcessing();
            if ("tracking".equals(processor)) {
                // one thread reads, filters and handles: no coordinator handing events over through a queue
                processing.registerTrackingEventProcessor(AssistHistoryProjection.PROCESSING_GROUP,
                        config -> config.eventStore(),
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andInitialSegmentsCount(segments).andBatchSize(batchSize));
            } else {
                processing.registerPooledStreamingEventProcessorConfiguration(AssistHistoryProjection.PROCESSING_GROUP,
                        (config, builder) -> builder.initialSegmentCount(segments).batchSize(batchSize));
            }
            processing.registerSequencingPolicy(AssistHistoryProjection.PROCESSING_GROUP,
                    config -> new AssistSequencingPolicy());
        };
    }

    /**
     * The first rows of a session, a suggestion and an attempt are written in the transaction of the command that
     * stores their events (see {@link AssistSessionInlineProjection}).
     */
    @Bean
    public ConfigurerModule assistHistoryInlineProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(AssistSessionInlineProjection.PROCESSING_GROUP);
    }

    /** The chat history likewise: reply chunks ordered with their conversation's events, stored in batches. */
    @Bean
    public ConfigurerModule chatHistoryProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(ChatHistoryProjection.PROCESSING_GROUP,
                        (config, builder) -> builder.batchSize(50))
                .registerSequencingPolicy(ChatHistoryProjection.PROCESSING_GROUP,
                        config -> new ChatSequencingPolicy());
    }

    /**
     * The audit trail is one hash chain: its processor runs in exactly one segment so records are appended in the
     * event store's order by one thread. Token chunks are skipped cheaply, so events are handled in batches.
     */
    @Bean
    public ConfigurerModule auditProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(AuditTrailProjection.PROCESSING_GROUP,
                        (config, builder) -> builder.initialSegmentCount(1).maxClaimedSegments(1).batchSize(20));
    }

    /** Every read model sets a poison event aside instead of stopping (see docs/reliability.md). */
    @Bean
    public DeadLetteringGroups projectionDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(AuditTrailProjection.PROCESSING_GROUP,
                AssistHistoryProjection.PROCESSING_GROUP, ChatHistoryProjection.PROCESSING_GROUP,
                TenantDirectoryProjection.PROCESSING_GROUP,
                BillingProjection.PROCESSING_GROUP, PriceListProjection.PROCESSING_GROUP,
                LeadProjection.PROCESSING_GROUP));
    }
}
