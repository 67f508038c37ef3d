package io.assistantcore.command;

import io.assistantcore.command.billing.BudgetLedger;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the write model where annotations do not: how often aggregates are snapshotted (caches: {@link AggregateCaches}). */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** A ledger is snapshotted every this many events, so a busy month loads fast. */
    static final int LEDGER_SNAPSHOT_EVERY = 200;

    @Bean(BudgetLedger.SNAPSHOT_TRIGGER)
    public SnapshotTriggerDefinition budgetLedgerSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, LEDGER_SNAPSHOT_EVERY);
    }
}
