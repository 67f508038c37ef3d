package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.platform.eventstore.NodeEventTail;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher cancels exactly the attempts this node runs whose cancellation is stored, from the node's tail of an event store.
 * Events are handled in order, so once a later "marker" cancellation has been applied, every event stored before it
 * has been looked at: absences are asserted that way, without waiting for time to pass.
 */
class CancellationWatcherTest {

    private EmbeddedEventStore eventStore;
    private RunningAttempts running;
    private NodeEventTail tail;
    private CancellationWatcher watcher;
    private int markers;

    @BeforeEach
    void start() throws InterruptedException {
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        running = new RunningAttempts();
        tail = new NodeEventTail(eventStore);
        watcher = new CancellationWatcher(tail, running);
        watcher.start();
        tail.start();
        // the watcher reads from the head of the store once its stream is open: wait until it sees a cancellation
        Handle probe = run("probe", 1);
        while (!probe.cancelled.await(50, TimeUnit.MILLISECONDS)) {
            publish(new SuggestionCancelled("session", "acme", "probe", 1));
        }
    }

    @AfterEach
    void stop() throws Exception {
        watcher.close();
        tail.close();
        eventStore.shutDown();
    }

    @Test
    void aStoredCancellationCancelsThatAttemptOnly() throws InterruptedException {
        Handle first = run("s-1", 1);
        Handle second = run("s-1", 2);
        Handle other = run("s-2", 1);

        publish(new SuggestionTokensStreamed("session", "acme", "s-1", 2, 1, "text"));
        publish(new SuggestionCancelled("session", "acme", "s-1", 1));
        awaitEverythingBeforeHandled();

        assertThat(first.cancelled.getCount()).as("the cancelled attempt").isZero();
        assertThat(running.isCancelled("s-1", 1)).isTrue();
        assertThat(second.cancelled.getCount()).as("a later attempt of the same suggestion").isOne();
        assertThat(other.cancelled.getCount()).as("another suggestion").isOne();
        assertThat(running.isCancelled("s-1", 2)).isFalse();
    }

    @Test
    void aStoredReplyCancellationCancelsThatReplyAttemptOnly() throws InterruptedException {
        Handle reply = run("r-1", 2);
        Handle earlier = run("r-1", 1);

        publish(new ReplyCancelled("conversation", "acme", "r-1", 2));
        awaitEverythingBeforeHandled();

        assertThat(reply.cancelled.getCount()).as("the cancelled reply attempt").isZero();
        assertThat(earlier.cancelled.getCount()).as("another attempt of the reply").isOne();
    }

    @Test
    void aCancellationThatArrivesBeforeTheProviderCallIsAppliedWhenTheCallStarts() throws InterruptedException {
        running.begin("s-3", 1);
        publish(new SuggestionCancelled("session", "acme", "s-3", 1));
        awaitEverythingBeforeHandled();

        Handle late = new Handle();
        assertThat(running.attach("s-3", 1, late)).as("attach refuses a cancelled attempt").isFalse();
        assertThat(late.cancelled.getCount()).isZero();
    }

    @Test
    void anAttemptThatAlreadyEndedIsLeftAlone() throws InterruptedException {
        Handle ended = run("s-4", 1);
        running.end("s-4", 1);
        publish(new SuggestionCancelled("session", "acme", "s-4", 1));
        awaitEverythingBeforeHandled();

        assertThat(ended.cancelled.getCount()).isOne();
        assertThat(running.runsHere("s-4")).isFalse();
    }

    private Handle run(String suggestionId, int attempt) {
        Handle handle = new Handle();
        running.begin(suggestionId, attempt);
        assertThat(running.attach(suggestionId, attempt, handle)).isTrue();
        return handle;
    }

    private void awaitEverythingBeforeHandled() throws InterruptedException {
        String marker = "marker-" + ++markers;
        Handle handle = run(marker, 1);
        publish(new SuggestionCancelled("session", "acme", marker, 1));
        assertThat(handle.cancelled.await(30, TimeUnit.SECONDS)).as("the watcher reached " + marker).isTrue();
    }

    private void publish(Object payload) {
        eventStore.publish(GenericEventMessage.asEventMessage(payload));
    }

    private static final class Handle implements GenerationHandle {
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public void cancel() {
            cancelled.countDown();
        }
    }
}
