package io.assistantcore.api.chat;

import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkPage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.platform.eventstore.NodeEventTail;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;

import java.time.Instant;
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
 * Real parts around the chat edge for tests: an in-memory event store with the node's tail and the live feed on it,
 * and a real query bus whose read model the test fills (reply views and their stored chunks).
 */
final class LiveChatFixture implements AutoCloseable {

    final Map<String, ReplyView> views = new ConcurrentHashMap<>();
    final Map<String, List<ReplyChunkView>> chunks = new ConcurrentHashMap<>();
    final EmbeddedEventStore eventStore;
    final LiveStreamFeed feed;
    final ChatReadModel chats;
    private final NodeEventTail tail;

    /** The query side as the edge asks it. */
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

    LiveChatFixture() throws Exception {
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(new ReadModel()).subscribe(queryBus);
        chats = new ChatReadModel(DefaultQueryGateway.builder().queryBus(queryBus).build());
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        tail = new NodeEventTail(eventStore);
        feed = new LiveStreamFeed(tail);
        feed.start();
        tail.start();
        // the tail starts at the head of the store once its stream is open: wait until it relays an event
        BlockingQueue<Object> probe = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = feed.subscribe("probe", probe::add)) {
            while (probe.poll(50, TimeUnit.MILLISECONDS) == null) {
                publish(new SuggestionTokensStreamed("s", "probe", "probe", 1, 1, "ping"));
            }
        }
    }

    /** A reply view with only what waits and polls look at. */
    static ReplyView reply(String tenantId, String replyId, int attempt, ReplyStatus status, String text) {
        Instant now = Instant.parse("2026-03-01T09:00:00Z");
        return new ReplyView(replyId, "c-1", "m-1", tenantId, "alice", attempt, status, text, null, null, null,
                List.of(), List.of(), null, List.of(), List.of(), null, null, null, null, null, null, null, null,
                now, now);
    }

    void publish(Object payload) {
        eventStore.publish(GenericEventMessage.asEventMessage(payload));
    }

    /** Waits until the feed has relayed everything published before (the tail keeps the order of the store). */
    void awaitRelayed() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = feed.subscribe(marker, seen::add)) {
            publish(new SuggestionTokensStreamed("s", "probe", marker, 1, 1, "marker"));
            assertThat(seen.poll(30, TimeUnit.SECONDS)).as("the feed relayed " + marker).isNotNull();
        }
    }

    @Override
    public void close() throws Exception {
        feed.close();
        tail.close();
        eventStore.shutDown();
    }
}
