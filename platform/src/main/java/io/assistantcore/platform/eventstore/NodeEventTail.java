package io.assistantcore.platform.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's one tail of the event store: a single daemon thread follows one tracking stream and hands every event,
 * in the order of the store, to every subscriber (the live relay of suggestions, the cancellation watcher, the
 * processors' wake-ups). How soon it sees an event depends on the event store it follows: the node's own commits wake
 * it at once, other nodes' commits through {@link EventNotificationListener}.
 * <p>
 * Each event reaches each subscriber once, in the order the store hands them out, which keeps the order of every
 * aggregate (and of every suggestion's chunks, which are written one after another). The stream tracks gaps in the
 * global index ({@code GapAwareTrackingToken}), so an event whose transaction commits after a later one is still
 * delivered when it commits. A broken stream is reopened at the last event delivered, not at the head, so nothing is
 * skipped or repeated. Where it starts is the caller's choice (the head, or a little before it so that a node that
 * just started knows recent events); nothing is remembered across restarts: this is for live signals, not read
 * models.
 * <p>
 * Subscribers run on the tail's thread and must not block: they hand events to a queue or flip a flag.
 */
public final class NodeEventTail implements AutoCloseable {

    /** What a subscriber receives. */
    public interface Subscriber {

        void onEvent(TrackedEventMessage<?> event);

        /** After the events that were available at once were handed over (at most {@link #BATCH} of them). */
        default void afterBatch() {
        }
    }

    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(NodeEventTail.class);
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final Supplier<TrackingToken> start;
    private final List<Named> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile BlockingStream<TrackedEventMessage<?>> stream;
    private volatile TrackingToken position;
    private volatile long delivered;

    /** A tail that starts at the head of the store: it sees what is stored after {@link #start()}. */
    public NodeEventTail(StreamableMessageSource<TrackedEventMessage<?>> eventStore) {
        this(eventStore, eventStore::createHeadToken);
    }

    /** @param start where the tail starts, asked when it opens its stream for the first time */
    public NodeEventTail(StreamableMessageSource<TrackedEventMessage<?>> eventStore, Supplier<TrackingToken> start) {
        this.eventStore = eventStore;
        this.start = start;
        this.thread = new Thread(this::follow, "event-store-tail");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Hands {@code subscriber} every event the tail delivers from now on, until the returned handle is closed.
     *
     * @param name for the log, when the subscriber fails
     */
    public AutoCloseable subscribe(String name, Subscriber subscriber) {
        Named named = new Named(name, subscriber);
        subscribers.add(named);
        return () -> subscribers.remove(named);
    }

    /** How many events the tail has handed over since it started. */
    public long delivered() {
        return delivered;
    }

    private void follow() {
        long backoff = 100;
        while (!stopped) {
            try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(
                    position != null ? position : start.get())) {
                stream = events;
                while (!stopped) {
                    if (!events.hasNextAvailable((int) WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    int count = 0;
                    while (count < BATCH && events.hasNextAvailable()) {
                        TrackedEventMessage<?> event = events.nextAvailable();
                        position = event.trackingToken();
                        deliver(event);
                        count++;
                    }
                    delivered += count;
                    afterBatch();
                    backoff = 100;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                log.warn("The event-store tail lost its stream ({}); reopening after the last event it delivered",
                        e.getClass().getName());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void deliver(TrackedEventMessage<?> event) {
        for (Named subscriber : subscribers) {
            try {
                subscriber.subscriber.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("Subscriber '{}' of the event-store tail failed on event {} ({})", subscriber.name,
                        event.getIdentifier(), e.getClass().getName());
            }
        }
    }

    private void afterBatch() {
        for (Named subscriber : subscribers) {
            try {
                subscriber.subscriber.afterBatch();
            } catch (RuntimeException e) {
                log.warn("Subscriber '{}' of the event-store tail failed after a batch ({})", subscriber.name,
                        e.getClass().getName());
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        BlockingStream<TrackedEventMessage<?>> current = stream;
        if (current != null) {
            current.close();
        }
        thread.interrupt();
    }

    private record Named(String name, Subscriber subscriber) {
    }
}
