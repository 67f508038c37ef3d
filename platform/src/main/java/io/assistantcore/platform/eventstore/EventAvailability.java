package io.assistantcore.platform.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells pooled streaming processors at once when events are stored. Axon's embedded event store offers no
 * "events available" callback, so a pooled processor without one polls every 500 ms — the delay every read model
 * would otherwise show after each write. Streams opened through {@link #wrap} accept the callback; this subscribes to
 * the node's {@link NodeEventTail} and, after each batch of events it delivers (from this node or another), wakes
 * every registered processor from a thread of its own (so the tail never waits for them), and at least every
 * {@link #POLL} anyway, so a processor never waits longer than Axon's own poll.
 * <p>
 * After waking them the thread pauses {@link #SETTLE}, so that under a burst the processors are woken at most that
 * often. A processor that starts work a user is waiting for (the AI workers) reads through {@link #wrapUrgent}
 * instead: it is woken after every batch at once, from the tail's thread, so a request stored just after another
 * does not wait out the pause before its model call starts.
 */
public class EventAvailability implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(500);
    static final Duration SETTLE = Duration.ofMillis(20);

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> urgentCallbacks = ConcurrentHashMap.newKeySet();
    private final Semaphore arrived = new Semaphore(0);
    private final Thread waker;
    private volatile AutoCloseable subscription;
    private volatile boolean stopped;
    private volatile boolean pending;
    private volatile StreamableMessageSource<TrackedEventMessage<?>> source;
    private volatile StreamableMessageSource<TrackedEventMessage<?>> urgentSource;

    public EventAvailability() {
        this.waker = new Thread(this::wakeProcessors, "processor-wake-ups");
        this.waker.setDaemon(true);
        this.waker.start();
    }

    /** Wakes the processors after the batches that {@code tail} delivers. */
    public void follow(NodeEventTail tail) {
        this.subscription = tail.subscribe("processor wake-ups", new NodeEventTail.Subscriber() {
            @Override
            public void onEvent(TrackedEventMessage<?> event) {
                pending = true;
            }

            @Override
            public void afterBatch() {
                if (pending) {
                    pending = false;
                    // each callback only schedules its processor's coordinator: cheap enough for the tail's thread
                    wake(urgentCallbacks);
                    arrived.release();
                }
            }
        });
    }

    /** The event source that processors should read from: {@code eventStore} with availability callbacks. */
    public synchronized StreamableMessageSource<TrackedEventMessage<?>> wrap(
            StreamableMessageSource<TrackedEventMessage<?>> eventStore) {
        if (source == null) {
            source = new NotifyingSource(eventStore, callbacks);
        }
        return source;
    }

    /**
     * The event source for processors that start work someone waits for: {@code eventStore} with callbacks run after
     * every batch the tail delivers, without the settling pause (see the class comment).
     */
    public synchronized StreamableMessageSource<TrackedEventMessage<?>> wrapUrgent(
            StreamableMessageSource<TrackedEventMessage<?>> eventStore) {
        if (urgentSource == null) {
            urgentSource = new NotifyingSource(eventStore, urgentCallbacks);
        }
        return urgentSource;
    }

    /** Wakes every registered processor when events arrived (or POLL passed), then lets a burst settle. */
    private void wakeProcessors() {
        while (!stopped) {
            try {
                boolean events = arrived.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                arrived.drainPermits();
                wake(callbacks);
                if (!events) {
                    wake(urgentCallbacks); // the poll; after events the tail woke them already
                }
                if (events) {
                    // Under a burst the processors are busy anyway; waking them at most every SETTLE keeps this
                    // thread from adding work exactly when CPU is scarce.
                    Thread.sleep(SETTLE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void wake(Set<Runnable> processors) {
        for (Runnable processor : processors) {
            try {
                processor.run();
            } catch (RuntimeException e) {
                // a processor's callback failing must not stop the others' wake-ups
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        waker.interrupt();
        AutoCloseable current = subscription;
        if (current != null) {
            current.close();
        }
    }

    private final class NotifyingSource implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final StreamableMessageSource<TrackedEventMessage<?>> delegate;
        private final Set<Runnable> registry;

        NotifyingSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, Set<Runnable> registry) {
            this.delegate = delegate;
            this.registry = registry;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return new NotifyingStream(delegate.openStream(trackingToken), registry);
        }

        @Override
        public TrackingToken createTailToken() {
            return delegate.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return delegate.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return delegate.createTokenAt(dateTime);
        }

        @Override
        public TrackingToken createTokenSince(Duration duration) {
            return delegate.createTokenSince(duration);
        }
    }

    /**
     * A processor's stream: it wakes its processor (the callback above) and leaves out the events whose payload type
     * the processor said it has no handler for ({@link #skipMessagesWithPayloadTypeOf}, which Axon's coordinator calls
     * when no segment could handle an event and the processor handles no such type at all). Axon's own embedded store
     * ignores that hint, so every processor was otherwise offered every event: each of its segments checked it,
     * queued it and worked through it only to move the token on — with some twenty processors and a dozen events per
     * request, most of the processors' CPU under load. An event's tracking token covers every event before it, so
     * leaving events out loses nothing; to keep each processor's position at the head when it is idle, the last
     * event left out is handed over after all once the stream has nothing more, and one in every {@link #PASS_EVERY}
     * is handed over anyway during long runs (a restarted processor then never reads back further than that).
     */
    static final class NotifyingStream implements BlockingStream<TrackedEventMessage<?>> {

        /** During a long run of events left out, one in this many is handed over so that the position moves on. */
        static final int PASS_EVERY = 1024;

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final Set<Runnable> registry;
        private final Set<Class<?>> skipped = ConcurrentHashMap.newKeySet();
        private volatile Runnable callback;
        /** The next event to hand over, taken from the delegate already. */
        private TrackedEventMessage<?> ready;
        /** The last event left out since the last one handed over (handed over when nothing else comes). */
        private TrackedEventMessage<?> held;
        private int heldInRow;

        NotifyingStream(BlockingStream<TrackedEventMessage<?>> delegate, Set<Runnable> registry) {
            this.delegate = delegate;
            this.registry = registry;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            try {
                return fill(0) ? Optional.of(ready) : Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.ofNullable(ready);
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return fill(unit.toNanos(timeout));
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            // blocks the way the store's own stream does while nothing is there
            while (!fill(0) && !consider(delegate.nextAvailable())) {
                // left out: look again (it is handed over if nothing follows it)
            }
            TrackedEventMessage<?> next = ready;
            ready = null;
            return next;
        }

        /** Makes {@code ready} the next event to hand over, waiting up to {@code timeoutNanos}; false if none. */
        private boolean fill(long timeoutNanos) throws InterruptedException {
            if (ready != null) {
                return true;
            }
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                long remaining = Math.max(0, deadline - System.nanoTime());
                if (!delegate.hasNextAvailable((int) Math.min(remaining / 1_000_000, Integer.MAX_VALUE),
                        TimeUnit.MILLISECONDS)) {
                    if (held != null) {
                        // nothing more for now: hand the last event left out over, so the position reaches the head
                        pass(held);
                        return true;
                    }
                    return false;
                }
                if (consider(delegate.nextAvailable())) {
                    return true;
                }
            }
        }

        /** Makes {@code next} the one to hand over (true), or holds it back as left out (false). */
        private boolean consider(TrackedEventMessage<?> next) {
            if (!skipped.isEmpty() && skipped.contains(next.getPayloadType())) {
                held = next;
                if (++heldInRow < PASS_EVERY) {
                    return false;
                }
            }
            pass(next);
            return true;
        }

        private void pass(TrackedEventMessage<?> next) {
            ready = next;
            held = null;
            heldInRow = 0;
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            skipped.add(ignoredMessage.getPayloadType());
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable newCallback) {
            Runnable previous = callback;
            if (previous != null) {
                registry.remove(previous);
            }
            callback = newCallback;
            registry.add(newCallback);
            return true;
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                registry.remove(current);
            }
            delegate.close();
        }
    }
}
