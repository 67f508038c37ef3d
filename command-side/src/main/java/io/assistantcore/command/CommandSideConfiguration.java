package io.assistantcore.command;

import io.assistantcore.command.billing.BudgetLedger;
import io.assistantcore.command.billing.BudgetSettlement;
import io.assistantcore.command.chat.Conversation;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/**
 * Wires the write model where annotations do not: how often aggregates are snapshotted (caches:
 * {@link AggregateCaches}), and how the budget settlement runs (sequenced by ledger, in batches, with a dead-letter
 * queue).
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** A ledger is snapshotted every this many events, so a busy month loads fast. */
    static final int LEDGER_SNAPSHOT_EVERY = 200;

    @Bean(BudgetLedger.SNAPSHOT_TRIGGER)
    public SnapshotTriggerDefinition budgetLedgerSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, LEDGER_SNAPSHOT_EVERY);
    }

    /**
     * A conversation grows without bound (a reply takes about eight events), so it is snapshotted too. Its snapshot
     * holds the memory and the newest reply's request: personal texts, which the snapshot serializer (the event
     * serializer) encrypts with the owner's key like the events' texts, so forgetting the owner reaches snapshots.
     */
    @Bean(Conversation.SNAPSHOT_TRIGGER)
    public SnapshotTriggerDefinition conversationSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, Conversation.SNAPSHOT_EVERY);
    }

    /**
     * The settlement charges every usage record to its tenant's ledger. Its events are sequenced by ledger, so one
     * thread settles a ledger and settlement threads never queue for the same ledger's lock; and they are handled in
     * batches, whose charges are applied to the ledger in one transaction (the lock of a ledger charged inside a
     * processor's unit of work is held until that unit of work commits: one commit per batch, not per charge).
     */
    @Bean
    public ConfigurerModule budgetSettlementProcessor() {
        SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(BudgetSettlement.PROCESSING_GROUP, config -> event ->
                        event.getPayload() instanceof AttemptUsageRecorded usage && usage.ledgerId() != null
                                ? usage.ledgerId() : perAggregate.getSequenceIdentifierFor(event))
                .registerPooledStreamingEventProcessorConfiguration(BudgetSettlement.PROCESSING_GROUP,
                        (config, builder) -> builder.batchSize(SETTLEMENT_BATCH));
    }

    /**
     * A charge the ledger refuses is set aside in the settlement's dead-letter queue, where an operator sees it and
     * retries or evicts it, instead of being skipped and lost (usage that never reaches {@code spent}). The queue's
     * sequence is the ledger (the sequencing policy above): while a letter waits, that ledger's later charges wait
     * behind it; every other ledger is settled on. Retrying is safe: the ledger takes a charge id once.
     * See docs/reliability.md.
     */
    @Bean
    public DeadLetteringGroups budgetSettlementDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(BudgetSettlement.PROCESSING_GROUP));
    }

    /** Usage records a settlement batch holds at most. */
    static final int SETTLEMENT_BATCH = 50;
}
