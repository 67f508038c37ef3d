package io.assistantcore.platform.eventstore;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pooled processor's coordinator reads at most the limit's number of events ahead of the processor's stored token,
 * is woken by the token that brings it down to half, and the processor still sees every event once, in order.
 */
class ReadAheadLimitTest {

    private final List<AutoCloseable> closeOnEnd = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeOnEnd.size() - 1; i >= 0; i--) {
            closeOnEnd.get(i).close();
        }
    }

    @Test
    void aBacklogAdmitsUpToItsLimitAndWakesOnceWhenStoredTokensBringItDownToHalf() {
        ReadAheadLimit.Backlog backlog = new ReadAheadLimit.Backlog(4);
        AtomicInteger wakes = new AtomicInteger();
        for (long position = 10; position < 14; position++) {
            assertThat(backlog.admit(wakes::incrementAndGet)).isTrue();
            backlog.handed(position);
        }
        assertThat(backlog.admit(wakes::incrementAndGet)).as("four handed over, none stored").isFalse();

        backlog.stored(10); // three left: more than half
        assertThat(wakes).hasValue(0);
        backlog.stored(11); // two left: half
        assertThat(wakes).hasValue(1);
        backlog.stored(13); // nothing waits any more: no second wake
        assertThat(wakes).hasValue(1);
        assertThat(backlog.size()).isZero();
        assertThat(backlog.admit(wakes::incrementAndGet)).isTrue();

        // a token covering events never handed over (a gap, or events the stream left out) removes only what it covers
        backlog.handed(20);
        backlog.handed(30);
        backlog.stored(25);
        assertThat(backlog.size()).isOne();
        backlog.reset();
        assertThat(backlog.size()).isZero();
    }

    @Test
    void aBacklogKeepsPositionsBeyondItsInitialCapacity() {
        ReadAheadLimit.Backlog backlog = new ReadAheadLimit.Backlog(4);
        for (long position = 1; position <= 100; position++) {
            backlog.handed(position); // the upcaster path of Axon's coordinator reads on without asking
        }
        assertThat(backlog.size()).isEqualTo(100);
        backlog.stored(60);
        assertThat(backlog.size()).isEqualTo(40);
        backlog.stored(100);
        assertThat(backlog.size()).isZero();
    }

    @Test
    void aLimitIsNoneOrAtLeastTwo() {
        assertThat(new ReadAheadLimit(0).observing(new InMemoryTokenStore())).isInstanceOf(InMemoryTokenStore.class);
        assertThatThrownBy(() -> new ReadAheadLimit(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadAheadLimit(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPooledProcessorReadsNoFurtherAheadThanTheLimitAndStillHandlesEveryEventOnceInOrder() throws Exception {
        int limit = 64;
        int events = 3_000;
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        closeOnEnd.add(store::shutDown);
        for (int i = 0; i < events; i++) {
            store.publish(GenericEventMessage.asEventMessage(i));
        }
        EventAvailability availability = new EventAvailability();
        closeOnEnd.add(availability);
        ReadAheadLimit readAhead = new ReadAheadLimit(limit);
        ReadAheadLimit.Backlog backlog = readAhead.backlog("read-ahead-test");

        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger largestBacklog = new AtomicInteger();
        ScheduledExecutorService coordinator = readAhead.coordinatorExecutor("read-ahead-test");
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
        closeOnEnd.add(coordinator::shutdownNow);
        closeOnEnd.add(workers::shutdownNow);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("read-ahead-test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(
                        (EventMessageHandler) event -> {
                            if (seen.isEmpty()) {
                                // the first event waits until the coordinator has read as far ahead as it may, so
                                // the limit is reached whatever the machine's speed
                                until(() -> backlog.size() >= limit);
                            }
                            largestBacklog.accumulateAndGet(backlog.size(), Math::max);
                            seen.add((Integer) event.getPayload());
                            return null;
                        }).build())
                .messageSource(availability.wrap(store))
                .tokenStore(readAhead.observing(new InMemoryTokenStore()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .batchSize(5)
                .build();
        processor.start();
        closeOnEnd.add(processor::shutDown);

        until(() -> seen.size() >= events);

        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            inOrder.add(i);
        }
        assertThat(seen).isEqualTo(inOrder);
        // the coordinator asks before each event it reads, so it never has more than the limit outstanding
        assertThat(largestBacklog.get()).isEqualTo(limit);
        assertThat(backlog.wakes()).as("stored tokens woke the coordinator after it was held back").isPositive();
    }

    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within two minutes").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
