package io.assistantcore.api.chat;

import io.assistantcore.api.stream.EventStream;
import io.assistantcore.api.stream.RecordingSink;
import io.assistantcore.api.stream.StreamPosition;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ChatQueries.MemoryUse;
import io.assistantcore.messages.chat.ChatQueries.RefusalView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkPage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ChatQueries.RouteView;
import io.assistantcore.messages.chat.ChatQueries.ScreeningView;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.eventstore.NodeEventTail;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reply's stream over a real live feed (an in-memory event store and the node's tail) and a real query bus whose
 * read model the test fills: which events a client gets, with which ids and data, for every way it may connect or
 * resume.
 */
class ReplyStreamTest {

    private static final String TENANT = "acme";
    private static final String CONVERSATION = "c-1";

    private final Map<String, ReplyView> views = new ConcurrentHashMap<>();
    private final Map<String, List<ReplyChunkView>> chunks = new ConcurrentHashMap<>();
    private EmbeddedEventStore eventStore;
    private NodeEventTail tail;
    private LiveStreamFeed feed;
    private ReplyStreams replies;
    private final RecordingSink sink = new RecordingSink();
    private Thread running;
    private String id;

    /** The query side as the stream asks it: the reply's view and its stored chunks. */
    final class ReadModel {

        @QueryHandler
        Optional<ReplyView> reply(ReplyQuery query) {
            return Optional.ofNullable(views.get(query.replyId())).filter(v -> v.tenantId().equals(query.tenantId()));
        }

        @QueryHandler
        ReplyChunkPage chunks(ReplyChunksQuery query) {
            return new ReplyChunkPage(chunks.getOrDefault(query.replyId(), List.of()).stream()
                    .filter(c -> c.attempt() == query.attempt() && c.seq() > query.afterSeq()).toList());
        }
    }

    @BeforeEach
    void start() throws Exception {
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(new ReadModel()).subscribe(queryBus);
        replies = new ReplyStreams(new ChatReadModel(DefaultQueryGateway.builder().queryBus(queryBus).build()));
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        tail = new NodeEventTail(eventStore);
        feed = new LiveStreamFeed(tail);
        feed.start();
        tail.start();
        id = "r-" + UUID.randomUUID();
        // the tail starts at the head of the store once its stream is open: wait until it relays an event
        BlockingQueue<Object> probe = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = feed.subscribe("probe", probe::add)) {
            while (probe.poll(50, TimeUnit.MILLISECONDS) == null) {
                publish(new SuggestionTokensStreamed("s", TENANT, "probe", 1, 1, "ping"));
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.interrupt();
            running.join(10_000);
        }
        feed.close();
        tail.close();
        eventStore.shutDown();
    }

    @Test
    void aRunningReplySendsItsStepsThenItsTokensThenItsEndWithTheCost() throws Exception {
        views.put(id, view(1, ReplyStatus.ROUTING, true, false, null, null));
        start(StreamPosition.START);
        sink.awaitEvents(1);
        publish(routed(1));
        publish(memory(1));
        publish(chunk(1, 1, "Lisbon goes "));
        publish(chunk(1, 2, "first."));
        publish(new AttemptUsageRecorded(CONVERSATION, TENANT, id, 1, "alice", "openai", "gpt-4o-mini",
                new TokenUsage(120, 4, true), new Money(new BigDecimal("0.00002040"), "USD"), UsageOutcome.COMPLETED,
                null, null, null, null, true));
        publish(new ReplyCompleted(CONVERSATION, TENANT, id, 1, "Lisbon goes first.", new TokenUsage(120, 4, true),
                "openai", "gpt-4o-mini", 800L, 2, null));
        sink.awaitClosed();

        assertThat(sink.ids()).containsExactly("1.screened", "1.routed", "1.memory", "1.1", "1.2", "1.end");
        assertThat(sink.types()).containsExactly("screened", "routed", "memory", "token", "token", "completed");
        assertThat(sink.sent.get(1).data()).containsEntry("category", "long_context")
                .containsEntry("decidedBy", RouteDecider.RULE).containsEntry("model", "gpt-4o-mini");
        assertThat(sink.sent.get(2).data()).containsEntry("turnsKept", 2).containsEntry("turnsCondensed", 3)
                .containsEntry("truncated", false);
        Map<String, Object> completed = sink.sent.get(5).data();
        assertThat(completed).containsEntry("text", "Lisbon goes first.").containsEntry("model", "gpt-4o-mini");
        assertThat(completed.get("cost")).isEqualTo(Map.of("amount", new BigDecimal("0.00002040"), "currency", "USD"));
        assertThat(sink.texts()).isEqualTo("Lisbon goes first.");
    }

    @Test
    void aBlockedMessageReplaysItsScreeningAndItsRefusalWithoutTokens() throws Exception {
        views.put(id, view(1, ReplyStatus.REFUSED, true, false,
                new RefusalView(RefusalKind.INJECTION, "The message tries to override the assistant's instructions"),
                null));
        runToEnd(StreamPosition.START);

        assertThat(sink.ids()).containsExactly("1.screened", "1.end");
        assertThat(sink.sent.get(0).data()).containsEntry("verdict", ScreeningVerdict.BLOCK);
        assertThat(sink.types()).last().isEqualTo("refused");
        assertThat(sink.sent.get(1).data()).containsEntry("kind", RefusalKind.INJECTION);
    }

