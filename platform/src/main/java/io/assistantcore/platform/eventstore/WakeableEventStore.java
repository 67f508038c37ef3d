package io.assistantcore.platform.eventstore;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which can be told that another node stored events. Its streams share one reader of the
 * storage engine; after this node commits events, Axon wakes that reader at once, but events stored by other nodes it
 * would only find on its next poll ({@code fetchDelay}). {@link #eventsStoredElsewhere()} wakes it the same way a
 * local commit does (see {@link EventNotificationListener}).
 */
public class WakeableEventStore extends EmbeddedEventStore {

    public WakeableEventStore(Builder builder) {
        super(builder);
    }

    /** Reads the store now if the reader is waiting (reading already, it reads again when done). */
    public void eventsStoredElsewhere() {
        // EmbeddedEventStore.afterCommit only wakes its reader; it does not look at the events
        afterCommit(List.of());
    }
}
