package io.assistantcore.api.web;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Read-your-writes: after a command, wait (briefly, bounded by {@code assistant.consistency.read-model-wait}) until
 * the read model shows its effect. Polling the database works on every node, whichever one runs the projection.
 */
@Component
public class ReadModelCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ReadModelCatchUp.class);
    private final Duration maximumWait;
    private final EventStore eventStore;

    public ReadModelCatchUp(AssistantProperties properties, EventStore eventStore) {
        this.maximumWait = properties.consistency().readModelWait();
        this.eventStore = eventStore;
    }

    /**
     * The view of an aggregate that may have been created just now (here or on another node), so that a create can
     * answer at once and the request after it still finds what it created: when the read model misses it but the
     * event store holds an aggregate of this tenant with that id (one indexed read of its first event), this waits
     * (bounded) for the projection instead of answering "not found". (A read model still behind after the wait, and
     * an aggregate deleted since, both answer "not found": the event store alone cannot tell them apart.)
     */
    public <T> Optional<T> findCreated(String what, String tenantId, String aggregateId, Supplier<Optional<T>> read) {
        Optional<T> found = read.get();
        if (found.isEmpty() && storedFor(tenantId, aggregateId)) {
            await(what, () -> read.get().isPresent());
            found = read.get();
        }
        return found;
    }

    private boolean storedFor(String tenantId, String aggregateId) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0);
        return events.hasNext() && tenantId.equals(events.next().getMetaData().get(MetaDataKeys.TENANT_ID));
    }

    /**
     * @return true when {@code caughtUp} held in time; false when it did not, or when the read model cannot be read
     * because the database is unreachable — the command is stored by then, so its success is answered, not a 503
     */
    public boolean await(String what, BooleanSupplier caughtUp) {
        long deadline = System.nanoTime() + maximumWait.toNanos();
        long pause = 2;
        while (true) {
            try {
                if (caughtUp.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException failure) {
                if (DatabaseUnavailable.causedBy(failure)) {
                    log.warn("Read model cannot show {}: the database is unreachable", what);
                    return false;
                }
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                log.warn("Read model has not shown {} within {}", what, maximumWait);
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
