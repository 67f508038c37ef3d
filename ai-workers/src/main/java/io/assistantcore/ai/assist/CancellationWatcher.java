package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.platform.eventstore.NodeEventTail;

/**
 * Cancels the attempts this node runs as soon as their {@code SuggestionCancelled} or {@code ReplyCancelled} is
 * stored — whichever node took the cancel command. It subscribes to the node's event-store tail (which other nodes' commits wake through
 * {@code LISTEN/NOTIFY}), so it does not wait for an event processor's batch: the provider connection closes right
 * after the cancel is committed.
 */
public class CancellationWatcher implements AutoCloseable {

    private final NodeEventTail tail;
    private final RunningAttempts running;
    private volatile AutoCloseable subscription;

    public CancellationWatcher(NodeEventTail tail, RunningAttempts running) {
        this.tail = tail;
        this.running = running;
    }

    public void start() {
        subscription = tail.subscribe("cancellation-watcher", event -> {
            if (event.getPayload() instanceof SuggestionCancelled cancelled) {
                running.cancel(cancelled.suggestionId(), cancelled.attempt());
            } else if (event.getPayload() instanceof ReplyCancelled cancelled) {
                running.cancel(cancelled.replyId(), cancelled.attempt());
            }
        });
    }

    @Override
    public void close() throws Exception {
        AutoCloseable current = subscription;
        if (current != null) {
            current.close();
        }
    }
}
