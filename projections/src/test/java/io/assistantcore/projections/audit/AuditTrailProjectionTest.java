package io.assistantcore.projections.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.audit.AuditChain;
import io.assistantcore.messages.audit.AuditEvents.CommandRefused;
import io.assistantcore.messages.audit.AuditRecord;
import io.assistantcore.messages.common.MetaDataKeys;
import io.assistantcore.messages.ratelimit.RateLimitEvents.RateLimitRefused;
import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.privacy.PersonalDataProtection;
import io.assistantcore.platform.privacy.PersonalDataSerializer;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail, built from events that went through a real event store (Axon's JDBC engine with the application's
 * personal-data serializer), read back as a tracking processor reads them and handed to the projection in order.
 */
class AuditTrailProjectionTest {

    private static final GenerationSpec SPEC = new GenerationSpec(AiAction.SHORTEN, null, null, "a long text",
            List.of(), false, Set.of(), "v1", true, false);
    private static final MetaData ALICE = MetaData.with(MetaDataKeys.USER_ID, "alice")
            .and(MetaDataKeys.TENANT_ID, "t1");

    private static JdbcTemplate jdbc;
    private static AuditTrailProjection projection;
    private static List<? extends TrackedEventMessage<?>> stored;

    @BeforeAll
    static void storeEvents() {
        DataSource dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/eventstore",
                "classpath:db/migration/privacy", "classpath:db/migration/projections");
        jdbc = new JdbcTemplate(dataSource);
        projection = new AuditTrailProjection(jdbc);

