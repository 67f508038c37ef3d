package io.assistantcore.api.stream;

import io.assistantcore.api.stream.StreamKind.End;
import io.assistantcore.api.stream.StreamKind.Event;
import io.assistantcore.api.stream.StreamKind.Notice;
import io.assistantcore.api.stream.StreamKind.Snapshot;
import io.assistantcore.api.stream.StreamKind.Stage;
import io.assistantcore.api.stream.StreamKind.Step;
import io.assistantcore.api.web.DatabaseUnavailable;
import io.assistantcore.platform.stream.LiveStreamFeed;
import io.assistantcore.platform.stream.StreamChunk;
import io.assistantcore.platform.stream.StreamEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one stream (a suggestion's or a reply's, see {@link StreamKind}) to one client: first the stored events
 * after {@code from}, then live ones, with no gaps and no duplicates. It subscribes to the node's live feed before
 * reading the store; the feed first hands it what it saw of the stream lately, then every new event, each once. So the
 * store is read when the stream (re)subscribes, and again only when a chunk's number or a terminal event shows a gap
 * (the read model may trail the live feed by a moment); a quiet stream waits on the feed alone and never reads the
 * database.
 * <p>
 * Chunks are numbered per attempt; when a new attempt starts (regenerate, failover, a restart after a worker vanished)
 * the stream continues with it, each token naming its attempt. Every event's id is a {@link StreamPosition}:
 * {@code <attempt>.<stage>} for a reply's steps before its first chunk, {@code <attempt>.<seq>} for chunks,
 * {@code <attempt>.end} for the terminal event, so ids are unique and increasing across attempts and a client that
 * resumes after the terminal event gets nothing more. A finished stream replays and closes.
 */
