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
 */
public class EventAvailability implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(500);
    static final Duration SETTLE = Duration.ofMillis(20);

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Semaphore arrived = new Semaphore(0);
    private final Thread waker;
    private volatile AutoCloseable subscription;
    private volatile boolean stopped;
    private volatile boolean pending;
    private volatile StreamableMessageSource<TrackedEventMessage<?>> source;

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
                    arrived.release();
                }
            }
        });
    }

    /** The event source that processors should read from: {@code eventStore} with availability callbacks. */
    public synchronized StreamableMessageSource<TrackedEventMessage<?>> wrap(
            StreamableMessageSource<TrackedEventMessage<?>> eventStore) {
        if (source == null) {
            source = new NotifyingSource(eventStore);
        }
        return source;
    }

    /** Wakes every registered processor when events arrived (or POLL passed), then lets a burst settle. */
    private void wakeProcessors() {
        while (!stopped) {
            try {
                boolean events = arrived.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                arrived.drainPermits();
                callbacks.forEach(Runnable::run);
                if (events) {
                    // Under a burst the processors are busy anyway; waking them at most every SETTLE keeps this
                    // thread from adding work exactly when CPU is scarce.
                    Thread.sleep(SETTLE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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

        NotifyingSource(StreamableMessageSource<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return new NotifyingStream(delegate.openStream(trackingToken));
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

    private final class NotifyingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        NotifyingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable newCallback) {
            Runnable previous = callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            callback = newCallback;
            callbacks.add(newCallback);
            return true;
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            delegate.close();
        }
    }
}
