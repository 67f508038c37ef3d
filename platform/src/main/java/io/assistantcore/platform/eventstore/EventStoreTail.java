package io.assistantcore.platform.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the event store from its head on a daemon thread: every event stored from now on, on any node, is handed
 * to {@code onEvent}; {@code onIdle} runs whenever {@code idle} passes without one. A broken stream is reopened at the
 * head. Nothing is remembered across restarts: this is for live signals, not for read models.
 */
public final class EventStoreTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStoreTail.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final Consumer<TrackedEventMessage<?>> onEvent;
    private final Runnable afterBatch;
    private final Duration idle;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile BlockingStream<TrackedEventMessage<?>> stream;

    /**
     * @param afterBatch runs after the events available at once were handed over, and after each idle wait
     */
    public EventStoreTail(String name, StreamableMessageSource<TrackedEventMessage<?>> eventStore,
                          Consumer<TrackedEventMessage<?>> onEvent, Runnable afterBatch, Duration idle) {
        this.eventStore = eventStore;
        this.onEvent = onEvent;
        this.afterBatch = afterBatch;
        this.idle = idle;
        this.thread = new Thread(this::follow, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void follow() {
        while (!stopped) {
            try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(eventStore.createHeadToken())) {
                stream = events;
                while (!stopped) {
                    if (events.hasNextAvailable((int) idle.toMillis(), TimeUnit.MILLISECONDS)) {
                        while (events.hasNextAvailable()) {
                            onEvent.accept(events.nextAvailable());
                        }
                    }
                    afterBatch.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                log.warn("{} lost its event stream ({}); reopening", thread.getName(), e.toString());
                try {
                    Thread.sleep(idle.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
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
}
