package io.assistantcore.api.assist;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistEvents.ProviderFailedOver;
import io.assistantcore.messages.assist.AssistEvents.SuggestionAttemptRestarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.AssistQueries.ChunkView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.TokenUsage;

import io.assistantcore.api.stream.EventStream;
import io.assistantcore.api.stream.RecordingSink;
import io.assistantcore.api.stream.StreamPosition;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * One suggestion's stream against a history and a live feed the test controls: which events a client gets, with which
 * ids, for every way it may connect or resume.
 */
class SuggestionStreamTest {

    private static final String TENANT = "acme";
    private static final String ID = "s-1";

    private final AssistReadModel history = mock(AssistReadModel.class);
    private final LiveStreamFeed feed = mock(LiveStreamFeed.class);
    private final AtomicReference<Consumer<Object>> live = new AtomicReference<>();
    private final RecordingSink sink = new RecordingSink();
    private Thread running;

    @AfterEach
    void stopStream() throws InterruptedException {
        if (running != null) {
            running.interrupt();
            running.join(10_000);
        }
    }

    // ---- a stream cut short by a failure says so before it closes

    @Test
    void aStreamWhoseHistoryBecomesUnreachableEndsWithAnInterruptedEventNamingTheRetryDelay() throws Exception {
        given(view(1, SuggestionStatus.STREAMING), chunks(1, "a"));
        start(StreamPosition.START);
        sink.awaitEvents(1);
        when(history.chunks(eq(TENANT), eq(ID), anyInt(), anyInt()))
                .thenThrow(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));
        live(chunk(1, 3, "c")); // chunk 2 is missing: the stream reads the history, which fails
        sink.awaitClosed();
        assertThat(sink.ids()).containsExactly("1.1");
        assertThat(sink.interruptions).containsExactly("database-unavailable@" + EventStream.RETRY_MILLIS);
    }

    @Test
    void aStreamThatFailsForAnotherReasonAlsoEndsWithAnInterruptedEvent() throws Exception {
        when(history.suggestion(TENANT, ID)).thenThrow(new IllegalStateException("boom"));
        when(feed.subscribe(eq(ID), any())).thenReturn(() -> { });
        runToEnd(StreamPosition.START);
        assertThat(sink.sent).isEmpty();
        assertThat(sink.interruptions).containsExactly("server-error@" + EventStream.RETRY_MILLIS);
    }

    // ---- a finished suggestion replays from the history and closes

    @Test
    void aFinishedSuggestionReplaysEveryChunkThenItsEndEachWithItsOwnId() throws Exception {
        given(view(1, SuggestionStatus.COMPLETED), chunks(1, "a", "b", "c"));
        runToEnd(StreamPosition.START);
        assertThat(sink.ids()).containsExactly("1.1", "1.2", "1.3", "1.end");
        assertThat(sink.types()).containsExactly("token", "token", "token", "completed");
        assertThat(sink.closed.getCount()).isZero();
    }

    @Test
    void resumingWithTheIdOfTheEndSendsNothingMore() throws Exception {
        given(view(1, SuggestionStatus.COMPLETED), chunks(1, "a", "b", "c"));
        runToEnd(StreamPosition.parse("1.end"));
        assertThat(sink.ids()).isEmpty();
    }

    @Test
    void resumingWithTheLastChunksIdSendsTheEndOnly() throws Exception {
        given(view(1, SuggestionStatus.COMPLETED), chunks(1, "a", "b", "c"));
        runToEnd(StreamPosition.parse("1.3"));
        assertThat(sink.ids()).containsExactly("1.end");
    }

    @Test
    void aBareNumberStillMeansThatChunkOfTheLatestAttempt() throws Exception {
        given(view(1, SuggestionStatus.COMPLETED), chunks(1, "a", "b", "c"));
        runToEnd(StreamPosition.parse("1"));
        assertThat(sink.ids()).containsExactly("1.2", "1.3", "1.end");
    }

    @Test
    void aClientThatSawTheEndOfAnOlderAttemptGetsTheLatestAttemptFromItsStart() throws Exception {
        given(view(2, SuggestionStatus.COMPLETED), chunks(2, "x", "y"));
        runToEnd(StreamPosition.parse("1.end"));
        assertThat(sink.ids()).containsExactly("2.1", "2.2", "2.end");
    }

    // ---- a running suggestion: stored chunks, then live ones

    @Test
    void afterAWorkerCrashAClientResumingInTheOldAttemptGetsTheNewAttemptFromItsFirstChunk() throws Exception {
        // the client saw chunks 1..23 of attempt 1; the worker died and attempt 2 has streamed two chunks since
        given(view(2, SuggestionStatus.STREAMING), chunks(2, "x", "y"));
        start(StreamPosition.parse("1.23"));
        sink.awaitEvents(2);
        live(chunk(2, 3, "z"));
        live(completed(2, 3));
        sink.awaitClosed();
        assertThat(sink.ids()).containsExactly("2.1", "2.2", "2.3", "2.end");
        assertThat(sink.texts()).isEqualTo("xyz");
    }

    @Test
    void aNewAttemptMidStreamContinuesFromItsFirstChunkWithIdsThatKeepIncreasing() throws Exception {
        given(view(1, SuggestionStatus.STREAMING), chunks(1, "a", "b"));
        start(StreamPosition.START);
        sink.awaitEvents(2);
        live(new SuggestionAttemptRestarted("sess", TENANT, ID, 2, "no sign of its worker", null));
        live(chunk(2, 1, "x"));
        live(chunk(2, 2, "y"));
        live(completed(2, 2));
        sink.awaitClosed();
        assertThat(sink.ids()).containsExactly("1.1", "1.2", "2.1", "2.2", "2.end");
        assertIncreasing(sink.positions());
    }

    @Test
    void aFailoverContinuesWithTheNextAttempt() throws Exception {
        given(view(1, SuggestionStatus.STREAMING), chunks(1, "a"));
        start(StreamPosition.START);
        sink.awaitEvents(1);
        live(new ProviderFailedOver("sess", TENANT, ID, 1, "openai", "500", "a", TokenUsage.NONE, "local", 2, null));
        live(chunk(2, 1, "x"));
        live(completed(2, 1));
        sink.awaitClosed();
        assertThat(sink.ids()).containsExactly("1.1", "2.1", "2.end");
    }

    @Test
    void aLiveChunkAlreadySentFromTheHistoryIsNotSentTwice() throws Exception {
        given(view(1, SuggestionStatus.STREAMING), chunks(1, "a", "b"));
        start(StreamPosition.START);
        sink.awaitEvents(2);
        live(chunk(1, 2, "b"));
        live(chunk(1, 3, "c"));
        live(new SuggestionCancelled("sess", TENANT, ID, 1));
        sink.awaitClosed();
        assertThat(sink.ids()).containsExactly("1.1", "1.2", "1.3", "1.end");
        assertThat(sink.types()).last().isEqualTo("cancelled");
    }

    @Test
    void anEndTheFeedSawBeforeTheHistoryDidEndsTheStreamWithoutAskingTheStoreAgain() throws Exception {
        // the history still shows the suggestion streaming; the feed hands over the last chunk and the end at once
        given(view(1, SuggestionStatus.STREAMING), chunks(1, "a", "b"));
        when(feed.subscribe(eq(ID), any())).thenAnswer(call -> {
            Consumer<Object> subscriber = call.getArgument(1);
            subscriber.accept(chunk(1, 2, "b"));
            subscriber.accept(chunk(1, 3, "c"));
            subscriber.accept(completed(1, 3));
            return (AutoCloseable) () -> {
            };
        });
        runToEnd(StreamPosition.START);
        assertThat(sink.ids()).containsExactly("1.1", "1.2", "1.3", "1.end");
        verify(history, times(1)).suggestion(TENANT, ID);
    }

    // ---- helpers

    private void given(SuggestionView view, List<ChunkView> stored) {
        when(history.suggestion(TENANT, ID)).thenReturn(Optional.of(view));
        when(history.chunks(eq(TENANT), eq(ID), anyInt(), anyInt())).thenAnswer(call -> {
            int attempt = call.getArgument(2);
            int after = call.getArgument(3);
            return stored.stream().filter(c -> c.attempt() == attempt && c.seq() > after).toList();
        });
        when(feed.recentChunks(eq(ID), anyInt(), anyInt())).thenReturn(List.of());
        when(feed.subscribe(eq(ID), any())).thenAnswer(call -> {
            live.set(call.getArgument(1));
            return (AutoCloseable) () -> live.set(null);
        });
    }

    private void runToEnd(StreamPosition from) throws InterruptedException {
        start(from);
        sink.awaitClosed();
    }

    private void start(StreamPosition from) {
        EventStream stream = new EventStream(new SuggestionStreams(history), feed, TENANT, ID, from, sink);
        stream.subscribe();
        running = new Thread(stream, "suggestion-stream-test");
        running.start();
    }

    private void live(Object event) {
        live.get().accept(event);
    }

    private static SuggestionView view(int attempt, SuggestionStatus status) {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        return new SuggestionView(ID, "sess", TENANT, "alice", AiAction.IMPROVE, null, null, null, "v1", status,
                attempt, "text", null, false, "local", "m", TokenUsage.NONE, 1L, "failed", 0, List.of(), now, now,
                null, null);
    }

    private static List<ChunkView> chunks(int attempt, String... texts) {
        List<ChunkView> chunks = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new ChunkView(attempt, i + 1, texts[i]));
        }
        return chunks;
    }

    private static SuggestionTokensStreamed chunk(int attempt, int seq, String text) {
        return new SuggestionTokensStreamed("sess", TENANT, ID, attempt, seq, text);
    }

    private static SuggestionCompleted completed(int attempt, int chunkCount) {
        return new SuggestionCompleted("sess", TENANT, ID, attempt, "text", TokenUsage.NONE, "local", "m", 1L,
                chunkCount);
    }

    private static void assertIncreasing(List<StreamPosition> positions) {
        for (int i = 1; i < positions.size(); i++) {
            StreamPosition before = positions.get(i - 1);
            StreamPosition after = positions.get(i);
            boolean increasing = after.attempt() > before.attempt()
                    || after.attempt().equals(before.attempt()) && !before.end()
                    && (after.end() || after.seq() > before.seq());
            assertThat(increasing).as(before + " then " + after).isTrue();
        }
    }
}
