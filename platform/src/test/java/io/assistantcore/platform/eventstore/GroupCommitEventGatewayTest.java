package io.assistantcore.platform.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitEventGatewayTest {

    private final List<AutoCloseable> closeOnEnd = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeOnEnd.size() - 1; i >= 0; i--) {
            closeOnEnd.get(i).close();
        }
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, aggregate + "#" + sequence);
    }

    /** Publishes reach the event bus in batches: those queued while one batch is stored form the next one. */
    @Test
    void publishesThatArriveWhileABatchIsStoredAreStoredTogetherInTheNextTransaction() throws Exception {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        closeOnEnd.add(store::shutDown);
        GatedBus bus = new GatedBus(store);
        GroupCommitEventGateway gateway = new GroupCommitEventGateway(bus, 256, 1024);
        closeOnEnd.add(gateway);
        ExecutorService publishers = Executors.newCachedThreadPool();
        closeOnEnd.add(publishers::shutdownNow);

        Future<?> first = publishers.submit(() -> gateway.publish(event("first", 0)));
        assertThat(bus.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the writer is storing "first", held
        List<Future<?>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String aggregate = "later-" + i;
            waiting.add(publishers.submit(() -> gateway.publish(event(aggregate, 0))));
        }
        while (bus.queuedBehind(gateway) < 10) {
            Thread.sleep(5);
        }
        bus.release.countDown();
        first.get(30, TimeUnit.SECONDS);
        for (Future<?> f : waiting) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(bus.batchSizes).containsExactly(1, 10);
        assertThat(store.readEvents("later-9").asStream().count()).isEqualTo(1);
    }

    /** A batch that fails is retried publish by publish: only the bad publish fails. */
    @Test
    void aFailingEventFailsOnlyItsOwnPublisher() throws Exception {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        closeOnEnd.add(store::shutDown);
        GatedBus bus = new GatedBus(store);
        bus.refuse = "bad";
        GroupCommitEventGateway gateway = new GroupCommitEventGateway(bus, 256, 1024);
        closeOnEnd.add(gateway);
        ExecutorService publishers = Executors.newCachedThreadPool();
        closeOnEnd.add(publishers::shutdownNow);

        Future<?> first = publishers.submit(() -> gateway.publish(event("first", 0)));
        assertThat(bus.entered.await(30, TimeUnit.SECONDS)).isTrue();
        Future<?> good = publishers.submit(() -> gateway.publish(event("good", 0)));
        Future<?> bad = publishers.submit(() -> gateway.publish(event("bad", 0)));
        while (bus.queuedBehind(gateway) < 2) {
            Thread.sleep(5);
        }
        bus.release.countDown();
        first.get(30, TimeUnit.SECONDS);
        good.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("refused: bad");
        assertThat(store.readEvents("good").asStream().count()).isEqualTo(1);
        assertThat(store.readEvents("bad").asStream().count()).isZero();
    }

    /**
     * Many writers publishing through the gateway on PostgreSQL, concurrently: a tracking processor sees every event
     * exactly once, each writer's events in the order they were published.
     */
    @Test
    void aTrackingProcessorSeesEveryEventOnceInEachWritersOrder() throws Exception {
        TestDatabase.Coordinates database = TestDatabase.freshDatabase();
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration/eventstore").load().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(6);
        HikariDataSource dataSource = new HikariDataSource(config);
        closeOnEnd.add(dataSource);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(dataSource)))
                .eventSerializer(serializer).snapshotSerializer(serializer)
                .schema(AxonStorageConfiguration.schema())
                .build();
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        closeOnEnd.add(store::shutDown);
        CountingBus bus = new CountingBus(store);
        GroupCommitEventGateway gateway = new GroupCommitEventGateway(bus, 64, 1024);
        closeOnEnd.add(gateway);

        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        AtomicInteger handled = new AtomicInteger();
        ScheduledExecutorHolder executors = new ScheduledExecutorHolder();
        closeOnEnd.add(executors);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("group-commit-test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(
                        (org.axonframework.eventhandling.EventMessageHandler) event -> {
                            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
                            seen.computeIfAbsent(domain.getAggregateIdentifier(), k -> new CopyOnWriteArrayList<>())
                                    .add(domain.getSequenceNumber());
                            handled.incrementAndGet();
                            return null;
                        }).build())
                .messageSource(store)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(executors.coordinator)
                .workerExecutor(executors.workers)
                .initialSegmentCount(1)
                .build();
        processor.start();
        closeOnEnd.add(processor::shutDown);

        int writers = 12;
        int perWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        closeOnEnd.add(pool::shutdownNow);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String aggregate = "stream-" + w;
            done.add(pool.submit(() -> {
                go.await();
                for (int s = 0; s < perWriter; s++) {
                    gateway.publish(event(aggregate, s));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (handled.get() < writers * perWriter && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Long> inOrder = new ArrayList<>();
        for (long s = 0; s < perWriter; s++) {
            inOrder.add(s);
        }
        assertThat(seen).hasSize(writers);
        seen.forEach((aggregate, sequence) -> assertThat(sequence).as(aggregate).isEqualTo(inOrder));
        assertThat(handled.get()).isEqualTo(writers * perWriter);
        // a writer never has more than one publish outstanding, so no append holds more than one per writer
        assertThat(bus.largestBatch.get()).isBetween(1, writers);
    }

    private static final class ScheduledExecutorHolder implements AutoCloseable {
        final java.util.concurrent.ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        final java.util.concurrent.ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);

        @Override
        public void close() {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** An event bus that holds its first publish until released, and records the size of every publish. */
    private static final class GatedBus implements EventBus {
        final EventBus delegate;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        volatile String refuse;
        private final AtomicInteger calls = new AtomicInteger();

        GatedBus(EventBus delegate) {
            this.delegate = delegate;
        }

        int queuedBehind(GroupCommitEventGateway gateway) {
            return gateway.queued();
        }

        @Override
        public void publish(List<? extends EventMessage<?>> events) {
            if (calls.getAndIncrement() == 0) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batchSizes.add(events.size());
            for (EventMessage<?> event : events) {
                if (refuse != null && ((DomainEventMessage<?>) event).getAggregateIdentifier().equals(refuse)) {
                    throw new IllegalArgumentException("refused: " + refuse);
                }
            }
            delegate.publish(events);
        }

        @Override
        public Registration subscribe(Consumer<List<? extends EventMessage<?>>> eventProcessor) {
            return delegate.subscribe(eventProcessor);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super EventMessage<?>> dispatchInterceptor) {
            return delegate.registerDispatchInterceptor(dispatchInterceptor);
        }
    }

    /** Counts appends and the largest one. */
    private static final class CountingBus implements EventBus {
        final EventBus delegate;
        final AtomicInteger appends = new AtomicInteger();
        final AtomicInteger largestBatch = new AtomicInteger();

        CountingBus(EventBus delegate) {
            this.delegate = delegate;
        }

        @Override
        public void publish(List<? extends EventMessage<?>> events) {
            appends.incrementAndGet();
            largestBatch.accumulateAndGet(events.size(), Math::max);
            delegate.publish(events);
        }

        @Override
        public Registration subscribe(Consumer<List<? extends EventMessage<?>>> eventProcessor) {
            return delegate.subscribe(eventProcessor);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super EventMessage<?>> dispatchInterceptor) {
            return delegate.registerDispatchInterceptor(dispatchInterceptor);
        }
    }
}
