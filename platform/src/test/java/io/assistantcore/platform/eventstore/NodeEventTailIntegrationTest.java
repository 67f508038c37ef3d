package io.assistantcore.platform.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two "nodes" on one PostgreSQL, each with its own storage engine, event store and tail, as in production. Node A
 * stores every event; node B learns of them only through {@code LISTEN/NOTIFY} (both event stores' fallback polls are
 * an hour, longer than the test may run). Many writers commit concurrently, several events per transaction, so the
 * global index has gaps while transactions are open: each tail must still hand every event to its subscriber exactly
 * once, each aggregate's events in order.
 */
class NodeEventTailIntegrationTest {

    private static final long NEVER = TimeUnit.HOURS.toMillis(1);
    private static final int WRITERS = 8;
    private static final int TRANSACTIONS_PER_WRITER = 40;
    private static final int EVENTS_PER_TRANSACTION = 3;

    private final List<AutoCloseable> closeOnEnd = new ArrayList<>();
    private TestDatabase.Coordinates database;

    @BeforeEach
    void migrate() {
        database = TestDatabase.freshDatabase();
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration/eventstore").load().migrate();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeOnEnd.size() - 1; i >= 0; i--) {
            closeOnEnd.get(i).close();
        }
    }

    @Test
    void everyEventReachesEachNodesSubscriberOnceInEachAggregatesOrder() throws Exception {
        Node a = node();
        Node b = node();
        EventNotificationListener listener = new EventNotificationListener(
                () -> DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password()),
                b.store::eventsStoredElsewhere);
        listener.start();
        closeOnEnd.add(listener);
        awaitRunning(a, a, b);

        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String aggregate = "writer-" + w;
            done.add(writers.submit(() -> {
                go.await();
                for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                    int first = t * EVENTS_PER_TRANSACTION;
                    // several events in one unit of work (one transaction), as a command handler stores them;
                    // its commit wakes node A's store (Axon's afterCommit), nothing wakes node B's but a notification
                    DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                    unitOfWork.attachTransaction(a.transactions);
                    for (int e = 0; e < EVENTS_PER_TRANSACTION; e++) {
                        a.store.publish(event(aggregate, first + e));
                    }
                    unitOfWork.commit();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> writer : done) {
            writer.get(5, TimeUnit.MINUTES);
        }
        writers.shutdown();

        int expected = WRITERS * TRANSACTIONS_PER_WRITER * EVENTS_PER_TRANSACTION;
        for (Node node : List.of(a, b)) {
            Map<String, List<Long>> byAggregate = new ConcurrentHashMap<>();
            for (int i = 0; i < expected; i++) {
                TrackedEventMessage<?> event = node.received.poll(60, TimeUnit.SECONDS);
                assertThat(event).as(node.name + ": event " + (i + 1) + " of " + expected).isNotNull();
                DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
                byAggregate.computeIfAbsent(domainEvent.getAggregateIdentifier(), id -> new ArrayList<>())
                        .add(domainEvent.getSequenceNumber());
            }
            assertThat(byAggregate).hasSize(WRITERS);
            List<Long> inOrder = new ArrayList<>();
            for (long s = 0; s < TRANSACTIONS_PER_WRITER * EVENTS_PER_TRANSACTION; s++) {
                inOrder.add(s);
            }
            byAggregate.forEach((aggregate, sequence) -> assertThat(sequence)
                    .as(node.name + ": " + aggregate + "'s events, each once, in order").isEqualTo(inOrder));
        }
        // the next event after them is a last marker: no event was handed over twice
        a.store.publish(event("last", 0));
        for (Node node : List.of(a, b)) {
            TrackedEventMessage<?> next = node.received.poll(60, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            assertThat(aggregateOf(next)).isEqualTo("last");
        }
        assertThat(listener.isListening()).isTrue();
    }

    @Test
    void theListenerListensAgainAfterItsConnectionIsKilled() throws Exception {
        Node b = node();
        Node a = node();
        EventNotificationListener listener = new EventNotificationListener(
                () -> DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password()),
                b.store::eventsStoredElsewhere);
        listener.start();
        closeOnEnd.add(listener);
        awaitRunning(a, b);

        // what a database restart does to the listening connection
        try (var connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); var statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE query LIKE 'LISTEN%' AND datname = current_database() AND pid <> pg_backend_pid()");
        }
        long connects = listener.connects();
        while (listener.connects() == connects) {
            Thread.sleep(20);
        }

        a.store.publish(event("after", 0));
        TrackedEventMessage<?> after = b.received.poll(60, TimeUnit.SECONDS);
        assertThat(after).as("node B heard of an event stored after the reconnect").isNotNull();
        assertThat(aggregateOf(after)).isEqualTo("after");
    }

    /**
     * Stores markers through {@code writer} until every node's tail (open at the head once its thread runs) has
     * handed one over, then empties their queues up to that marker.
     */
    private void awaitRunning(Node writer, Node... nodes) throws InterruptedException {
        int marker = 0;
        for (Node node : nodes) {
            TrackedEventMessage<?> seen = null;
            for (int attempt = 0; seen == null && attempt < 300; attempt++) {
                writer.store.publish(event("marker-" + ++marker, 0));
                seen = node.received.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(seen).as(node.name + " relays a marker").isNotNull();
        }
        String last = "marker-" + ++marker;
        writer.store.publish(event(last, 0));
        for (Node node : nodes) {
            TrackedEventMessage<?> seen;
            do {
                seen = node.received.poll(60, TimeUnit.SECONDS);
                assertThat(seen).as(node.name + " relays the markers").isNotNull();
            } while (!last.equals(aggregateOf(seen)));
        }
    }

    private static String aggregateOf(TrackedEventMessage<?> event) {
        return ((DomainEventMessage<?>) event).getAggregateIdentifier();
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, aggregate + "#" + sequence);
    }

    private Node node() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(WRITERS + 2);
        HikariDataSource dataSource = new HikariDataSource(config);
        closeOnEnd.add(dataSource);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(new SpringTransactionManager(transactionManager))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(AxonStorageConfiguration.schema())
                .build();
        WakeableEventStore store = new WakeableEventStore(EmbeddedEventStore.builder().storageEngine(engine)
                .fetchDelay(NEVER));
        closeOnEnd.add(store::shutDown);
        NodeEventTail tail = new NodeEventTail(store);
        Node node = new Node("node " + (char) ('A' + nodes.size()), engine, store,
                new SpringTransactionManager(transactionManager), new LinkedBlockingQueue<>());
        nodes.add(node);
        tail.subscribe("test", node.received::add);
        tail.start();
        closeOnEnd.add(tail);
        return node;
    }

    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    private record Node(String name, JdbcEventStorageEngine engine, WakeableEventStore store,
                        SpringTransactionManager transactions, BlockingQueue<TrackedEventMessage<?>> received) {
    }
}
