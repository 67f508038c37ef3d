package io.assistantcore.command.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.chat.ChatCommands.ClearConversation;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.PostUserMessage;
import io.assistantcore.messages.chat.ChatCommands.RecordMemory;
import io.assistantcore.messages.chat.ChatCommands.RecordRoute;
import io.assistantcore.messages.chat.ChatCommands.RecordScreening;
import io.assistantcore.messages.chat.ChatCommands.StartConversation;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.platform.eventstore.AxonStorageConfiguration;
import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.privacy.PersonalDataProtection;
import io.assistantcore.platform.privacy.PersonalDataSerializer;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation on Axon's real snapshot path: the JDBC event store with the event serializer for events and
 * snapshots, as the application wires it. Snapshots are taken, a conversation loads from them and goes on with the
 * memory it had, no personal text is in a snapshot in the clear, and forgetting the owner reaches the snapshot.
 */
class ConversationSnapshotIntegrationTest {

    private static final String TENANT = "acme";
    private static final String USER = "alice";
    /** Small, so a few turns take several snapshots. */
    private static final int SNAPSHOT_EVERY = 10;

    private DataSource dataSource;
    private DataKeyStore keys;
    private EventStore store;
    private final List<EmbeddedEventStore> stores = new ArrayList<>();

    @BeforeEach
    void database() {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/eventstore",
                "classpath:db/migration/privacy");
        keys = new DataKeyStore(dataSource, null, Duration.ZERO, Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        PersonalDataSerializer serializer = new PersonalDataSerializer(JacksonSerializer.defaultSerializer(),
                new PersonalDataProtection(keys, new JdbcTemplate(dataSource), json), json);
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactions())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(AxonStorageConfiguration.schema())
                .build();
        EmbeddedEventStore embedded = EmbeddedEventStore.builder().storageEngine(engine).build();
        stores.add(embedded);
        store = embedded;
    }

    @AfterEach
    void shutDown() {
        stores.forEach(EmbeddedEventStore::shutDown);
    }

    private TransactionManager transactions() {
        return new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
    }

    /** A node's write model with nothing cached: every command loads the conversation from the store. */
    private CommandGateway writeModel() {
        AggregateSnapshotter snapshotter = AggregateSnapshotter.builder()
                .eventStore(store)
                .aggregateFactories(new GenericAggregateFactory<>(Conversation.class))
                .transactionManager(transactions())
                .build();
        EventSourcingRepository<Conversation> repository = EventSourcingRepository.builder(Conversation.class)
                .eventStore(store)
                .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY))
                .build();
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions()).build();
        AggregateAnnotationCommandHandler.<Conversation>builder()
                .aggregateType(Conversation.class)
                .repository(repository)
                .build()
                .subscribe(bus);
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    private static String question(int turn) {
        return "SECRET-Q" + turn + " what about day " + turn + " of my trip?";
    }

    private static String answer(int turn) {
        return "SECRET-A" + turn + " visit the museum on day " + turn + ".";
    }

    private static final List<ProfileFact> PROFILE = List.of(new ProfileFact("name", "SECRET-NAME Alice"));

    /** A turn asked and answered through every step a worker takes; turn 4 condenses turns 1-2. */
    private static void turn(CommandGateway commands, String conversationId, int turn) {
        ask(commands, conversationId, turn);
        answer(commands, conversationId, turn);
    }

    /** The message, and the worker's screening of it. */
    private static void ask(CommandGateway commands, String conversationId, int turn) {
        String replyId = conversationId + "-r" + turn;
        commands.sendAndWait(new PostUserMessage(conversationId, TENANT, USER, conversationId + "-m" + turn,
                replyId, question(turn), List.of(), null, true, Set.of(), RoutingRules.DEFAULT, "chat-v1", null));
        commands.sendAndWait(new RecordScreening(conversationId, replyId, 1, ScreeningVerdict.ALLOW, "none", 0.01,
                null));
    }

    /** The worker's routing, memory plan (turn 4 condenses turns 1-2), stream and completion. */
    private static void answer(CommandGateway commands, String conversationId, int turn) {
        String replyId = conversationId + "-r" + turn;
        commands.sendAndWait(new RecordRoute(conversationId, replyId, 1, RouteCategory.GENERAL, 0.8, "local",
                "offline", "everyday", RouteDecider.SEMANTIC));
        if (turn == 4) {
            commands.sendAndWait(new RecordMemory(conversationId, replyId, 1, 1, 2, false,
                    "SECRET-SUMMARY a trip of several days", 2, PROFILE));
        }
        commands.sendAndWait(new StartReplyStream(conversationId, replyId, 1, "local", "offline", "node-a", 30L));
        commands.sendAndWait(new CompleteReply(conversationId, replyId, 1, answer(turn), new TokenUsage(30, 9, false),
                "local", "offline", 50, 3, Money.of("0.001", "USD"), null, null));
    }

    private ReplyRequested lastRequest(String conversationId) {
        List<ReplyRequested> requests = new ArrayList<>();
        store.readEvents(conversationId, 0).asStream().map(DomainEventMessage::getPayload)
                .filter(ReplyRequested.class::isInstance).map(ReplyRequested.class::cast).forEach(requests::add);
        return requests.get(requests.size() - 1);
    }

    private List<String> storedSnapshots(String conversationId) {
        return new JdbcTemplate(dataSource).queryForList("SELECT convert_from(payload, 'UTF8') FROM "
                + "snapshot_event_entry WHERE aggregate_identifier = ?", String.class, conversationId);
    }

    @Test
    void aConversationLoadsFromItsSnapshotWithItsMemoryAndNoTextInTheClear() {
        String id = "conv-snap-1";
        CommandGateway commands = writeModel();
        commands.sendAndWait(new StartConversation(id, TENANT, USER, "SECRET-TITLE Lisbon", null, null));
        for (int turn = 1; turn <= 5; turn++) {
            turn(commands, id, turn);
        }

        ask(commands, id, 6);

        List<String> snapshots = storedSnapshots(id);
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0)).contains("enc:v1:").doesNotContain("SECRET");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Long snapshotAt = jdbc.queryForObject("SELECT sequence_number FROM snapshot_event_entry WHERE "
                + "aggregate_identifier = ?", Long.class, id);
        Long lastEvent = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE "
                + "aggregate_identifier = ?", Long.class, id);
        assertThat(snapshotAt).isBetween((long) SNAPSHOT_EVERY, lastEvent - 1);
        // the revision of the aggregate's state, so a changed shape can ignore older snapshots
        assertThat(jdbc.queryForObject("SELECT payload_revision FROM snapshot_event_entry WHERE "
                + "aggregate_identifier = ?", String.class, id)).isEqualTo("1");

        // another node loads it from the snapshot plus the later events, finishes the reply and asks the next one
        // with the memory as it stands
        CommandGateway otherNode = writeModel();
        answer(otherNode, id, 6);
        otherNode.sendAndWait(new PostUserMessage(id, TENANT, USER, id + "-m7", id + "-r7", question(7),
                List.of(), null, true, Set.of(), RoutingRules.DEFAULT, "chat-v1", null));
        assertThat(lastRequest(id).spec().memory()).isEqualTo(new MemoryInput("SECRET-SUMMARY a trip of several days",
                PROFILE, List.of(new Turn(3, question(3), answer(3)), new Turn(4, question(4), answer(4)),
                new Turn(5, question(5), answer(5)), new Turn(6, question(6), answer(6))), 2));
        assertThat(storedSnapshots(id)).allSatisfy(snapshot -> assertThat(snapshot).doesNotContain("SECRET"));
    }

    @Test
    void forgettingTheOwnerReachesTheSnapshot() {
        String id = "conv-snap-2";
        CommandGateway commands = writeModel();
        commands.sendAndWait(new StartConversation(id, TENANT, USER, null, null, null));
        for (int turn = 1; turn <= 4; turn++) {
            turn(commands, id, turn);
        }
        assertThat(storedSnapshots(id)).isNotEmpty();

        keys.destroy(PersonalDataProtection.subject(TENANT, USER));

        writeModel().sendAndWait(new PostUserMessage(id, TENANT, USER, id + "-m5", id + "-r5", "I'm back.",
                List.of(), null, true, Set.of(), RoutingRules.DEFAULT, "chat-v1", null));
        MemoryInput memory = lastRequest(id).spec().memory();
        assertThat(memory.summary()).isEqualTo(PersonalData.FORGOTTEN);
        assertThat(memory.profile()).extracting(ProfileFact::value).containsOnly(PersonalData.FORGOTTEN);
        assertThat(memory.turns()).extracting(Turn::number).containsExactly(3, 4);
        assertThat(memory.turns()).flatExtracting(Turn::userText, Turn::replyText)
                .containsOnly(PersonalData.FORGOTTEN);
    }

    @Test
    void aClearedConversationLoadsFromASnapshotTakenAfterTheClear() {
        String id = "conv-snap-3";
        CommandGateway commands = writeModel();
        commands.sendAndWait(new StartConversation(id, TENANT, USER, null, null, null));
        for (int turn = 1; turn <= 2; turn++) {
            turn(commands, id, turn);
        }
        commands.sendAndWait(new ClearConversation(id, TENANT, USER));
        turn(commands, id, 1 + 10);

        writeModel().sendAndWait(new PostUserMessage(id, TENANT, USER, id + "-m99", id + "-r99", question(99),
                List.of(), null, true, Set.of(), RoutingRules.DEFAULT, "chat-v1", null));
        assertThat(storedSnapshots(id)).isNotEmpty();
        assertThat(lastRequest(id).spec().memory()).isEqualTo(new MemoryInput("", List.of(),
                List.of(new Turn(1, question(11), answer(11))), 0));
    }
}
