package io.assistantcore.platform.audit;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds any event-sourced aggregate as it stood at a moment: the aggregate class comes from the aggregates Axon is
 * configured with (so a new aggregate works without code here), its events are read from the event store (never a
 * snapshot: a snapshot may postdate the moment), those up to the moment are applied through the aggregate's own
 * {@code @EventSourcingHandler}s, and the fields of the result are rendered as JSON.
 */
@Component
public class AggregateStates {

    private final Configuration axon;
    private final EventStore eventStore;
    private final ObjectMapper fields;
    private final ObjectMapper payloads;
    private final Map<Class<?>, AggregateModel<?>> models = new ConcurrentHashMap<>();

    public AggregateStates(Configuration axon, EventStore eventStore, ObjectMapper objectMapper) {
        this.axon = axon;
        this.eventStore = eventStore;
        this.payloads = objectMapper;
        this.fields = objectMapper.copy()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    /**
     * @param tenantId the tenant the aggregate's events name (null: a platform-wide aggregate such as the price list)
     */
    public record Rebuilt(String aggregateType, String aggregateId, Instant asOf, long version, int eventsApplied,
                          String tenantId, JsonNode state) {
    }

    /** The aggregate type names Axon knows, sorted. */
    public List<String> knownTypes() {
        return new TreeMap<>(types()).keySet().stream().toList();
    }

    /** Whether an aggregate of this type name exists in the configuration. */
    public boolean isKnownType(String typeName) {
        return types().containsKey(typeName);
    }

    /** Every stored event of one aggregate, and the tenant they name (null: a platform-wide aggregate). */
    public record History(String aggregateType, String aggregateId, List<DomainEventMessage<?>> events,
                          String tenantId) {
    }

    /**
     * The stored events of {@code aggregateId}, if it is an aggregate of this type.
     *
     * @throws IllegalArgumentException for an unknown type name
     */
    public Optional<History> history(String typeName, String aggregateId) {
        if (!isKnownType(typeName)) {
            throw new IllegalArgumentException("Unknown aggregate type " + typeName);
        }
        List<DomainEventMessage<?>> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0L);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (!typeName.equals(event.getType())) {
                return Optional.empty(); // the id belongs to an aggregate of another type
            }
            events.add(event);
        }
        return events.isEmpty() ? Optional.empty()
                : Optional.of(new History(typeName, aggregateId, List.copyOf(events), tenantOf(events)));
    }

    /**
     * The state after the events stored at or before {@code asOf}.
     *
     * @return empty when the aggregate has no event at or before {@code asOf}
     */
    public Optional<Rebuilt> stateAsOf(History history, Instant asOf) {
        // an aggregate's events are appended in time order: the state at a moment is a prefix of its history
        List<DomainEventMessage<?>> events = history.events().stream()
                .takeWhile(event -> !event.getTimestamp().isAfter(asOf)).toList();
        if (events.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(apply(types().get(history.aggregateType()), history, events, asOf));
    }

    private <T> Rebuilt apply(AggregateConfiguration<T> configuration, History history,
                              List<DomainEventMessage<?>> events, Instant asOf) {
        AggregateModel<T> model = model(configuration.aggregateType());
        try {
            T root = configuration.aggregateFactory().createAggregateRoot(history.aggregateId(), events.get(0));
            EventSourcedAggregate<T> aggregate = EventSourcedAggregate.initialize(root, model, null,
                    NoSnapshotTriggerDefinition.TRIGGER);
            aggregate.initializeState(DomainEventStream.of(events));
            long version = events.get(events.size() - 1).getSequenceNumber();
            JsonNode state = fields.valueToTree(aggregate.getAggregateRoot());
            return new Rebuilt(history.aggregateType(), history.aggregateId(), asOf, version, events.size(),
                    history.tenantId(), state);
        } catch (Exception e) {
            throw new IllegalStateException("Could not rebuild " + history.aggregateType() + " "
                    + history.aggregateId() + ": " + e, e);
        }
    }

    /** The tenant named by the events: a {@code tenantId} in a payload, else in the metadata. */
    private String tenantOf(List<DomainEventMessage<?>> events) {
        for (DomainEventMessage<?> event : events) {
            JsonNode tenant = payloads.valueToTree(event.getPayload()).path("tenantId");
            if (tenant.isTextual()) {
                return tenant.asText();
            }
        }
        return events.stream().map(event -> event.getMetaData().get(MetaDataKeys.TENANT_ID))
                .filter(String.class::isInstance).map(String.class::cast).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private <T> AggregateModel<T> model(Class<T> type) {
        return (AggregateModel<T>) models.computeIfAbsent(type, t -> AnnotatedAggregateMetaModelFactory
                .inspectAggregate(t, axon.parameterResolverFactory(), axon.handlerDefinition(t)));
    }

    /** Aggregate configurations by the type name their events are stored under. */
    private Map<String, AggregateConfiguration<?>> types() {
        Map<String, AggregateConfiguration<?>> types = new TreeMap<>();
        for (AggregateConfiguration<?> aggregate : axon.findModules(AggregateConfiguration.class)) {
            types.put(model(aggregate.aggregateType()).type(), aggregate);
        }
        return types;
    }
}
