package io.assistantcore.platform.stream;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.SuggestionAttemptRestarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.tenant.TenantEvents;
import io.assistantcore.platform.eventstore.NodeEventTail;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live relay over an event store the test writes to: who receives which events, in which order, and what it keeps
 * for late subscribers. Absences are asserted after a later marker event has arrived (the tail hands events over in
 * the order they were stored), never by waiting for time to pass. A subscriber first receives what the feed keeps of
 * its stream, so a test's probe of one stream never uses another test's id.
 */
class LiveStreamFeedTest {

    private EmbeddedEventStore eventStore;
    private NodeEventTail tail;
    private LiveStreamFeed feed;
    private int markers;

    @BeforeEach
    void start() throws InterruptedException {
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        tail = new NodeEventTail(eventStore);
        feed = new LiveStreamFeed(tail);
        feed.start();
        tail.start();
        // the tail starts at the head of the store once its stream is open: wait until it relays an event
        BlockingQueue<Object> probe = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = feed.subscribe("probe", probe::add)) {
            while (probe.poll(50, TimeUnit.MILLISECONDS) == null) {
                publish(chunk("probe", 1, 1, "ping"));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        feed.close();
        tail.close();
        eventStore.shutDown();
    }

    @Test
    void aSubscriberGetsItsSuggestionsEventsInOrderAndNoOneElses() throws Exception {
        BlockingQueue<Object> mine = new LinkedBlockingQueue<>();
        BlockingQueue<Object> theirs = new LinkedBlockingQueue<>();
        AutoCloseable mySubscription = feed.subscribe("s-1", mine::add);
        feed.subscribe("s-2", theirs::add);

        publish(chunk("s-1", 1, 1, "a"));
        publish(chunk("s-2", 1, 1, "x"));
        publish(new TenantEvents.MemberRemoved("acme", "bob"));
        publish(chunk("s-1", 1, 2, "b"));
        publish(completed("s-1", 1, 2));

        assertThat(take(mine, 3)).containsExactly(chunk("s-1", 1, 1, "a"), chunk("s-1", 1, 2, "b"),
                completed("s-1", 1, 2));
        assertThat(take(theirs, 1)).containsExactly(chunk("s-2", 1, 1, "x"));

        mySubscription.close();
        publish(chunk("s-1", 2, 1, "after"));
        awaitEverythingBeforeRelayed();
        assertThat(mine).as("nothing after unsubscribing").isEmpty();
        assertThat(theirs).as("nothing about another suggestion").isEmpty();
        assertThat(feed.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aSubscriberThatUnsubscribesItselfOnAnEventDoesNotKeepItFromTheOthers() throws Exception {
        BlockingQueue<Object> others = new LinkedBlockingQueue<>();
        AtomicReference<AutoCloseable> own = new AtomicReference<>();
        BlockingQueue<Object> leaving = new LinkedBlockingQueue<>();
        own.set(feed.subscribe("s-9", event -> {
            leaving.add(event);
            try {
                own.get().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        feed.subscribe("s-9", others::add);

        publish(completed("s-9", 1, 0));
        publish(chunk("s-9", 2, 1, "after"));

        assertThat(take(others, 2)).containsExactly(completed("s-9", 1, 0), chunk("s-9", 2, 1, "after"));
        assertThat(leaving).containsExactly(completed("s-9", 1, 0));
    }

    @Test
    void recentChunksOfTheLatestAttemptAreKeptForLateSubscribers() throws Exception {
        publish(chunk("s-3", 1, 1, "a"));
        publish(chunk("s-3", 1, 2, "b"));
        publish(chunk("s-3", 1, 3, "c"));
        awaitEverythingBeforeRelayed();

        assertThat(feed.recentChunks("s-3", 1, 1)).extracting(StreamChunk::text).containsExactly("b", "c");
        assertThat(feed.recentChunks("s-3", 1, 3)).isEmpty();
        assertThat(feed.recentChunks("s-3", 2, 0)).as("an attempt it has not seen").isEmpty();

        publish(new SuggestionAttemptRestarted("session", "acme", "s-3", 2, "no sign of its worker", null));
        publish(chunk("s-3", 2, 1, "x"));
        awaitEverythingBeforeRelayed();

        assertThat(feed.recentChunks("s-3", 2, 0)).extracting(StreamChunk::text).containsExactly("x");
        assertThat(feed.recentChunks("s-3", 1, 0)).as("an older attempt is dropped").isEmpty();
    }

    @Test
    void aLateSubscriberGetsWhatTheFeedSawOfTheLatestAttemptThenLiveEventsEachOnce() throws Exception {
        publish(chunk("s-5", 1, 1, "old"));
        publish(new SuggestionAttemptRestarted("session", "acme", "s-5", 2, "no sign of its worker", null));
        publish(chunk("s-5", 2, 1, "a"));
        publish(chunk("s-5", 2, 2, "b"));
        awaitEverythingBeforeRelayed();

        BlockingQueue<Object> late = new LinkedBlockingQueue<>();
        feed.subscribe("s-5", late::add);
        publish(chunk("s-5", 2, 3, "c"));
        publish(completed("s-5", 2, 3));
        awaitEverythingBeforeRelayed();

        assertThat(List.copyOf(late)).as("the older attempt's chunks are gone; nothing twice").containsExactly(
                new SuggestionAttemptRestarted("session", "acme", "s-5", 2, "no sign of its worker", null),
                chunk("s-5", 2, 1, "a"), chunk("s-5", 2, 2, "b"), chunk("s-5", 2, 3, "c"), completed("s-5", 2, 3));

        BlockingQueue<Object> afterTheEnd = new LinkedBlockingQueue<>();
        feed.subscribe("s-5", afterTheEnd::add);
        assertThat(afterTheEnd).as("a subscriber after the end gets the end too").last()
                .isEqualTo(completed("s-5", 2, 3));
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() throws Exception {
        BlockingQueue<Object> healthy = new LinkedBlockingQueue<>();
        feed.subscribe("s-4", event -> {
            throw new IllegalStateException("broken client");
        });
        feed.subscribe("s-4", healthy::add);

        publish(chunk("s-4", 1, 1, "a"));
        publish(chunk("s-4", 1, 2, "b"));

        assertThat(take(healthy, 2)).extracting(e -> ((SuggestionTokensStreamed) e).text()).containsExactly("a", "b");
    }

    @Test
    void aReplysEventsAreRelayedUnderItsReplyIdWithItsUsageAndANewAttemptDropsOlderChunks() throws Exception {
        BlockingQueue<Object> reply = new LinkedBlockingQueue<>();
        feed.subscribe("r-1", reply::add);
        ReplyScreened screened = new ReplyScreened("c-1", "acme", "r-1", 1, ScreeningVerdict.ALLOW, "none", 0.01,
                "nothing suspicious");
        AttemptUsageRecorded usage = new AttemptUsageRecorded("c-1", "acme", "r-1", 1, "alice", "openai", "gpt",
                new TokenUsage(10, 2, true), null, UsageOutcome.FAILED_OVER, null, null, null, null, false);
        publish(screened);
        publish(new ReplyTokensStreamed("c-1", "acme", "r-1", 1, 1, "Hel"));
        publish(usage);
        publish(new ReplyFailedOver("c-1", "acme", "r-1", 1, "openai", "boom", "Hel", TokenUsage.NONE, "local", 2,
                null));
        publish(new ReplyTokensStreamed("c-1", "acme", "r-1", 2, 1, "Hello"));
        publish(new ReplyCompleted("c-1", "acme", "r-1", 2, "Hello", TokenUsage.NONE, "local", "m", 1L, 1, null));

        List<Object> events = take(reply, 6);
        assertThat(events.get(0)).isEqualTo(screened);
        assertThat(events.get(2)).isEqualTo(usage);
        assertThat(events.get(5)).isInstanceOf(ReplyCompleted.class);
        assertThat(feed.recentChunks("r-1", 2, 0)).containsExactly(new StreamChunk(2, 1, "Hello"));
        assertThat(feed.recentChunks("r-1", 1, 0)).as("the failed-over attempt's chunks are dropped").isEmpty();
    }

    private void awaitEverythingBeforeRelayed() throws Exception {
        String marker = "marker-" + ++markers;
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = feed.subscribe(marker, seen::add)) {
            publish(chunk(marker, 1, 1, "marker"));
            assertThat(seen.poll(30, TimeUnit.SECONDS)).as("the feed relayed " + marker).isNotNull();
        }
    }

    private static List<Object> take(BlockingQueue<Object> queue, int count) throws InterruptedException {
        List<Object> taken = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object event = queue.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("event " + (i + 1) + " of " + count).isNotNull();
            taken.add(event);
        }
        return taken;
    }

    private void publish(Object payload) {
        eventStore.publish(GenericEventMessage.asEventMessage(payload));
    }

    private static SuggestionTokensStreamed chunk(String suggestionId, int attempt, int seq, String text) {
        return new SuggestionTokensStreamed("session", "acme", suggestionId, attempt, seq, text);
    }

    private static SuggestionCompleted completed(String suggestionId, int attempt, int chunks) {
        return new SuggestionCompleted("session", "acme", suggestionId, attempt, "ab", TokenUsage.NONE, "local", "m",
                1L, chunks);
    }
}
