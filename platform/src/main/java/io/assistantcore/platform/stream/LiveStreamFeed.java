package io.assistantcore.platform.stream;

import io.assistantcore.platform.eventstore.NodeEventTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live relay: it subscribes to the node's {@link NodeEventTail} and hands the events of each stream — a
 * suggestion's or a chat reply's (see {@link StreamEvents}) — to that node's subscribers (SSE and WebSocket clients,
 * requests that wait for a reply). Because the tail reads the shared event store, a client sees the events of a stream
 * that runs on any node, and one tail serves every client: no client reads the database while it waits.
 * <p>
 * For each stream it keeps what it saw lately — the latest attempt's chunks and every event that is not a chunk — for
 * a few minutes after its last event. A new subscriber first receives those, then every later event, each once and in
 * the order of the store (the hand-over and the relay of new events exclude each other). So a stream that reads the
 * history read model (which may trail under load) and then relays the feed misses nothing the tail saw while it is
 * kept; it needs the store only for what is older, or when a chunk's number shows a gap.
 * <p>
 * Subscribers run on the tail's thread and must not block.
 */
public class LiveStreamFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveStreamFeed.class);
    static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final NodeEventTail tail;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private volatile AutoCloseable subscription;
    private long dispatched;

    public LiveStreamFeed(NodeEventTail tail) {
        this.tail = tail;
    }

    /** Subscribes to the tail; events the tail delivers before this are not relayed. */
    public void start() {
        subscription = tail.subscribe("live-stream-feed", event -> dispatch(event.getPayload(), event.getTimestamp()));
    }

    /**
     * Hands {@code subscriber} the events of stream {@code streamId} (a suggestion or reply id) this node saw lately
     * (see the class comment), then every later one, until the returned handle is closed.
     */
    public AutoCloseable subscribe(String streamId, Consumer<Object> subscriber) {
        // atomic with the clean-up below, so a subscriber never joins an entry that is being dropped
        Stream stream = streams.compute(streamId, (id, known) -> {
            Stream joined = known == null ? new Stream() : known;
            joined.subscribe(subscriber);
            return joined;
        });
        return () -> stream.unsubscribe(subscriber);
    }

    /** Chunks of {@code attempt} after {@code afterSeq} that this node saw recently (possibly not all of them). */
    public List<StreamChunk> recentChunks(String streamId, int attempt, int afterSeq) {
        Stream stream = streams.get(streamId);
        return stream == null ? List.of() : stream.chunksAfter(attempt, afterSeq);
    }

    public int subscriberCount() {
        return streams.values().stream().mapToInt(Stream::subscriberCount).sum();
    }

    private void dispatch(Object payload, Instant storedAt) {
        String streamId = StreamEvents.streamIdOf(payload);
        if (streamId == null) {
            return;
        }
        streams.computeIfAbsent(streamId, id -> new Stream()).relay(streamId, payload, storedAt);
        if (++dispatched % 1000 == 0) {
            long horizon = System.nanoTime() - KEEP_NANOS;
            for (String id : streams.keySet()) {
                streams.computeIfPresent(id, (key, stream) -> stream.forgettable(horizon) ? null : stream);
            }
        }
    }

    @Override
    public void close() throws Exception {
        AutoCloseable current = subscription;
        if (current != null) {
            current.close();
        }
    }

    /**
     * A subscriber that is also told when each live event was stored (its message's timestamp), to measure how long
     * it takes to reach a client; events handed over from what the feed saw lately come without it (null).
     */
    public interface TimedSubscriber extends Consumer<Object> {

        void accept(Object payload, Instant storedAt);

        @Override
        default void accept(Object payload) {
            accept(payload, null);
        }
    }

    /** What the feed knows of one stream, and who listens to it; every method holds its lock. */
    private static final class Stream {

        private final List<Object> recent = new ArrayList<>();
        /** Copied on write: a subscriber may unsubscribe itself (or another) while it is being handed an event. */
        private final List<Consumer<Object>> subscribers = new CopyOnWriteArrayList<>();
        private int attempt;
        private long lastTouched = System.nanoTime();

        synchronized void relay(String streamId, Object payload, Instant storedAt) {
            int started = StreamEvents.attemptStartedBy(payload);
            if (started > attempt) {
                attempt = started;
                recent.removeIf(e -> {
                    StreamChunk chunk = StreamEvents.chunkOf(e);
                    return chunk != null && chunk.attempt() < attempt;
                });
            }
            recent.add(payload);
            lastTouched = System.nanoTime();
            for (Consumer<Object> subscriber : subscribers) {
                try {
                    if (subscriber instanceof TimedSubscriber timed) {
                        timed.accept(payload, storedAt);
                    } else {
                        subscriber.accept(payload);
                    }
                } catch (RuntimeException e) {
                    log.warn("A live subscriber of stream {} failed: {}", streamId, e.getClass().getName());
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

        synchronized List<StreamChunk> chunksAfter(int wantedAttempt, int afterSeq) {
            List<StreamChunk> chunks = new ArrayList<>();
            for (Object event : recent) {
                StreamChunk chunk = StreamEvents.chunkOf(event);
                if (chunk != null && chunk.attempt() == wantedAttempt && chunk.seq() > afterSeq) {
                    chunks.add(chunk);
                }
            }
            chunks.sort(Comparator.comparingInt(StreamChunk::seq));
            return chunks;
        }
    }
}
