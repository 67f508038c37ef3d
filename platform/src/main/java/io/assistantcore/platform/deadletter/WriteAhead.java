package io.assistantcore.platform.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets a handler of a dead-lettering projection write the events that follow the current one in its batch together
 * with it, in one statement, instead of one statement each: the events it wrote ahead are then
 * {@linkplain #written(Message) skipped} when their turn comes.
 * <p>
 * Only where a failure can still be pinned on one event: inside a batch that runs under {@link BatchSavepoints}'
 * savepoint, never while the batch goes event by event (after a failure, or while letters are taken from a dead-letter
 * queue). A handler whose statement for several events is refused throws {@link Refused}: the batch goes back to its
 * savepoint, runs again what it had done since, and from then on runs every event — this one first — on its own with
 * a savepoint each, so the event that cannot be stored is found and set aside as before.
 * <p>
 * A handler writes ahead only events of its own event's sequence: the current event is being handled, so its
 * sequence waits in no dead-letter queue, and its following events would be handled too, in this order, unless one of
 * them failed — which the statement written for all of them would show.
 */
public final class WriteAhead {

    private static final String WRITTEN = WriteAhead.class.getName() + ".written";

    private WriteAhead() {
    }

    /**
     * Whether the current handler may write following events of its batch with its own (see the class comment); when
     * false it writes its own event alone.
     */
    public static boolean possible() {
        return BatchSavepoints.writingAheadPossible();
    }

    /**
     * The events after {@code own} (the handler's event) in its batch, in their order; empty when writing ahead is not
     * {@linkplain #possible() possible}. Their payloads are read on request (and then kept for their own turn). The
     * handler's own event is named, not taken from the unit of work: a handler run again after a later event failed
     * runs while the unit of work is at that later event.
     */
    public static List<? extends EventMessage<?>> following(Message<?> own) {
        if (!possible() || !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch)) {
            return List.of();
        }
        List<? extends EventMessage<?>> events = events(batch);
        String identifier = own.getIdentifier();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getIdentifier().equals(identifier)) {
                return events.subList(i + 1, events.size());
            }
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<? extends EventMessage<?>> events(BatchingUnitOfWork<?> batch) {
        for (Object message : batch.getMessages()) {
            if (!(message instanceof EventMessage<?>)) {
                return List.of();
            }
        }
        return (List<? extends EventMessage<?>>) batch.getMessages();
    }

    /**
     * Notes that the current handler wrote these events (of its batch) with its own; outside a unit of work there is
     * no batch, and nothing to note.
     */
    public static void wrote(Collection<? extends EventMessage<?>> events) {
        if (events.isEmpty() || !CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Set<String> written = root.getOrComputeResource(WRITTEN, key -> new HashSet<>());
        events.forEach(event -> written.add(event.getIdentifier()));
    }

    /** Whether an earlier handler of this batch already wrote this event: then its own handler has nothing to do. */
    public static boolean written(Message<?> event) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        Set<String> written = CurrentUnitOfWork.get().root().getResource(WRITTEN);
        return written != null && written.contains(event.getIdentifier());
    }

    /**
     * Thrown by a handler whose statement for its event and the following ones was refused: the batch then runs
     * event by event from this event on, this one included (see the class comment).
     */
    public static final class Refused extends RuntimeException {

        public Refused(Exception cause) {
            super("Writing several events at once was refused; they are written one by one", cause);
        }
    }
}