        ObjectMapper tree = new ObjectMapper();
        PersonalDataSerializer serializer = new PersonalDataSerializer(JacksonSerializer.defaultSerializer(),
                new PersonalDataProtection(new DataKeyStore(dataSource, null, Duration.ofSeconds(10),
                        Clock.systemUTC()), jdbc, tree), tree);
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index").timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number").typeColumn("type")
                        .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload").metaDataColumn("meta_data")
                        .build())
                .build();

        engine.appendEvents(List.<EventMessage<?>>of(
                session(0, new AssistSessionStarted("s-1", "t1", "alice", new FieldRef("ticket", "T-1", "body"),
                        "my secret draft", List.of(new ContextItem("record", "Subject", "Refund")))),
                session(1, new SuggestionRequested("s-1", "t1", "g-1", 1, SPEC, null)),
                session(2, new SuggestionTokensStreamed("s-1", "t1", "g-1", 1, 0, "a ")),
                session(3, new SuggestionTokensStreamed("s-1", "t1", "g-1", 1, 1, "short")),
                session(4, new SuggestionTokensStreamed("s-1", "t1", "g-1", 1, 2, " text")),
                session(5, new SuggestionCompleted("s-1", "t1", "g-1", 1, "a short text", new TokenUsage(9, 3, true),
                        "openai", "gpt-x", 120, 3)),
                // published without an aggregate, as the api does
                new GenericEventMessage<>(new CommandRefused("t1", "bob", "ApproveSuggestion", "not yours",
                        "forbidden", 403, "POST", "/api/v1/suggestions/g-1/approve"),
                        MetaData.with(MetaDataKeys.USER_ID, "bob")),
                new GenericEventMessage<>(new CommandRefused("t1", "alice", "ApproveSuggestion", "already approved",
                        "conflict", 409, "POST", "/api/v1/suggestions/g-1/approve"), ALICE),
                new GenericEventMessage<>(new RateLimitRefused("t2", "carol", "user-requests", 60, 12, "POST",
                        "/api/v1/assist/sessions"), MetaData.with(MetaDataKeys.USER_ID, "carol"))));
        try (var events = engine.readEvents(null, false)) {
            stored = events.toList();
        }
        assertThat(stored).hasSize(9);
    }

    @Test
    void theTenantIsReadFromTheTopLevelOfThePayloadOnly() throws Exception {
        assertThat(AuditTrailProjection.topLevelText("{\"a\":{\"tenantId\":\"inner\"},\"list\":[{\"tenantId\":\"x\"}],"
                + "\"tenantId\":\"acme\",\"b\":1}", "tenantId")).isEqualTo("acme");
        assertThat(AuditTrailProjection.topLevelText("{\"a\":{\"tenantId\":\"inner\"}}", "tenantId")).isNull();
        assertThat(AuditTrailProjection.topLevelText("{\"tenantId\":42}", "tenantId")).isNull();
        assertThat(AuditTrailProjection.topLevelText("{\"tenantId\":null}", "tenantId")).isNull();
        assertThat(AuditTrailProjection.topLevelText("[\"tenantId\"]", "tenantId")).isNull();
        assertThat(AuditTrailProjection.topLevelText("{\"t\\u0065nantId\":\"esc\\\"aped\"}", "tenantId"))
                .isEqualTo("esc\"aped");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditTrailProjection.topLevelText("{\"x\":", "tenantId"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void oneRecordPerEventExceptTokenChunksInStoreOrderWithGaplessSeq() {
        replay();

        List<Map<String, Object>> records = jdbc.queryForList("SELECT * FROM audit_record ORDER BY seq");
        assertThat(records).extracting(r -> r.get("seq"))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
        assertThat(records).extracting(r -> r.get("type")).containsExactly("AssistSessionStarted",
                "SuggestionRequested", "SuggestionCompleted", "CommandRefused", "CommandRefused", "RateLimitRefused");
        assertThat(records).extracting(r -> r.get("outcome"))
                .containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED", "DENIED", "REFUSED", "REFUSED");
        assertThat(records).extracting(r -> r.get("actor"))
                .containsExactly("alice", "alice", "alice", "bob", "alice", "carol");
        assertThat(records).extracting(r -> r.get("tenant_id")).containsExactly("t1", "t1", "t1", "t1", "t1", "t2");
        // the store's global index and event id; chunk events (global index 3..5) are left out
        assertThat(records).extracting(r -> r.get("global_index")).containsExactly(1L, 2L, 6L, 7L, 8L, 9L);
        assertThat(records).extracting(r -> r.get("event_id")).containsExactlyElementsOf(
                List.of(0, 1, 5, 6, 7, 8).stream().map(i -> stored.get(i).getIdentifier()).toList());

        Map<String, Object> completed = records.get(2);
        assertThat(completed).containsEntry("aggregate_type", "AssistSession").containsEntry("aggregate_id", "s-1")
                .containsEntry("aggregate_sequence", 5L)
                .containsEntry("payload_type", SuggestionCompleted.class.getName());
        Map<String, Object> refused = records.get(3);
        assertThat(refused).containsEntry("aggregate_type", null).containsEntry("aggregate_id", null)
                .containsEntry("aggregate_sequence", null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE type = 'SuggestionTokensStreamed'",
                Long.class)).isZero();
    }

    @Test
    void thePayloadIsTheStoredOneWithItsPersonalTextsStillEncrypted() {
        replay();

        Map<Long, String> inStore = jdbc.queryForList("SELECT global_index, convert_from(payload, 'UTF8')::jsonb::text "
                        + "AS payload FROM domain_event_entry").stream()
                .collect(Collectors.toMap(r -> (Long) r.get("global_index"), r -> (String) r.get("payload")));
        List<Map<String, Object>> records = jdbc.queryForList("SELECT global_index, payload::text AS payload "
                + "FROM audit_record ORDER BY seq");
        for (Map<String, Object> record : records) {
            assertThat(record.get("payload")).isEqualTo(inStore.get((Long) record.get("global_index")));
        }
        Map<String, Object> session = jdbc.queryForMap("SELECT payload->>'originalText' AS original, "
                + "payload->>'sessionId' AS session, payload->>'userId' AS user_id, payload::text AS payload "
                + "FROM audit_record WHERE type = 'AssistSessionStarted'");
        assertThat((String) session.get("original")).startsWith("enc:v1:");
        assertThat((String) session.get("payload")).doesNotContain("my secret draft").doesNotContain("Refund");
        assertThat(session).containsEntry("session", "s-1").containsEntry("user_id", "alice");
        assertThat(jdbc.queryForObject("SELECT payload->>'text' FROM audit_record WHERE type = 'SuggestionCompleted'",
                String.class)).startsWith("enc:v1:");
        assertThat(jdbc.queryForObject("SELECT payload->>'status' FROM audit_record WHERE outcome = 'DENIED'",
                String.class)).isEqualTo("403");
    }

    @Test
    void theHashChainVerifiesAndATamperedRecordBreaksIt() {
        replay();

        List<AuditRecord> chain = chain();
        assertThat(chain).hasSize(6);
        assertThat(chain.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        for (int i = 0; i < chain.size(); i++) {
            AuditRecord record = chain.get(i);
            assertThat(record.hash()).as("hash of seq " + record.seq()).isEqualTo(AuditChain.hash(record));
            if (i > 0) {
                assertThat(record.prevHash()).as("link of seq " + record.seq()).isEqualTo(chain.get(i - 1).hash());
            }
        }

        jdbc.update("UPDATE audit_record SET actor = 'mallory' WHERE seq = ?", chain.get(1).seq());
        AuditRecord tampered = chain().get(1);
        assertThat(tampered.hash()).isNotEqualTo(AuditChain.hash(tampered));
    }

    @Test
    void redeliveredEventsAddNothingAndAReplayWritesTheSameChain() {
        replay();
        List<AuditRecord> first = chain();

        stored.forEach(projection::on);
        assertThat(chain()).isEqualTo(first);

        projection.reset();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record", Long.class)).isZero();
        stored.forEach(projection::on);
        assertThat(chain()).isEqualTo(first);
    }

    private static void replay() {
        projection.reset();
        stored.forEach(projection::on);
    }

    private static List<AuditRecord> chain() {
        return jdbc.query("SELECT * FROM audit_record ORDER BY seq", (rs, row) -> new AuditRecord(rs.getLong("seq"),
                rs.getObject("global_index", Long.class), rs.getString("event_id"),
                rs.getTimestamp("timestamp").toInstant(), rs.getString("tenant_id"), rs.getString("actor"),
                rs.getString("type"), rs.getString("aggregate_type"), rs.getString("aggregate_id"),
                rs.getObject("aggregate_sequence", Long.class), rs.getString("payload"), rs.getString("outcome"),
                rs.getString("prev_hash"), rs.getString("hash")));
    }

    private static GenericDomainEventMessage<?> session(long sequence, Object payload) {
        return new GenericDomainEventMessage<>("AssistSession", "s-1", sequence, payload, ALICE);
    }
}
