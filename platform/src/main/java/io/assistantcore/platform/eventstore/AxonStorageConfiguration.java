package io.assistantcore.platform.eventstore;

import io.assistantcore.messages.assist.StreamStartedWorkerUpcaster;
import io.assistantcore.messages.tenant.AiPolicyCacheFlagsUpcaster;
import io.assistantcore.messages.webhook.WebhookEndpointScopeUpcaster;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Axon on PostgreSQL through its JDBC engines (whose PostgreSQL layouts use {@code bytea}), with the tables that
 * Flyway creates in {@code db/migration/eventstore}. Names are snake_case to match the rest of the schema.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AxonStorageConfiguration.EventStoreProperties.class)
public class AxonStorageConfiguration {

    /**
     * @param fetchDelay          how often an idle node reads the event store for events other nodes stored when no
     *                            notification came: the slow fallback behind {@code LISTEN/NOTIFY}
     * @param notifications       whether the node listens for the notifications the event table's trigger sends
     *                            (off: other nodes' events arrive with {@code fetchDelay})
     * @param tailLookBackEvents  how many of the latest stored events the node's tail reads when the node starts, so
     *                            the live relay knows what streams that reconnect after a restart may have missed
     * @param processorSegments   how many segments a pooled processor starts with when it has no tokens yet, unless
     *                            its module says otherwise. Each stored event is offered to every segment's work
     *                            package of every processor (about 20), so Axon's default of 16 made the processors'
     *                            coordinators a tenth of the node's CPU under load; a projection gains nothing from
     *                            more segments on one database. Workers that spread AI work over nodes set their own count
     */
    @ConfigurationProperties("assistant.events")
    public record EventStoreProperties(@DefaultValue("PT1S") Duration fetchDelay,
                                       @DefaultValue("true") boolean notifications,
                                       @DefaultValue("5000") int tailLookBackEvents,
                                       @DefaultValue("1") int processorSegments) {

        public EventStoreProperties {
            if (processorSegments < 1 || processorSegments > 64) {
                throw new IllegalArgumentException("assistant.events.processor-segments must be 1 to 64");
            }
        }
    }

    /**
     * Axon's event store. A commit on this node wakes its reader at once; events stored by other nodes wake it through
     * {@link EventNotificationListener}, and {@code fetchDelay} is only the fallback poll.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    public WakeableEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration,
                                         EventStoreProperties properties) {
        return new WakeableEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis())
                .timeUnit(TimeUnit.MILLISECONDS));
    }

    /**
     * The node's one tail of the event store, which the live relay, the cancellation watcher and the processors'
     * wake-ups subscribe to. It starts a few thousand events before the head (see
     * {@link EventStoreProperties#tailLookBackEvents()}), once every subscriber has subscribed (see
     * {@link #nodeEventTailLifecycle}).
     */
    @Bean(destroyMethod = "close")
    public NodeEventTail nodeEventTail(WakeableEventStore eventStore, EventAvailability eventAvailability,
                                       EventStoreProperties properties) {
        NodeEventTail tail = new NodeEventTail(eventStore, () -> lookBack(eventStore.createHeadToken(),
                properties.tailLookBackEvents()));
        eventAvailability.follow(tail);
        return tail;
    }

    private static TrackingToken lookBack(TrackingToken head, int events) {
        if (head == null) {
            return null;
        }
        long index = head.position().orElse(0L) - events;
        return index < 1 ? null : GapAwareTrackingToken.newInstance(index, java.util.Set.of());
    }

