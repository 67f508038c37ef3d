package io.assistantcore.platform.eventstore;

import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for events published outside a unit of work — the chunks of every running stream (suggestions and
 * chat replies): instead of one transaction per chunk, one writer thread appends whatever has been published since
 * its last commit in a single transaction (at most {@code maxEvents} events). Nothing waits on purpose: while one batch
 * commits, the next one gathers, so a batch is bounded by count and by the time of one commit.
 *
 * <p>{@link #publish} returns when its events are stored (or throws what storing them threw), exactly as a direct
 * publish does; a writer that publishes its chunks one after another therefore keeps their order, and a command sent
 * after them (the end of a stream) is stored after them. A batch that fails is retried publish by publish, so one bad
 * event fails only its own caller. Events published inside a unit of work join that unit's transaction as before.
 * The global index stays gap-aware: batches are ordinary transactions of the storage engine.
 */
public class GroupCommitEventGateway implements EventGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventGateway.class);

    private final EventBus eventBus;
    private final int maxEvents;
    private final BlockingQueue<Pending> queue;
    private final List<MessageDispatchInterceptor<? super EventMessage<?>>> interceptors = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private volatile boolean closed;

    private record Pending(List<EventMessage<?>> events, CompletableFuture<Void> stored) {
    }

    /** Tells the writer to stop once everything queued before it is stored. */
    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

    /**
     * @param maxEvents the most events one transaction appends
     * @param capacity  how many publishes may wait for the writer; a publisher beyond that waits for room
     */
    public GroupCommitEventGateway(EventBus eventBus, int maxEvents, int capacity) {
        if (maxEvents < 1 || capacity < 1) {
            throw new IllegalArgumentException("maxEvents and capacity must be at least 1");
        }
        this.eventBus = eventBus;
        this.maxEvents = maxEvents;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeLoop, "event-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void publish(List<?> events) {
        List<EventMessage<?>> messages = new ArrayList<>(events.size());
        for (Object event : events) {
            messages.add(intercepted(GenericEventMessage.asEventMessage(event)));
        }
        if (messages.isEmpty()) {
            return;
        }
        if (CurrentUnitOfWork.isStarted() || closed) {
            eventBus.publish(messages);
            return;
        }
        Pending pending = new Pending(messages, new CompletableFuture<>());
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to publish", e);
        }
        try {
            while (true) {
                try {
                    pending.stored().get(1, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException stillQueued) {
                    // published just as the writer stopped: nobody will take it from the queue any more
                    if (!writer.isAlive() && queue.remove(pending)) {
                        eventBus.publish(messages);
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // the events may still be stored; the caller is told it was interrupted, as with a direct publish
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the events were being stored", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private EventMessage<?> intercepted(EventMessage<?> message) {
        EventMessage<?> result = message;
        for (MessageDispatchInterceptor<? super EventMessage<?>> interceptor : interceptors) {
            result = (EventMessage<?>) interceptor.handle(result);
        }
        return result;
    }

    /** How many publishes wait for the writer (for tests and metrics). */
    public int queued() {
        return queue.size();
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super EventMessage<?>> dispatchInterceptor) {
        interceptors.add(dispatchInterceptor);
        return () -> interceptors.remove(dispatchInterceptor);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Pending first = queue.take();
                if (first == STOP) {
                    break;
                }
                batch.add(first);
                int events = first.events().size();
                Pending next;
                while (events < maxEvents && (next = queue.peek()) != null && next != STOP
                        && events + next.events().size() <= maxEvents) {
                    batch.add(queue.poll());
                    events += next.events().size();
                }
                store(batch, events);
            } catch (InterruptedException e) {
                stopping = true;
            } catch (RuntimeException | Error unexpected) {
                log.error("Group commit writer: {}", unexpected.toString());
                batch.forEach(p -> p.stored().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
        // published before the stop (or while the writer was interrupted): stored one by one
        Pending left;
        while ((left = queue.poll()) != null) {
            if (left != STOP) {
                publishOne(left);
            }
        }
    }

    private void store(List<Pending> batch, int events) {
        if (batch.size() == 1) {
            publishOne(batch.get(0));
            return;
        }
        List<EventMessage<?>> all = new ArrayList<>(events);
        batch.forEach(p -> all.addAll(p.events()));
        try {
            eventBus.publish(all);
        } catch (RuntimeException failed) {
            // retried one by one: a bad event fails only its own publisher
            batch.forEach(this::publishOne);
            return;
        }
        batch.forEach(p -> p.stored().complete(null));
    }

    private void publishOne(Pending pending) {
        try {
            eventBus.publish(pending.events());
            pending.stored().complete(null);
        } catch (RuntimeException | Error failed) {
            pending.stored().completeExceptionally(failed);
        }
    }

    /** Stores what was published before, then stops; later publishes go straight to the event bus. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (!queue.offer(STOP, 10, TimeUnit.SECONDS)) {
            writer.interrupt();
        }
        writer.join(30_000);
    }
}
