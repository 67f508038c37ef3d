package io.assistantcore.api.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCopied;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event no projection can store (NUL in a field, which PostgreSQL text and jsonb refuse) is set aside in the
 * dead-letter queue; every other tenant's audit records and history keep flowing, nothing personal is logged, and an
 * operator can list, retry and evict the letter.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoisonEventIntegrationTest extends ApiIntegrationTest {

    private static final String PERSONAL = "jane.doe@example.com IBAN DE89370400440532013000";

    @Autowired
    private EventStore eventStore;
    @Autowired
    private JdbcTemplate jdbc;

    private ApiClient api;
    private String admin;
    private String refusingTenant;

    @BeforeEach
    void setUp() {
        api = api();
        admin = api.devToken(null, "root", "PLATFORM_ADMIN");
    }

    @AfterEach
    void dropTrigger() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_tenant ON audit_record");
        jdbc.execute("DROP FUNCTION IF EXISTS refuse_tenant()");
    }

    private String poison(String tenantId) {
        String sessionId = UUID.randomUUID().toString();
        AssistSessionStarted started = new AssistSessionStarted(sessionId, tenantId, "mallory",
                new FieldRef("Account", PERSONAL, "description\u0000"), "some text", List.of());
        GenericDomainEventMessage<AssistSessionStarted> event = new GenericDomainEventMessage<>("AssistSession",
                sessionId, 0, started, MetaData.with(MetaDataKeys.TENANT_ID, tenantId)
                .and(MetaDataKeys.USER_ID, "mallory"));
        eventStore.publish(event);
        return event.getIdentifier();
    }

    private List<JsonNode> letters() {
        Response response = api.get("/api/v1/admin/dead-letters?limit=1000", admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        response.json().forEach(letters::add);
        return letters;
    }

    private List<JsonNode> lettersFor(String eventId) {
        return letters().stream().filter(letter -> letter.get("eventId").asText().equals(eventId)).toList();
    }

    private String sessionOf(String token) {
        Response session = api.post("/api/v1/assist/sessions", token, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"),
                "text", "their is a error in this sentance"));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        return session.json().get("sessionId").asText();
    }

    private List<String> auditedTypes(String auditor) {
        Response response = api.get("/api/v1/audit/events", auditor);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                types.add(new Response(200, Map.of(), line).json().get("type").asText());
            }
        }
        return types;
    }

    @Test
    void aPoisonEventWaitsInTheDeadLetterQueueWhileEveryoneElseGoesOn(CapturedOutput output) {
        String poisonTenant = uniqueTenantId("poison");
        String eventId = poison(poisonTenant);

        // the audit trail and the history set it aside
        List<JsonNode> letters = await().atMost(Duration.ofSeconds(30))
                .until(() -> lettersFor(eventId), found -> found.stream().map(l -> l.get("processingGroup").asText())
                        .toList().containsAll(List.of("audit-trail", "assist-history")));
        JsonNode letter = letters.get(0);
        assertThat(letter.get("eventType").asText()).isEqualTo("AssistSessionStarted");
        assertThat(letter.get("cause").asText()).doesNotContain("description").doesNotContain("jane");
        assertThat(letter.toString()).doesNotContain(PERSONAL);

        // another tenant's work is audited and its history readable
        String tenantId = api.createTenant(admin, uniqueTenantId("alive"), "TEAM", "alice");
        String alice = api.devToken(tenantId, "alice");
        String auditor = api.devToken(tenantId, "audra", "AUDITOR");
        String sessionId = sessionOf(alice);
        Response session = api.get("/api/v1/assist/sessions/" + sessionId, alice);
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(auditedTypes(auditor)).contains("TenantCreated", "AssistSessionStarted"));

        // counted, and logged without the data
        Response metric = api.get("/actuator/metrics/assistant.dead.letters", admin);
        assertThat(metric.status()).as(metric.body()).isEqualTo(200);
        assertThat(metric.json().at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(2);
        assertThat(output.getAll()).contains(eventId).doesNotContain("jane.doe").doesNotContain("DE89370400");

        // retried, it fails again and stays; evicted, it is gone
        String auditLetter = letters.stream().filter(l -> l.get("processingGroup").asText().equals("audit-trail"))
                .findFirst().orElseThrow().get("id").asText();
        Response retried = api.post("/api/v1/admin/dead-letters/" + auditLetter + "/retry", admin, null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("stillWaiting").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/admin/dead-letters/" + auditLetter, admin).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/admin/dead-letters/" + auditLetter, admin).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/admin/dead-letters/" + auditLetter, admin).status()).isEqualTo(404);
        assertThat(lettersFor(eventId)).extracting(l -> l.get("processingGroup").asText())
                .containsExactly("assist-history");
        letters().stream().filter(l -> l.get("eventId").asText().equals(eventId))
                .forEach(l -> api.delete("/api/v1/admin/dead-letters/" + l.get("id").asText(), admin));
    }

    /**
     * A session started, two chunks of its suggestion streamed and the suggestion copied, appended to
     * {@code events}. The suggestion's rows are in the history already, as its request left them (a stored request
     * would start a model call).
     */
    private String session(List<EventMessage<?>> events, String tenantId, String entityId) {
        String sessionId = UUID.randomUUID().toString();
        String suggestionId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO suggestion_view (suggestion_id, session_id, tenant_id, action, status, attempt, "
                + "created_at, updated_at) VALUES (?, ?, ?, 'IMPROVE', 'STREAMING', 1, now(), now())", suggestionId,
                sessionId, tenantId);
        jdbc.update("INSERT INTO suggestion_attempt_view (suggestion_id, attempt, status, started_at) "
                + "VALUES (?, 1, 'STREAMING', now())", suggestionId);
        MetaData meta = MetaData.with(MetaDataKeys.TENANT_ID, tenantId).and(MetaDataKeys.USER_ID, "alice");
        events.add(new GenericDomainEventMessage<>("AssistSession", sessionId, 0, new AssistSessionStarted(sessionId,
                tenantId, "alice", new FieldRef("Account", entityId, "description"), "some text", List.of()), meta));
        for (int seq = 1; seq <= 2; seq++) {
            events.add(GenericEventMessage.asEventMessage(new SuggestionTokensStreamed(sessionId, tenantId,
                    suggestionId, 1, seq, "chunk " + seq)).andMetaData(meta));
        }
        events.add(new GenericDomainEventMessage<>("AssistSession", sessionId, 1, new SuggestionCopied(sessionId,
                tenantId, suggestionId, 1), meta));
        return suggestionId;
    }

    @Test
    void aPoisonEventAmongOthersStoredTogetherWaitsAloneAndTheOthersAreStoredOnce() {
        String tenantId = uniqueTenantId("batch");
        List<EventMessage<?>> events = new ArrayList<>();
        String before = session(events, tenantId, "1");
        // the poisoned session: its start cannot be stored, and its later events wait with it (its sequence)
        int poisonAt = events.size();
        session(events, tenantId, "2\u0000");
        String poisonStarted = events.get(poisonAt).getIdentifier();
        String poisonCopied = events.get(poisonAt + 3).getIdentifier();
        String after = session(events, tenantId, "3");
        // one append: the history's processor takes them in one batch
        eventStore.publish(events);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM suggestion_view WHERE suggestion_id IN (?, ?) AND copies > 0", Long.class,
                before, after) == 2 && lettersFor(poisonCopied).stream()
                .anyMatch(l -> l.get("processingGroup").asText().equals("assist-history")));

        assertThat(lettersFor(poisonStarted)).extracting(l -> l.get("processingGroup").asText())
                .contains("assist-history");
        for (String suggestionId : List.of(before, after)) {
            // every event of the other sessions exactly once: one copy, two chunks counted and stored
            assertThat(jdbc.queryForMap("SELECT s.copies, a.chunks FROM suggestion_view s JOIN suggestion_attempt_view a "
                    + "USING (suggestion_id) WHERE suggestion_id = ?", suggestionId))
                    .containsEntry("copies", 1).containsEntry("chunks", 2);
            assertThat(jdbc.queryForList("SELECT text FROM suggestion_chunk_view WHERE suggestion_id = ? ORDER BY seq",
                    String.class, suggestionId)).containsExactly("chunk 1", "chunk 2");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM assist_session_view WHERE tenant_id = ?", Long.class,
                tenantId)).isEqualTo(2);
        for (String eventId : List.of(poisonStarted, poisonCopied)) {
            lettersFor(eventId).forEach(l -> api.delete("/api/v1/admin/dead-letters/" + l.get("id").asText(), admin));
        }
    }

    @Test
    void aLetterThatNowSucceedsIsHandledOnRetry() {
        refusingTenant = uniqueTenantId("refused");
        // the audit trail cannot write this tenant's records for now
        jdbc.execute("CREATE FUNCTION refuse_tenant() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.tenant_id = '" + refusingTenant + "' THEN RAISE EXCEPTION 'refused for the test'; END IF; "
                + "RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER refuse_tenant BEFORE INSERT ON audit_record FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_tenant()");
        api.createTenant(admin, refusingTenant, "TEAM", "alice");
        String auditor = api.devToken(refusingTenant, "audra", "AUDITOR");

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> letters().stream()
                .filter(l -> l.get("processingGroup").asText().equals("audit-trail")
                        && refusingTenant.equals(l.path("aggregateId").asText()))
                .findFirst(), found -> found.isPresent()).orElseThrow();
        assertThat(auditedTypes(auditor)).doesNotContain("TenantCreated");

        dropTrigger();
        Response retried = api.post("/api/v1/admin/dead-letters/" + letter.get("id").asText() + "/retry", admin, null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("handled").asBoolean()).isTrue();
        assertThat(retried.json().get("stillWaiting").asLong()).isZero();
        assertThat(auditedTypes(auditor)).contains("TenantCreated");
        assertThat(api.get("/api/v1/admin/dead-letters/" + letter.get("id").asText(), admin).status()).isEqualTo(404);
    }

    @Test
    void deadLettersAreForPlatformAdministratorsOnly() {
        String tenantId = api.createTenant(admin, uniqueTenantId("dl"), "TEAM", "tess");
        assertThat(api.get("/api/v1/admin/dead-letters", api.devToken(tenantId, "tess")).status()).isEqualTo(403);
    }

    @Test
    void aLimitOutOfRangeAndAnUnknownLetterAreClearErrors() {
        for (String limit : new String[]{"0", "1001", "many"}) {
            Response response = api.get("/api/v1/admin/dead-letters?limit=" + limit, admin);
            assertThat(response.status()).as("limit=" + limit).isEqualTo(400);
            assertThat(response.header("Content-Type")).as("limit=" + limit).startsWith("application/problem+json");
        }
        Response unknown = api.post("/api/v1/admin/dead-letters/no-such-letter/retry", admin, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("no-such-letter");
    }
}