    /** Starts the tail after every bean is created (so every subscriber sees the same events), stops it first. */
    @Bean
    public SmartLifecycle nodeEventTailLifecycle(NodeEventTail tail) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                tail.start();
                running = true;
            }

            @Override
            public void stop() {
                tail.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    /**
     * Wakes this node's event store when another node stores events: a connection of its own, outside the pool,
     * listening on the channel the event table's trigger notifies.
     */
    @Bean(destroyMethod = "close")
    public EventNotificationListener eventNotificationListener(DataSource dataSource, WakeableEventStore eventStore,
                                                               EventStoreProperties properties) {
        EventNotificationListener listener = new EventNotificationListener(listenerConnections(dataSource),
                eventStore::eventsStoredElsewhere);
        if (properties.notifications()) {
            listener.start();
        }
        return listener;
    }

    /** New connections to the pool's database with the pool's settings; the pool itself if it is not Hikari. */
    private static Callable<Connection> listenerConnections(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
                return () -> {
                    Properties settings = new Properties();
                    settings.putAll(pool.getDataSourceProperties());
                    if (pool.getUsername() != null) {
                        settings.setProperty("user", pool.getUsername());
                    }
                    if (pool.getPassword() != null) {
                        settings.setProperty("password", pool.getPassword());
                    }
                    settings.setProperty("ApplicationName", "assistant-core event notifications");
                    return DriverManager.getConnection(pool.getJdbcUrl(), settings);
                };
            }
        } catch (SQLException e) {
            // fall through to the pool
        }
        return dataSource::getConnection;
    }

    /** Upcasters of stored events whose shape changed (each is described in its class). */
    @Bean
    public AiPolicyCacheFlagsUpcaster aiPolicyCacheFlagsUpcaster() {
        return new AiPolicyCacheFlagsUpcaster();
    }

    @Bean
    public StreamStartedWorkerUpcaster streamStartedWorkerUpcaster() {
        return new StreamStartedWorkerUpcaster();
    }

    @Bean
    public WebhookEndpointScopeUpcaster webhookEndpointScopeUpcaster() {
        return new WebhookEndpointScopeUpcaster();
    }

    @Bean
    public EventSchema eventSchema() {
        return schema();
    }

    /** The event and snapshot tables as Flyway creates them (snake_case, like the rest of the schema). */
    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * The connections of Axon's JDBC components, in place of the auto-configured provider, which gave the connection
     * of every unit of work back to the pool twice (see {@link TransactionConnections}).
     */
    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return TransactionConnections.forUnitsOfWork(dataSource);
    }

    /**
     * The JDBC event storage engine, as Axon's auto-configuration would build it; declared here because the event
     * store is our own bean (above), which makes the auto-configuration back off. Snapshots go through the event
     * serializer too: an aggregate's snapshot may hold personal texts (a conversation's memory), which must be
     * encrypted with their owner's key like the events they came from, or forgetting the owner would leave them
     * readable. A snapshot without personal data is stored exactly as Axon's Jackson serializer writes it.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .build();
    }

    /**
     * Recognises PostgreSQL's unique violation (SQLState 23505) as a duplicate key, so that two nodes appending to one
     * aggregate get a {@code ConcurrencyException}, which the command gateway retries on fresh state (a cached,
     * stale aggregate is evicted when its unit of work rolls back). Axon's {@code JdbcSQLErrorCodesResolver} only
     * recognises {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws: the
     * collision then surfaced as a non-transient {@code EventStoreException} and the command failed.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    public SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema(SagaSchema.builder()
                .sagaEntryTable("saga_entry")
                .revisionColumn("revision")
                .serializedSagaColumn("serialized_saga")
                .associationValueEntryTable("association_value_entry")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .build());
    }

    @Bean
    public DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_identifier")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * Pooled streaming processors for every processing group, told at once when events are stored (see
     * {@link EventAvailability}). Their default sequencing policy is per aggregate; {@code SequentialPolicy} is
     * avoided on purpose (it can skip events after a restart in 4.13.0). They start with {@code processorSegments}
     * segments unless their module registers another count.
     */
    @Bean
    public ConfigurerModule pooledStreamingProcessors(EventAvailability eventAvailability,
                                                      EventStoreProperties properties) {
        return configurer -> configurer.eventProcessing().usingPooledStreamingEventProcessors(
                (config, builder) -> builder.messageSource(eventAvailability.wrap(config.eventStore()))
                        .initialSegmentCount(properties.processorSegments()));
    }

    @Bean(destroyMethod = "close")
    public EventAvailability eventAvailability() {
        return new EventAvailability();
    }
}
