package io.assistantcore.platform.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Which thread wakes which processor: the regular ones from the wake-up thread, the urgent ones from the tail's. */
class EventAvailabilityTest {

    private EmbeddedEventStore store;
    private NodeEventTail tail;
    private EventAvailability availability;

    @BeforeEach
    void start() {
        store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        availability = new EventAvailability();
        // from the start of the store: an event published before the tail's thread opened its stream is seen too
        tail = new NodeEventTail(store, () -> null);
        availability.follow(tail);
        tail.start();
    }

    @AfterEach
    void stop() throws Exception {
        tail.close();
        availability.close();
        store.shutDown();
    }

    @Test
    void urgentProcessorsAreWokenByTheTailAfterEveryBatchAndTheOthersByTheWakeUpThread() {
        List<String> regular = new CopyOnWriteArrayList<>();
        List<String> urgent = new CopyOnWriteArrayList<>();
        BlockingStream<TrackedEventMessage<?>> regularStream = availability.wrap(store).openStream(null);
        BlockingStream<TrackedEventMessage<?>> urgentStream = availability.wrapUrgent(store).openStream(null);
        assertThat(regularStream.setOnAvailableCallback(() -> regular.add(Thread.currentThread().getName()))).isTrue();
        assertThat(urgentStream.setOnAvailableCallback(() -> urgent.add(Thread.currentThread().getName()))).isTrue();

        for (int i = 1; i <= 3; i++) {
            int before = (int) urgent.stream().filter("event-store-tail"::equals).count();
            store.publish(GenericEventMessage.asEventMessage("event " + i));
            until(
                    () -> urgent.stream().filter("event-store-tail"::equals).count() > before);
        }
        until(() -> regular.contains("processor-wake-ups"));

        assertThat(regular).as("regular processors are never woken on the tail's thread")
                .doesNotContain("event-store-tail");
        assertThat(urgent).as("urgent processors: by the tail after events, by the wake-up thread only as the poll")
                .isSubsetOf("event-store-tail", "processor-wake-ups");
        regularStream.close();
        urgentStream.close();
    }

    @Test
    void aClosedStreamIsNoLongerWoken() {
        List<String> woken = new CopyOnWriteArrayList<>();
        List<String> witness = new CopyOnWriteArrayList<>();
        BlockingStream<TrackedEventMessage<?>> stream = availability.wrapUrgent(store).openStream(null);
        BlockingStream<TrackedEventMessage<?>> open = availability.wrapUrgent(store).openStream(null);
        stream.setOnAvailableCallback(() -> woken.add("woken"));
        open.setOnAvailableCallback(() -> witness.add(Thread.currentThread().getName()));
        store.publish(GenericEventMessage.asEventMessage("first"));
        until(() -> !woken.isEmpty());
        stream.close();
        int wokenBefore = woken.size();

        // two more batches: once the witness is woken for the second, the first has been handed out completely
        for (String event : List.of("second", "third")) {
            int before = witness.size();
            store.publish(GenericEventMessage.asEventMessage(event));
            until(() -> {
                List<String> now = List.copyOf(witness);
                return now.subList(before, now.size()).contains("event-store-tail");
            });
        }
        assertThat(woken).as("no wake-up after close").hasSize(wokenBefore);
        open.close();
    }

    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
