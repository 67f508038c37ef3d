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

/**
 * Which thread wakes which processor (the regular ones from the wake-up thread, the urgent ones from the tail's), and
 * which events a processor's stream hands over.
 */
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

    @Test
    void eventsOfATypeTheProcessorCannotHandleAreLeftOutButTheLastIsHandedOverWhenNothingElseComes() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = availability.wrap(store).openStream(null);
        store.publish(GenericEventMessage.asEventMessage("first text"));
        TrackedEventMessage<?> first = stream.nextAvailable();
        assertThat(first.getPayload()).isEqualTo("first text");
        // as Axon's coordinator does when no segment could handle it and the processor has no handler for its type
        stream.skipMessagesWithPayloadTypeOf(first);

        store.publish(GenericEventMessage.asEventMessage(1), GenericEventMessage.asEventMessage("left out"),
                GenericEventMessage.asEventMessage("left out too"), GenericEventMessage.asEventMessage(2),
                GenericEventMessage.asEventMessage("also left out"), GenericEventMessage.asEventMessage("the last"));
        List<TrackedEventMessage<?>> handedOver = drain(stream);

        assertThat(handedOver).extracting(e -> (Object) e.getPayload()).containsExactly(1, 2, "the last");
        TrackedEventMessage<?> last = handedOver.get(handedOver.size() - 1);
        for (TrackedEventMessage<?> earlier : handedOver) {
            assertThat(last.trackingToken().covers(earlier.trackingToken())).isTrue();
        }
        assertThat(last.trackingToken()).as("the position is the head's").isEqualTo(store.createHeadToken());

        store.publish(GenericEventMessage.asEventMessage(3));
        assertThat(drain(stream)).extracting(e -> (Object) e.getPayload()).as("a peek, then the same event")
                .containsExactly(3);
        stream.close();
    }

    @Test
    void duringALongRunOfEventsLeftOutOneInEveryThousandOrSoIsHandedOver() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = availability.wrap(store).openStream(null);
        store.publish(GenericEventMessage.asEventMessage("first text"));
        stream.skipMessagesWithPayloadTypeOf(stream.nextAvailable());
        int count = EventAvailability.NotifyingStream.PASS_EVERY + 10;
        for (int i = 1; i <= count; i++) {
            store.publish(GenericEventMessage.asEventMessage("text " + i));
        }

        assertThat(drain(stream)).extracting(e -> (Object) e.getPayload())
                .containsExactly("text " + EventAvailability.NotifyingStream.PASS_EVERY, "text " + count);
        stream.close();
    }

    /** Everything the stream hands over until it has nothing for 300 ms, each event peeked before it is taken. */
    private static List<TrackedEventMessage<?>> drain(BlockingStream<TrackedEventMessage<?>> stream)
            throws InterruptedException {
        List<TrackedEventMessage<?>> events = new java.util.ArrayList<>();
        while (stream.hasNextAvailable(300, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            TrackedEventMessage<?> peeked = stream.peek().orElseThrow();
            TrackedEventMessage<?> next = stream.nextAvailable();
            assertThat(next).isSameAs(peeked);
            events.add(next);
        }
        return events;
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
