package io.assistantcore.platform.assist;

import io.assistantcore.messages.assist.AssistEvents;
import io.assistantcore.platform.eventstore.EventStoreTail;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live relay: every node tails the event store from its head and hands each suggestion's events to that node's
 * subscribers (SSE and WebSocket clients). Because it reads the shared event store, a client sees the tokens of a
 * stream that runs on any node. Subscribers must not block; stored history is read separately (see the stream
 * session in the API), so nothing is lost when a subscriber joins late.
 */
public class LiveSuggestionFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveSuggestionFeed.class);

    private final EventStoreTail tail;
    private final Map<String, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();
    /**
     * The chunks of each suggestion's latest attempt seen lately, so a stream that subscribes late, or sees a gap,
     * fills it at once instead of waiting for the history projection, which may trail under load.
     */
    private final Map<String, RecentChunks> recent = new ConcurrentHashMap<>();
    private long dispatched;

    public LiveSuggestionFeed(StreamableMessageSource<TrackedEventMessage<?>> eventStore) {
        this.tail = new EventStoreTail("live-suggestion-feed", eventStore, event -> dispatch(event.getPayload()),
                () -> {
                }, Duration.ofMillis(500));
    }

    public void start() {
        tail.start();
    }

    /** Receives every event about {@code suggestionId} stored from now on, until the returned handle is closed. */
    public AutoCloseable subscribe(String suggestionId, Consumer<Object> subscriber) {
        subscribers.computeIfAbsent(suggestionId, id -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> subscribers.computeIfPresent(suggestionId, (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    /** Chunks of {@code attempt} after {@code afterSeq} that this node saw recently (possibly not all of them). */
    public List<AssistEvents.SuggestionTokensStreamed> recentChunks(String suggestionId, int attempt, int afterSeq) {
        RecentChunks chunks = recent.get(suggestionId);
        return chunks == null ? List.of() : chunks.after(attempt, afterSeq);
    }

    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(List::size).sum();
    }

    private void dispatch(Object payload) {
        String suggestionId = suggestionIdOf(payload);
        if (suggestionId == null) {
            return;
        }
        if (payload instanceof AssistEvents.SuggestionTokensStreamed chunk) {
            recent.computeIfAbsent(suggestionId, id -> new RecentChunks()).add(chunk);
        }
        if (++dispatched % 1000 == 0) {
            long horizon = System.nanoTime() - RecentChunks.KEEP_NANOS;
            recent.values().removeIf(chunks -> chunks.lastTouched < horizon);
        }
        List<Consumer<Object>> listeners = subscribers.get(suggestionId);
        if (listeners == null) {
            return;
        }
        for (Consumer<Object> listener : listeners) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                log.warn("A live subscriber of suggestion {} failed: {}", suggestionId, e.toString());
            }
        }
    }

    static String suggestionIdOf(Object payload) {
        if (payload instanceof AssistEvents.SuggestionTokensStreamed e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.SuggestionCompleted e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.SuggestionFailed e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.SuggestionCancelled e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.SuggestionRegenerated e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.ProviderFailedOver e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.SuggestionAttemptRestarted e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.SuggestionStreamStarted e) {
            return e.suggestionId();
        } else if (payload instanceof AssistEvents.AttemptUsageRecorded e) {
            return e.suggestionId();
        }
        return null;
    }

    @Override
    public void close() {
        tail.close();
    }

    /** The latest attempt's chunks of one suggestion, kept for a few minutes after its last chunk. */
    private static final class RecentChunks {
        static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(2);
        private final NavigableMap<Integer, AssistEvents.SuggestionTokensStreamed> bySeq = new TreeMap<>();
        private int attempt;
        private volatile long lastTouched = System.nanoTime();

        synchronized void add(AssistEvents.SuggestionTokensStreamed chunk) {
            if (chunk.attempt() > attempt) {
                attempt = chunk.attempt();
                bySeq.clear();
            }
            if (chunk.attempt() == attempt) {
                bySeq.put(chunk.seq(), chunk);
            }
            lastTouched = System.nanoTime();
        }

        synchronized List<AssistEvents.SuggestionTokensStreamed> after(int wantedAttempt, int afterSeq) {
            if (wantedAttempt != attempt) {
                return List.of();
            }
            return List.copyOf(bySeq.tailMap(afterSeq, false).values());
        }
    }
}