public final class EventStream implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    /** The event that ends a stream cut short by a failure on the server: reconnect and resume. */
    public static final String INTERRUPTED = "interrupted";
    /** How long a client should wait before it resumes an interrupted stream. */
    public static final long RETRY_MILLIS = DatabaseUnavailable.RETRY_AFTER_SECONDS * 1000;
    private static final Duration GAP_WAIT = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** The longest pause between two reads of the store while it lacks chunks that a gap showed. */
    private static final long MAX_GAP_PAUSE_MILLIS = 200;

    private final StreamKind kind;
    private final StreamKind.Relay relay;
    private final LiveStreamFeed feed;
    private final String tenantId;
    private final String id;
    private final StreamPosition from;
    private final StreamSink sink;
    private final AutoCloseable permit;
    private final BlockingQueue<Object> live = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private AutoCloseable subscription;
    private int attempt;
    private int lastStage;
    private int lastSeq;
    private final StreamMeters.Meters meters;
    private StreamMeters.Outcome outcome = StreamMeters.Outcome.CLIENT_GONE;

    /** A live chunk with the time it was stored, for {@link StreamMeters#RELAY}. */
    private record Timed(Object event, Instant storedAt) {
    }

    public EventStream(StreamKind kind, LiveStreamFeed feed, String tenantId, String id, StreamPosition from,
                       StreamSink sink) {
        this(kind, feed, tenantId, id, from, sink, () -> {
        });
    }

    /** @param permit the stream's place under the stream limits, given back when the stream stops or ends */
    public EventStream(StreamKind kind, LiveStreamFeed feed, String tenantId, String id, StreamPosition from,
                       StreamSink sink, AutoCloseable permit) {
        this(kind, feed, tenantId, id, from, sink, permit, null);
    }

    /** @param meters the meters of this stream's transport and kind (null: not measured) */
    EventStream(StreamKind kind, LiveStreamFeed feed, String tenantId, String id, StreamPosition from,
                StreamSink sink, AutoCloseable permit, StreamMeters.Meters meters) {
        this.meters = meters;
        this.kind = kind;
        this.relay = kind.relay();
        this.permit = permit;
        this.feed = feed;
        this.tenantId = tenantId;
        this.id = id;
        this.from = from == null ? StreamPosition.START : from;
        this.sink = sink;
    }

    /** Subscribes to the live feed; call before {@link #run()} so nothing stored meanwhile is missed. */
    public void subscribe() {
        if (meters == null) {
            subscription = feed.subscribe(id, live::add);
            return;
        }
        subscription = feed.subscribe(id, (LiveStreamFeed.TimedSubscriber) (event, storedAt) -> live.add(
                storedAt != null && StreamEvents.chunkOf(event) != null ? new Timed(event, storedAt) : event));
    }

    public void stop() {
        stopped = true;
        live.add(Boolean.FALSE);
        releasePermit();
    }

    @Override
    public void run() {
        try {
            Snapshot view = kind.snapshot(tenantId, id).orElse(null);
            if (view == null) {
                outcome = StreamMeters.Outcome.NOT_FOUND;
                return;
            }
            if (!resumeAt(view)) {
                outcome = StreamMeters.Outcome.COMPLETED;
                return;
            }
            boolean current = view.attempt() == attempt;
            for (Event stage : stagesKnown(current ? view : null)) {
                if (!sendStage(stage)) {
                    return;
                }
            }
            if (!sendStored(Integer.MAX_VALUE)) {
                return;
            }
            if (current && view.end() != null) {
                for (Event notice : view.notices()) {
                    if (!sendNotice(notice)) {
                        return;
                    }
                }
                if (sink.send(view.end().type(), StreamPosition.terminal(attempt, lastSeq), view.end().data())) {
                    outcome = StreamMeters.Outcome.COMPLETED;
                }
                return;
            }
            relayLive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!stopped) {
                outcome = StreamMeters.Outcome.INTERRUPTED;
                sink.interrupted("server-stopping", RETRY_MILLIS);
            }
        } catch (RuntimeException e) {
            log.warn("Stream of {} {} ended by a failure: {}", kind.name(), id, e.toString());
            if (!stopped) {
                outcome = StreamMeters.Outcome.INTERRUPTED;
                sink.interrupted(DatabaseUnavailable.causedBy(e) ? "database-unavailable" : "server-error",
                        RETRY_MILLIS);
            }
        } finally {
            closeSubscription();
            releasePermit();
            sink.close();
            if (meters != null) {
                meters.ended(outcome);
            }
        }
    }

    /**
     * Places the stream after what the client already has; false when the client has the end of the latest attempt.
     * A client that has only an older attempt gets the latest one from its start. A client may know a newer attempt
     * than the read model shows here (the live feed runs ahead of the projection): it goes on with that one.
     */
    private boolean resumeAt(Snapshot view) {
        if (from.attempt() == null) {
            attempt = view.attempt();
            lastStage = from.stage();
            lastSeq = from.seq();
            return true;
        }
        if (from.attempt() < view.attempt()) {
            switchTo(view.attempt());
            return true;
        }
        attempt = from.attempt();
        lastStage = from.stage();
        lastSeq = from.seq();
        return !from.end();
    }

    /**
     * The current attempt's steps before its first chunk, in stage order: those the read model shows and those the
     * feed handed over on subscribing (the read model may trail the feed, and its chunks must not overtake them).
     */
    private Collection<Event> stagesKnown(Snapshot view) {
        TreeMap<Integer, Event> stages = new TreeMap<>();
        if (view != null) {
            view.stages().forEach(stage -> stages.put(StreamPosition.stageNumber(stage.type()), stage));
        }
        for (Object event : live.toArray()) {
            if (relay.step(event) instanceof Stage stage && stage.attempt() == attempt) {
                stages.putIfAbsent(StreamPosition.stageNumber(stage.event().type()), stage.event());
            }
        }
        return stages.values();
    }

    private void relayLive() throws InterruptedException {
        while (!stopped) {
            Object event = live.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                if (!sink.heartbeat()) {
                    return;
                }
                continue;
            }
            if (event == Boolean.FALSE) {
                continue;
            }
            Instant storedAt = null;
            if (event instanceof Timed timed) {
                event = timed.event();
                storedAt = timed.storedAt();
            }
            switchTo(StreamEvents.attemptStartedBy(event));
            StreamChunk chunk = StreamEvents.chunkOf(event);
            if (chunk != null) {
                if (chunk.attempt() == attempt && chunk.seq() > lastSeq) {
                    if (chunk.seq() > lastSeq + 1 && !fillGap(chunk.seq() - 1)) {
                        return;
                    }
                    if (!sendToken(chunk.attempt(), chunk.seq(), chunk.text())) {
                        return;
                    }
                    if (storedAt != null) {
                        meters.relayed(storedAt);
                    }
                }
                continue;
            }
            Step step = relay.step(event);
            if (step instanceof Stage stage) {
                switchTo(stage.attempt());
                if (stage.attempt() == attempt && !sendStage(stage.event())) {
                    return;
                }
            } else if (step instanceof Notice notice) {
                switchTo(notice.attempt());
                if ((notice.attempt() == 0 || notice.attempt() == attempt) && !sendNotice(notice.event())) {
                    return;
                }
            } else if (step instanceof End end && end.attempt() == attempt) {
                if (fillGap(end.untilSeq()) && sink.send(end.event().type(), StreamPosition.terminal(attempt, lastSeq),
                        end.event().data())) {
                    outcome = StreamMeters.Outcome.COMPLETED;
                }
                return;
            }
        }
    }

    private void switchTo(int newAttempt) {
        if (newAttempt > attempt) {
            attempt = newAttempt;
            lastStage = 0;
            lastSeq = 0;
        }
    }

    /** Sends a step before the first chunk, unless the client has it (or is past it) already. */
    private boolean sendStage(Event stage) {
        int number = StreamPosition.stageNumber(stage.type());
        if (number <= lastStage || lastSeq > 0) {
            return true;
        }
        lastStage = number;
        return sink.send(stage.type(), StreamPosition.stage(attempt, stage.type()), stage.data());
    }

    /** Sends an event between stages and chunks under the id of the position the client has reached. */
    private boolean sendNotice(Event notice) {
        StreamPosition at = lastSeq > 0 ? StreamPosition.token(attempt, lastSeq)
                : lastStage > 0 && lastStage <= StreamPosition.STAGES.size()
                ? StreamPosition.stage(attempt, StreamPosition.STAGES.get(lastStage - 1))
                : new StreamPosition(attempt, 0, 0, false);
        return sink.send(notice.type(), at, notice.data());
    }

    /**
     * Sends the chunks of the current attempt after {@code lastSeq}, up to {@code untilSeq}, in order, from the
     * store and from what the live feed saw lately (the store may trail under load); stops at the first missing.
     */
    private boolean sendStored(int untilSeq) {
        TreeMap<Integer, String> known = new TreeMap<>();
        for (StreamChunk chunk : feed.recentChunks(id, attempt, lastSeq)) {
            known.put(chunk.seq(), chunk.text());
        }
        if (!known.containsKey(lastSeq + 1) || known.lastKey() < untilSeq) {
            for (StreamChunk chunk : kind.storedChunks(tenantId, id, attempt, lastSeq)) {
                known.putIfAbsent(chunk.seq(), chunk.text());
            }
        }
        for (var chunk : known.entrySet()) {
            if (chunk.getKey() > untilSeq || chunk.getKey() != lastSeq + 1) {
                break;
            }
            if (!sendToken(attempt, chunk.getKey(), chunk.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the store to hold every chunk up to {@code seq} and sends them; false when the client left. */
    private boolean fillGap(int seq) throws InterruptedException {
        long deadline = System.nanoTime() + GAP_WAIT.toNanos();
        long pause = 10;
        while (lastSeq < seq) {
            int before = lastSeq;
            if (!sendStored(seq)) {
                return false;
            }
            if (lastSeq >= seq || seq == Integer.MAX_VALUE && lastSeq == before) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.warn("Chunks {}..{} of {} {} did not reach the store in time", lastSeq + 1, seq, kind.name(), id);
                return true;
            }
            if (lastSeq == before) {
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_GAP_PAUSE_MILLIS);
            }
        }
        return true;
    }

    private boolean sendToken(int tokenAttempt, int seq, String text) {
        if (lastSeq == 0) {
            // steps the feed handed over meanwhile come first: they were stored before any chunk
            for (Event stage : stagesKnown(null)) {
                if (!sendStage(stage)) {
                    return false;
                }
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seq", seq);
        data.put("attempt", tokenAttempt);
        data.put("text", text);
        boolean sent = sink.send("token", StreamPosition.token(tokenAttempt, seq), data);
        lastSeq = seq;
        return sent;
    }

    private void releasePermit() {
        try {
            permit.close();
        } catch (Exception ignored) {
            // giving a place back cannot fail in a way that matters here
        }
    }

    private void closeSubscription() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // unsubscribing cannot fail in a way that matters here
            }
        }
    }
}
