package io.assistantcore.api.web;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.messages.common.MetaDataKeys;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Read-your-writes for something created just now: found at once, waited for (bounded) and then 503, or not found
 * (never stored, another tenant's, deleted).
 */
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
        eventStore.publish(new GenericDomainEventMessage<>(AggregateTypes.ASSIST_SESSION, aggregateId, 0, "started",
                MetaData.with(MetaDataKeys.TENANT_ID, tenantId)));
    }

    @Test
    void whatTheReadModelShowsIsAnsweredAtOnce() {
        assertThat(catchUp.findCreated("session s1", AggregateTypes.ASSIST_SESSION, "t1", "s1",
                () -> Optional.of("view"))).contains("view");
    }

    @Test
    void somethingCreatedJustNowIsWaitedFor() {
        stored("s1", "t1");
        AtomicInteger reads = new AtomicInteger();
        Optional<String> found = catchUp.findCreated("session s1", AggregateTypes.ASSIST_SESSION, "t1", "s1",
                () -> reads.incrementAndGet() < 3 ? Optional.empty() : Optional.of("view"));
        assertThat(found).contains("view");
        assertThat(reads.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aReadModelThatStaysBehindIsWaitedForOnlyBoundedlyAndThenAnswered503NotNotFound() {
        stored("s1", "t1");
        AtomicInteger reads = new AtomicInteger();
        long started = System.nanoTime();
        assertThatThrownBy(() -> catchUp.findCreated("session s1", AggregateTypes.ASSIST_SESSION, "t1", "s1", () -> {
            reads.incrementAndGet();
            return Optional.empty();
        })).isInstanceOfSatisfying(ApiException.class, refused -> {
            assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.type()).isEqualTo(ReadModelCatchUp.READ_MODEL_BEHIND);
            assertThat(refused.retryAfterSeconds()).isPositive();
        });
        // it did wait (read more than once) and it did stop
        assertThat(reads.get()).isGreaterThan(2);
        assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void anAggregateWhoseLastEventIsADeletionIsNotFoundWithoutWaiting() {
        eventStore.publish(new GenericDomainEventMessage<>(AggregateTypes.KNOWLEDGE_DOCUMENT, "f1", 0, "uploaded",
                MetaData.with(MetaDataKeys.TENANT_ID, "t1")));
        eventStore.publish(new GenericDomainEventMessage<>(AggregateTypes.KNOWLEDGE_DOCUMENT, "f1", 1,
                new DocumentDeleted("f1", "t1", "u1", "key"), MetaData.with(MetaDataKeys.TENANT_ID, "t1")));
        AtomicInteger reads = new AtomicInteger();
        assertThat(catchUp.findCreated("file f1", AggregateTypes.KNOWLEDGE_DOCUMENT, "t1", "f1", () -> {
            reads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void somethingThatDoesNotExistOrBelongsToAnotherTenantIsNotFound() {
        stored("s1", "t1");
        assertThat(catchUp.findCreated("session s2", AggregateTypes.ASSIST_SESSION, "t1", "s2", Optional::empty))
                .isEmpty();
        assertThat(catchUp.findCreated("session s1", AggregateTypes.ASSIST_SESSION, "t2", "s1", Optional::empty))
                .isEmpty();
        // an id of another kind of aggregate of the same tenant: not what was asked for, not waited for
        assertThat(catchUp.findCreated("conversation s1", AggregateTypes.CONVERSATION, "t1", "s1", Optional::empty))
                .isEmpty();
    }
}
