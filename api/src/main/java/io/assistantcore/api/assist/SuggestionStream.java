package io.assistantcore.api.assist;

import io.assistantcore.messages.assist.AssistEvents.ProviderFailedOver;
import io.assistantcore.messages.assist.AssistEvents.SuggestionAttemptRestarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionFailed;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRegenerated;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.AssistQueries.ChunkView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;
import io.assistantcore.api.web.DatabaseUnavailable;
import io.assistantcore.platform.assist.LiveSuggestionFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one suggestion's stream to one client: first the stored chunks after {@code fromSeq}, then live ones,
 * with no gaps and no duplicates. It subscribes to the node's live feed before reading the store; the feed first hands
 * it what it saw of the suggestion lately, then every new event, each once. So the store is read when the stream
 * (re)subscribes, and again only when a chunk's number or a terminal event shows a gap (the history projection may
 * trail the live feed by a moment); a quiet stream waits on the feed alone and never reads the database.
 * Chunks are numbered per attempt; when a new attempt starts (regenerate, failover, a restart after a worker
 * vanished) the stream continues with it from its first chunk, each token naming its attempt. Every event's id is a
 * {@link StreamPosition}: {@code <attempt>.<seq>} for chunks, {@code <attempt>.end} for the terminal event, so ids are
 * unique and increasing across attempts and a client that resumes after the terminal event gets nothing more. A
 * finished suggestion replays and closes.
 */
