package io.assistantcore.platform.deadletter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the event handlers of a dead-lettering projection in savepoints of the batch's transaction, one savepoint per
 * batch while the batch goes well. A statement PostgreSQL refuses aborts the whole transaction; without a savepoint,
 * the dead letter could not be stored in it, nor could the batch's other events or its token: the processor would
 * retry the batch for ever.
 * <p>
 * The first handler of a batch sets a savepoint, and the handlers after it write without one. When a handler fails,
 * the batch goes back to that savepoint and the handlers that had succeeded since are run again, in their order, so
 * their writes are kept; the failure then reaches the dead-letter queue (its transaction intact), and the rest of the
 * batch runs event by event with a savepoint each, as the failing event's sequence may come back. Handlers of these
 * projections only write to the database (no state in memory), so running one again gives what it wrote before.
 * <p>
 * Writes of the batch's transaction that are not a handler's — the dead-letter queue adding an event to a sequence
 * that waits in it — must never be undone by going back to the batch's savepoint: the queue {@linkplain #seal()
 * seals} the savepoint (keeps what came before it) before each of its writes, and the next handler sets a new one.
 * Should running a handler again fail (it did not the first time), the whole batch fails with
 * {@link RedoFailedException} and nothing of it is kept; the processor takes the batch again later.
 * <p>
 * A handler may write the events after its own together with it ({@link WriteAhead}) while the batch runs in its
 * savepoint. If that statement is refused (the handler throws {@link WriteAhead.Refused}), the batch goes back to its
 * savepoint as for any failure, and the handler runs once more, on its own event only, in a savepoint of its own:
 * which event was refused is then found event by event.
 */
class BatchSavepoints implements HandlerEnhancerDefinition {

    private static final String RESOURCE = BatchSavepoints.class.getName();
    /** Set while letters are taken from a dead-letter queue: a savepoint per event then. */
    private static final ThreadLocal<Boolean> EVENT_BY_EVENT = new ThreadLocal<>();

    private final Set<String> processingGroups;
    private final PlatformTransactionManager transactions;
    private final TransactionTemplate perEvent;
    private final DefaultTransactionDefinition nested;

    BatchSavepoints(Set<String> processingGroups, PlatformTransactionManager transactions) {
        this.processingGroups = processingGroups;
        this.transactions = transactions;
        this.perEvent = new TransactionTemplate(transactions);
        this.perEvent.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.nested = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !inDeadLetteringGroup(original)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                return BatchSavepoints.this.handle(() -> original.handle(message, target));
            }
        };
    }

    /** Runs one handler in the current batch's savepoint, or in a savepoint of its own (see the class comment). */
    Object handle(Invocation invocation) throws Exception {
        Batch batch = batch();
        return batch == null ? inOwnSavepoint(invocation) : batch.handle(invocation);
    }

    /**
     * Keeps what the batch's handlers wrote so far whatever comes after: the dead-letter queue calls this before it
     * writes in the batch's transaction.
     */
    static void seal() {
        if (CurrentUnitOfWork.isStarted()) {
            Batch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (batch != null) {
                batch.seal();
            }
        }
    }

    /**
     * Whether the running handler may write following events of its batch with its own ({@link WriteAhead}): it runs
     * in the batch's savepoint (or is run again after a failure of a later event, as it ran the first time).
     */
    static boolean writingAheadPossible() {
        if (EVENT_BY_EVENT.get() != null || !CurrentUnitOfWork.isStarted()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        Batch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        return batch != null && batch.writingAheadPossible();
    }

    /** Runs {@code work} with a savepoint per handler, whatever batch it runs in. */
    static <T> T eventByEvent(Supplier<T> work) {
        Boolean before = EVENT_BY_EVENT.get();
        EVENT_BY_EVENT.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                EVENT_BY_EVENT.remove();
            }
        }
    }

    /**
     * The savepoint state of the current batch, or null (a savepoint per handler) outside a transaction of a unit of
     * work and while letters are taken from a dead-letter queue.
     */
    private Batch batch() {
        if (EVENT_BY_EVENT.get() != null || !CurrentUnitOfWork.isStarted()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(u -> batch.seal());
            return batch;
        });
    }

    private Object inOwnSavepoint(Invocation invocation) throws Exception {
        Exception[] failure = new Exception[1];
        Object result = perEvent.execute(status -> {
            try {
                return invocation.run();
            } catch (Exception e) {
                failure[0] = e;
                status.setRollbackOnly();
                return null;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return result;
    }

    private boolean inDeadLetteringGroup(MessageHandlingMember<?> member) {
        Class<?> declaring;
        try {
            declaring = member.declaringClass();
        } catch (UnsupportedOperationException e) {
            return false;
        }
        ProcessingGroup group = AnnotationUtils.findAnnotation(declaring, ProcessingGroup.class);
        return group != null && processingGroups.contains(group.value());
    }

    /** One handler called with one event. */
    @FunctionalInterface
    interface Invocation {
        Object run() throws Exception;
    }

    /** One batch: its savepoint, the handlers run since, and whether a failure switched it to one per event. */
    private final class Batch {

        private TransactionStatus savepoint;
        private final List<Invocation> since = new ArrayList<>();
        private boolean perEventFromNowOn;
        private boolean redoing;

        boolean writingAheadPossible() {
            return !perEventFromNowOn && (savepoint != null || redoing);
        }

        Object handle(Invocation invocation) throws Exception {
            if (perEventFromNowOn) {
                return inOwnSavepoint(invocation);
            }
            if (savepoint == null) {
                savepoint = transactions.getTransaction(nested);
            }
            Object result;
            try {
                result = invocation.run();
            } catch (Exception failure) {
                TransactionStatus toUndo = savepoint;
                savepoint = null;
                transactions.rollback(toUndo);
                try {
                    redo();
                } finally {
                    perEventFromNowOn = true;
                }
                if (failure instanceof WriteAhead.Refused) {
                    // written with the events after it, something was refused: this event alone now
                    return inOwnSavepoint(invocation);
                }
                throw failure;
            }
            since.add(invocation);
            return result;
        }

        /**
         * Runs the handlers that had succeeded since the savepoint again, in their order; those that wrote events
         * ahead ({@link WriteAhead}) do so again.
         */
        private void redo() {
            List<Invocation> again = new ArrayList<>(since);
            since.clear();
            redoing = true;
            try {
                for (Invocation invocation : again) {
                    try {
                        invocation.run();
                    } catch (Exception e) {
                        throw new RedoFailedException(e);
                    }
                }
            } finally {
                redoing = false;
            }
        }

        void seal() {
            since.clear();
            if (savepoint != null) {
                TransactionStatus toRelease = savepoint;
                savepoint = null;
                try {
                    transactions.commit(toRelease);
                } catch (UnexpectedRollbackException e) {
                    // the batch's transaction was marked for rollback: it fails as a whole, and reports it itself
                }
            }
        }
    }

    /**
     * Running a handler of the batch again failed: the batch's transaction cannot hold all of its events, so the whole
     * batch must fail (the dead-letter policy lets it through) and be taken again.
     */
    static final class RedoFailedException extends RuntimeException {

        RedoFailedException(Exception cause) {
            super("Handling an event again after another event of its batch failed did not succeed; the batch is "
                    + "taken again", cause);
        }
    }
}