    @Test
    void aFinishedReplyResumesAfterTheStepOrTheChunkTheClientHas() throws Exception {
        views.put(id, view(1, ReplyStatus.COMPLETED, true, true, null, "Lisbon goes first."));
        chunks.put(id, List.of(new ReplyChunkView(1, 1, "Lisbon goes "), new ReplyChunkView(1, 2, "first.")));

        runToEnd(StreamPosition.parse("1.routed"));
        assertThat(sink.ids()).containsExactly("1.memory", "1.1", "1.2", "1.end");

        RecordingSink afterAChunk = new RecordingSink();
        runToEnd(StreamPosition.parse("1.1"), afterAChunk);
        assertThat(afterAChunk.ids()).containsExactly("1.2", "1.end");

        RecordingSink afterTheEnd = new RecordingSink();
        runToEnd(StreamPosition.parse("1.end"), afterTheEnd);
        assertThat(afterTheEnd.ids()).isEmpty();
    }

    @Test
    void stepsTheFeedSawBeforeTheReadModelDidStillComeBeforeTheFirstToken() throws Exception {
        views.put(id, view(1, ReplyStatus.PENDING, false, false, null, null));
        publish(screened(1));
        publish(routed(1));
        publish(chunk(1, 1, "Hello"));
        awaitRelayed();

        start(StreamPosition.START);
        sink.awaitEvents(3);
        publish(new ReplyCancelled(CONVERSATION, TENANT, id, 1));
        sink.awaitClosed();

        assertThat(sink.ids()).containsExactly("1.screened", "1.routed", "1.1", "1.end");
        assertThat(sink.types()).last().isEqualTo("cancelled");
    }

    @Test
    void aClientOfAnotherUserOrTenantCannotReadTheReply() {
        views.put(id, view(1, ReplyStatus.COMPLETED, true, true, null, "text"));
        var alice = new io.assistantcore.api.security.Caller("alice", TENANT,
                java.util.Set.of(io.assistantcore.messages.common.Role.MEMBER), false);
        var bob = new io.assistantcore.api.security.Caller("bob", TENANT,
                java.util.Set.of(io.assistantcore.messages.common.Role.MEMBER), false);
        var auditor = new io.assistantcore.api.security.Caller("audra", TENANT,
                java.util.Set.of(io.assistantcore.messages.common.Role.AUDITOR), false);
        var mallory = new io.assistantcore.api.security.Caller("alice", "evil",
                java.util.Set.of(io.assistantcore.messages.common.Role.TENANT_ADMIN), false);

        assertThat(replies.readable(alice, id)).isTrue();
        assertThat(replies.readable(auditor, id)).isTrue();
        assertThat(replies.readable(bob, id)).as("another member's reply").isFalse();
        assertThat(replies.readable(mallory, id)).as("another tenant's reply").isFalse();
    }

    // ---- helpers

    private void runToEnd(StreamPosition from) throws InterruptedException {
        runToEnd(from, sink);
    }

    private void runToEnd(StreamPosition from, RecordingSink to) throws InterruptedException {
        EventStream stream = new EventStream(replies, feed, TENANT, id, from, to);
        stream.subscribe();
        stream.run();
        to.awaitClosed();
    }

    private void start(StreamPosition from) {
        EventStream stream = new EventStream(replies, feed, TENANT, id, from, sink);
        stream.subscribe();
        running = new Thread(stream, "reply-stream-test");
        running.start();
    }

    /** Waits until the feed has relayed everything published before (the tail keeps the order of the store). */
    private void awaitRelayed() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = feed.subscribe(marker, seen::add)) {
            publish(new SuggestionTokensStreamed("s", TENANT, marker, 1, 1, "marker"));
            assertThat(seen.poll(30, TimeUnit.SECONDS)).as("the feed relayed " + marker).isNotNull();
        }
    }

    private void publish(Object payload) {
        eventStore.publish(GenericEventMessage.asEventMessage(payload));
    }

    private ReplyView view(int attempt, ReplyStatus status, boolean screened, boolean routedAndRemembered,
                           RefusalView refusal, String text) {
        Instant now = Instant.parse("2026-03-01T09:00:00Z");
        ScreeningView screening = !screened ? null : refusal != null
                ? new ScreeningView(ScreeningVerdict.BLOCK, "injection", 0.97)
                : new ScreeningView(ScreeningVerdict.ALLOW, "none", 0.02);
        return new ReplyView(id, CONVERSATION, "m-1", TENANT, "alice", attempt, status, text, screening,
                routedAndRemembered ? new RouteView(RouteCategory.LONG_CONTEXT, 1.0, "openai", "gpt-4o-mini",
                        "long", RouteDecider.RULE) : null,
                routedAndRemembered ? new MemoryUse(2, 3, false) : null, List.of(), List.of(), null, List.of(),
                List.of(), refusal, status == ReplyStatus.COMPLETED ? new TokenUsage(120, 4, true) : null, null,
                "gpt-4o-mini", "openai", null, null, null, now, now);
    }

    private ReplyScreened screened(int attempt) {
        return new ReplyScreened(CONVERSATION, TENANT, id, attempt, ScreeningVerdict.ALLOW, "none", 0.02, "clean");
    }

    private ReplyRouted routed(int attempt) {
        return new ReplyRouted(CONVERSATION, TENANT, id, attempt, RouteCategory.LONG_CONTEXT, 1.0, "openai",
                "gpt-4o-mini", "the conversation is long", RouteDecider.RULE);
    }

    private ReplyMemoryApplied memory(int attempt) {
        return new ReplyMemoryApplied(CONVERSATION, TENANT, id, attempt, 2, 3, false, "summary", 3, List.of());
    }

    private ReplyTokensStreamed chunk(int attempt, int seq, String text) {
        return new ReplyTokensStreamed(CONVERSATION, TENANT, id, attempt, seq, text);
    }
}
