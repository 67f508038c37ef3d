package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Every node tails the event store from its head and cancels the attempts it runs as soon as their
 * {@code SuggestionCancelled} is stored — whichever node took the cancel command. This path does not wait for an
 * event processor's batch, so the provider connection closes within milliseconds of the cancel.
 */
public class CancellationWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CancellationWatcher.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final RunningAttempts running;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile BlockingStream<TrackedEventMessage<?>> stream;

    public CancellationWatcher(StreamableMessageSource<TrackedEventMessage<?>> eventStore, RunningAttempts running) {
        this.eventStore = eventStore;
        this.running = running;
        this.thread = new Thread(this::watch, "cancellation-watcher");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void watch() {
        while (!stopped) {
            try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(eventStore.createHeadToken())) {
                stream = events;
                while (!stopped) {
                    if (events.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
                        TrackedEventMessage<?> event = events.nextAvailable();
                        if (event.getPayload() instanceof SuggestionCancelled cancelled) {
                            running.cancel(cancelled.suggestionId(), cancelled.attempt());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!stopped) {
                    log.warn("Cancellation watcher lost its event stream ({}); reopening", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
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
