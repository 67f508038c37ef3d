package io.assistantcore.platform.assist;

import io.assistantcore.messages.assist.AssistEvents;
import io.assistantcore.platform.eventstore.NodeEventTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live relay: it subscribes to the node's {@link NodeEventTail} and hands each suggestion's events to that node's
 * subscribers (SSE and WebSocket clients). Because the tail reads the shared event store, a client sees the events of
 * a stream that runs on any node, and one tail serves every client: no client reads the database while it waits.
 * <p>
 * For each suggestion it keeps what it saw lately — the latest attempt's chunks and every event that is not a chunk —
 * for a few minutes after its last event. A new subscriber first receives those, then every later event, each once and
 * in the order of the store (the hand-over and the relay of new events exclude each other). So a stream that reads
 * the history read model (which may trail under load) and then relays the feed misses nothing the tail saw while it
 * is kept; it needs the store only for what is older, or when a chunk's number shows a gap.
 * <p>
 * Subscribers run on the tail's thread and must not block.
 */
public class LiveSuggestionFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveSuggestionFeed.class);
    static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final NodeEventTail tail;
    private final Map<String, Suggestion> suggestions = new ConcurrentHashMap<>();
    private volatile AutoCloseable subscription;
    private long dispatched;

    public LiveSuggestionFeed(NodeEventTail tail) {
        this.tail = tail;
    }

    /** Subscribes to the tail; events the tail delivers before this are not relayed. */
    public void start() {
        subscription = tail.subscribe("live-suggestion-feed", event -> dispatch(event.getPayload()));
    }

    /**
     * Hands {@code subscriber} the events of {@code suggestionId} this node saw lately (see the class comment), then
     * every later one, until the returned handle is closed.
     */
    public AutoCloseable subscribe(String suggestionId, Consumer<Object> subscriber) {
        // atomic with the clean-up below, so a subscriber never joins an entry that is being dropped
        Suggestion suggestion = suggestions.compute(suggestionId, (id, known) -> {
            Suggestion joined = known == null ? new Suggestion() : known;
            joined.subscribe(subscriber);
            return joined;
        });
        return () -> suggestion.unsubscribe(subscriber);
    }

    /** Chunks of {@code attempt} after {@code afterSeq} that this node saw recently (possibly not all of them). */
    public List<AssistEvents.SuggestionTokensStreamed> recentChunks(String suggestionId, int attempt, int afterSeq) {
        Suggestion suggestion = suggestions.get(suggestionId);
        return suggestion == null ? List.of() : suggestion.chunksAfter(attempt, afterSeq);
    }

    public int subscriberCount() {
        return suggestions.values().stream().mapToInt(Suggestion::subscriberCount).sum();
    }

    private void dispatch(Object payload) {
        String suggestionId = suggestionIdOf(payload);
        if (suggestionId == null) {
            return;
        }
        suggestions.computeIfAbsent(suggestionId, id -> new Suggestion()).relay(suggestionId, payload);
        if (++dispatched % 1000 == 0) {
            long horizon = System.nanoTime() - KEEP_NANOS;
            for (String id : suggestions.keySet()) {
                suggestions.computeIfPresent(id, (key, suggestion) -> suggestion.forgettable(horizon) ? null
                        : suggestion);
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

    /** The attempt an event starts: a new attempt drops the chunks of older ones. 0 when it starts none. */
    private static int attemptStartedBy(Object payload) {
        if (payload instanceof AssistEvents.SuggestionTokensStreamed e) {
            return e.attempt();
        } else if (payload instanceof AssistEvents.SuggestionRegenerated e) {
            return e.attempt();
        } else if (payload instanceof AssistEvents.ProviderFailedOver e) {
            return e.nextAttempt();
        } else if (payload instanceof AssistEvents.SuggestionAttemptRestarted e) {
            return e.attempt();
        }
        return 0;
    }

    @Override
    public void close() throws Exception {
        AutoCloseable current = subscription;
        if (current != null) {
            current.close();
        }
    }

    /** What the feed knows of one suggestion, and who listens to it; every method holds its lock. */
    private static final class Suggestion {

        private final List<Object> recent = new ArrayList<>();
        private final List<Consumer<Object>> subscribers = new ArrayList<>();
        private int attempt;
        private long lastTouched = System.nanoTime();

        synchronized void relay(String suggestionId, Object payload) {
            int started = attemptStartedBy(payload);
            if (started > attempt) {
                attempt = started;
                recent.removeIf(e -> e instanceof AssistEvents.SuggestionTokensStreamed chunk
                        && chunk.attempt() < attempt);
            }
            recent.add(payload);
            lastTouched = System.nanoTime();
            for (Consumer<Object> subscriber : subscribers) {
                try {
                    subscriber.accept(payload);
                } catch (RuntimeException e) {
                    log.warn("A live subscriber of suggestion {} failed: {}", suggestionId, e.getClass().getName());
                }
            }
        }

        synchronized void subscribe(Consumer<Object> subscriber) {
            recent.forEach(subscriber);
            subscribers.add(subscriber);
            lastTouched = System.nanoTime();
        }

        synchronized void unsubscribe(Consumer<Object> subscriber) {
            subscribers.remove(subscriber);
            lastTouched = System.nanoTime();
        }

        synchronized int subscriberCount() {
            return subscribers.size();
        }

        synchronized boolean forgettable(long horizon) {
            return subscribers.isEmpty() && lastTouched < horizon;
        }

        synchronized List<AssistEvents.SuggestionTokensStreamed> chunksAfter(int wantedAttempt, int afterSeq) {
            List<AssistEvents.SuggestionTokensStreamed> chunks = new ArrayList<>();
            for (Object event : recent) {
                if (event instanceof AssistEvents.SuggestionTokensStreamed chunk && chunk.attempt() == wantedAttempt
                        && chunk.seq() > afterSeq) {
                    chunks.add(chunk);
                }
            }
            chunks.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
            return chunks;
        }
    }
}