final class SuggestionStream implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SuggestionStream.class);
    /** The event that ends a stream cut short by a failure on the server: reconnect and resume. */
    static final String INTERRUPTED = "interrupted";
    /** How long a client should wait before it resumes an interrupted stream. */
    static final long RETRY_MILLIS = DatabaseUnavailable.RETRY_AFTER_SECONDS * 1000;
    private static final Duration GAP_WAIT = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** The longest pause between two reads of the store while it lacks chunks that a gap showed. */
    private static final long MAX_GAP_PAUSE_MILLIS = 200;

    private final AssistReadModel history;
    private final LiveSuggestionFeed feed;
    private final String tenantId;
    private final String suggestionId;
    private final StreamPosition from;
    private final StreamSink sink;
    private final AutoCloseable permit;
    private final BlockingQueue<Object> live = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private AutoCloseable subscription;
    private int attempt;
    private int lastSeq;
    /** Cost of the current attempt, once its usage is recorded (live path). */
    private Money attemptCost;
    private String attemptCachedFrom;

    SuggestionStream(AssistReadModel history, LiveSuggestionFeed feed, String tenantId, String suggestionId,
                     StreamPosition from, StreamSink sink) {
        this(history, feed, tenantId, suggestionId, from, sink, () -> {
        });
    }

    /** @param permit the stream's place under the stream limits, given back when the stream stops or ends */
    SuggestionStream(AssistReadModel history, LiveSuggestionFeed feed, String tenantId, String suggestionId,
                     StreamPosition from, StreamSink sink, AutoCloseable permit) {
        this.permit = permit;
        this.history = history;
        this.feed = feed;
        this.tenantId = tenantId;
        this.suggestionId = suggestionId;
        this.from = from == null ? StreamPosition.START : from;
        this.sink = sink;
    }

    /** Subscribes to the live feed; call before {@link #run()} so nothing stored meanwhile is missed. */
    void subscribe() {
        subscription = feed.subscribe(suggestionId, live::add);
    }

    void stop() {
        stopped = true;
        live.add(Boolean.FALSE);
        releasePermit();
    }

    @Override
    public void run() {
        try {
            SuggestionView view = history.suggestion(tenantId, suggestionId).orElse(null);
            if (view == null) {
                return;
            }
            if (!resumeAt(view)) {
                return;
            }
            if (!sendStored(Integer.MAX_VALUE)) {
                return;
            }
            if (view.attempt() == attempt && view.status().isFinished()) {
                sendTerminal(view);
                return;
            }
            relayLive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!stopped) {
                sink.interrupted("server-stopping", RETRY_MILLIS);
            }
        } catch (RuntimeException e) {
            log.warn("Stream of suggestion {} ended by a failure: {}", suggestionId, e.toString());
            if (!stopped) {
                sink.interrupted(DatabaseUnavailable.causedBy(e) ? "database-unavailable" : "server-error",
                        RETRY_MILLIS);
            }
        } finally {
            closeSubscription();
            releasePermit();
            sink.close();
        }
    }

    /**
     * Places the stream after what the client already has; false when the client has the end of the latest attempt.
     * A client that has only an older attempt gets the latest one from its first chunk. A client may know a newer
     * attempt than the history read here (the live feed runs ahead of the projection): it goes on with that one.
     */
    private boolean resumeAt(SuggestionView view) {
        if (from.attempt() == null) {
            attempt = view.attempt();
            lastSeq = from.seq();
            return true;
        }
        if (from.attempt() < view.attempt()) {
            attempt = view.attempt();
            lastSeq = 0;
            return true;
        }
        attempt = from.attempt();
        lastSeq = from.seq();
        return !from.end();
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
            if (event instanceof SuggestionTokensStreamed chunk) {
                if (chunk.attempt() > attempt) {
                    switchTo(chunk.attempt());
                }
                if (chunk.attempt() == attempt && chunk.seq() > lastSeq) {
                    if (chunk.seq() > lastSeq + 1 && !fillGap(chunk.seq() - 1)) {
                        return;
                    }
                    if (!sendToken(chunk.attempt(), chunk.seq(), chunk.text())) {
                        return;
                    }
                }
            } else if (event instanceof SuggestionRegenerated e) {
                switchTo(e.attempt());
            } else if (event instanceof ProviderFailedOver e) {
                switchTo(e.nextAttempt());
            } else if (event instanceof SuggestionAttemptRestarted e) {
                switchTo(e.attempt());
            } else if (event instanceof AttemptUsageRecorded e && e.attempt() == attempt) {
                // recorded just before the end of the attempt
                attemptCost = e.cost();
                attemptCachedFrom = e.cachedFrom();
            } else if (event instanceof SuggestionCompleted e && e.attempt() == attempt) {
                if (fillGap(e.chunkCount())) {
                    sink.send("completed", StreamPosition.terminal(attempt, lastSeq), completed(e.text(), e.usage(),
                            e.provider(), e.model(), attemptCost, attemptCachedFrom));
                }
                return;
            } else if (event instanceof SuggestionFailed e && e.attempt() == attempt) {
                fillGap(Integer.MAX_VALUE);
                sink.send("failed", StreamPosition.terminal(attempt, lastSeq),
                        Map.of("reason", e.reason(), "attempt", e.attempt()));
                return;
            } else if (event instanceof SuggestionCancelled e && e.attempt() == attempt) {
                sink.send("cancelled", StreamPosition.terminal(attempt, lastSeq), Map.of("attempt", e.attempt()));
                return;
            }
        }
    }

    private void switchTo(int newAttempt) {
        if (newAttempt > attempt) {
            attempt = newAttempt;
            lastSeq = 0;
            attemptCost = null;
            attemptCachedFrom = null;
        }
    }

    /**
     * Sends the chunks of the current attempt after {@code lastSeq}, up to {@code untilSeq}, in order, from the
     * history and from what the live feed saw lately (the history may trail under load); stops at the first missing.
     */
    private boolean sendStored(int untilSeq) {
        TreeMap<Integer, String> known = new TreeMap<>();
        for (SuggestionTokensStreamed chunk : feed.recentChunks(suggestionId, attempt, lastSeq)) {
            known.put(chunk.seq(), chunk.text());
        }
        if (!known.containsKey(lastSeq + 1) || known.lastKey() < untilSeq) {
            for (ChunkView chunk : history.chunks(tenantId, suggestionId, attempt, lastSeq)) {
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
                log.warn("Chunks {}..{} of suggestion {} did not reach the history in time", lastSeq + 1, seq,
                        suggestionId);
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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seq", seq);
        data.put("attempt", tokenAttempt);
        data.put("text", text);
        boolean sent = sink.send("token", StreamPosition.token(tokenAttempt, seq), data);
        lastSeq = seq;
        return sent;
    }

    private void sendTerminal(SuggestionView view) {
        SuggestionStatus status = view.status();
        StreamPosition end = StreamPosition.terminal(view.attempt(), lastSeq);
        switch (status) {
            case COMPLETED, APPROVED, REJECTED -> sink.send("completed", end,
                    completed(view.text(), view.usage(), view.provider(), view.model(), view.cost(),
                            view.cachedFrom()));
            case FAILED -> sink.send("failed", end, Map.of("reason", String.valueOf(view.failureReason()),
                    "attempt", view.attempt()));
            case CANCELLED -> sink.send("cancelled", end, Map.of("attempt", view.attempt()));
            default -> {
            }
        }
    }

    private Map<String, Object> completed(String text, TokenUsage usage, String provider, String model, Money cost,
                                          String cachedFrom) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        data.put("attempt", attempt);
        TokenUsage used = usage == null ? TokenUsage.NONE : usage;
        data.put("usage", Map.of("inputTokens", used.inputTokens(), "outputTokens", used.outputTokens(),
                "reportedByProvider", used.reportedByProvider()));
        data.put("provider", provider);
        data.put("model", model);
        // null only when the model has no price (the usage is still recorded)
        data.put("cost", cost == null ? null : Map.of("amount", cost.amount(), "currency", cost.currency()));
        if (cachedFrom != null) {
            data.put("cachedFrom", cachedFrom);
        }
        return data;
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
