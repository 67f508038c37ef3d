package io.assistantcore.api.web;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Read-your-writes for something created just now: found at once, waited for (bounded), or not found. */
class ReadModelCatchUpTest {

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final ReadModelCatchUp catchUp = new ReadModelCatchUp(new AssistantProperties(null, null, null,
            new AssistantProperties.Consistency(Duration.ofMillis(200)), null), eventStore);

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    private void stored(String aggregateId, String tenantId) {
        eventStore.publish(new GenericDomainEventMessage<>("Session", aggregateId, 0, "started",
                MetaData.with(MetaDataKeys.TENANT_ID, tenantId)));
    }

    @Test
    void whatTheReadModelShowsIsAnsweredAtOnce() {
        assertThat(catchUp.findCreated("session s1", "t1", "s1", () -> Optional.of("view"))).contains("view");
    }

    @Test
    void somethingCreatedJustNowIsWaitedFor() {
        stored("s1", "t1");
        AtomicInteger reads = new AtomicInteger();
        Optional<String> found = catchUp.findCreated("session s1", "t1", "s1",
                () -> reads.incrementAndGet() < 3 ? Optional.empty() : Optional.of("view"));
        assertThat(found).contains("view");
        assertThat(reads.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aReadModelThatStaysBehindIsWaitedForOnlyBoundedlyAndThenNotFound() {
        stored("s1", "t1");
        AtomicInteger reads = new AtomicInteger();
        long started = System.nanoTime();
        assertThat(catchUp.findCreated("session s1", "t1", "s1", () -> {
            reads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        // it did wait (read more than once) and it did stop
        assertThat(reads.get()).isGreaterThan(2);
        assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void somethingThatDoesNotExistOrBelongsToAnotherTenantIsNotFound() {
        stored("s1", "t1");
        assertThat(catchUp.findCreated("session s2", "t1", "s2", Optional::empty)).isEmpty();
        assertThat(catchUp.findCreated("session s1", "t2", "s1", Optional::empty)).isEmpty();
    }
}
