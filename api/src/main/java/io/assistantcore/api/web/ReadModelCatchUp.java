package io.assistantcore.api.web;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.messages.common.Deletion;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
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

    /** Problem type of a read that misses what the event store holds, after the bounded wait. */
    public static final String READ_MODEL_BEHIND = "read-model-behind";
    private static final long RETRY_AFTER_SECONDS = 1;
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
     * event store holds an aggregate of this type and tenant with that id (one indexed read of its first event), this
     * waits (bounded) for the projection instead of answering "not found". An aggregate whose last event is a
     * {@link Deletion} is not found at once. One the event store holds that the read model still misses after the
     * wait is not answered "not found" either — it exists, the read model is behind (a burst of load, a replay) — but
     * 503 {@code read-model-behind} with {@code Retry-After}, so a client that has just created something never hears
     * that it does not exist.
     *
     * @throws ApiException 503 {@code read-model-behind} when the read model has not caught up within the wait
     */
    public <T> Optional<T> findCreated(String what, String aggregateType, String tenantId, String aggregateId,
                                       Supplier<Optional<T>> read) {
        Optional<T> found = read.get();
        if (found.isPresent() || !storedFor(aggregateType, tenantId, aggregateId) || deleted(aggregateId)) {
            return found;
        }
        if (await(what, () -> read.get().isPresent())) {
            found = read.get();
        }
        if (found.isEmpty()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, READ_MODEL_BEHIND, "Not readable yet",
                    "The " + what + " is stored but cannot be read yet; try again shortly")
                    .withRetryAfter(RETRY_AFTER_SECONDS);
        }
        return found;
    }

    private boolean storedFor(String aggregateType, String tenantId, String aggregateId) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0);
        if (!events.hasNext()) {
            return false;
        }
        DomainEventMessage<?> first = events.next();
        return aggregateType.equals(first.getType())
                && tenantId.equals(first.getMetaData().get(MetaDataKeys.TENANT_ID));
    }

    /** Whether the aggregate's last event is a deletion (two indexed reads; only when the read model missed it). */
    private boolean deleted(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId)
                .map(last -> eventStore.readEvents(aggregateId, last))
                .filter(DomainEventStream::hasNext)
                .map(events -> Deletion.class.isAssignableFrom(events.next().getPayloadType()))
                .orElse(false);
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
