package io.assistantcore.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.common.MetaDataKeys;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays rebuild the read models exactly, from real history made through HTTP, without calling a model again. A
 * context and database of its own: a replay clears read models that other tests' contexts would share.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectionReplayIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplayIntegrationTest.class);
    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-replay";
    private static final List<String> READ_MODELS = List.of("assist_session_view", "suggestion_view",
            "suggestion_attempt_view", "suggestion_chunk_view", "usage_record", "budget_ledger_view",
            "budget_reservation_view");
    private static final String TEXT = "Our team met with the customer on monday to review the rollout plan. "
            + "The customer asked for a phased rollout across their three regional offices. "
            + "We agreed that the first office will go live at the start of next month. "
            + "Training sessions for local administrators will be held in the week before go-live. "
            + "Budget approval for the second and third offices is still pending on their side.";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    WarmUps warmUps;

    private ApiClient api;
    private String root;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
    }

    @BeforeEach
    void client() throws InterruptedException {
        api = new ApiClient(port);
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        // the offline engine's suggestions wait for the node's warm-ups (minutes on a busy machine); the waits below
        // are for the history, not for them
        assertThat(warmUps.await(Duration.ofMinutes(5))).as("warm-ups still running: %s", warmUps.pending()).isTrue();
    }

    @Test
    void replaysRebuildTheReadModelsExactlyWithoutCallingAModel() {
        makeHistory();
        awaitAllCaughtUp();
        Map<String, List<Map<String, Object>>> before = snapshot();
        // every reservation was settled (charged, the rest released), so none is open: that table is compared empty
        before.forEach((table, rows) -> assertThat(rows).as(table)
                .hasSizeGreaterThanOrEqualTo(table.equals("budget_reservation_view") ? 0 : 1));
        long workerEvents = workerEvents();
        int providerCalls = OPENAI.requestCount();

        List<Integer> assistProgress = replayAndWatch("assist-history", true);
        List<Integer> billingProgress = replayAndWatch("billing", false);
        log.info("Progress seen: assist-history {}, billing {}", assistProgress, billingProgress);
        assertThat(assistProgress).as("an intermediate figure was seen").anyMatch(p -> p > 0 && p < 100);

        Map<String, List<Map<String, Object>>> after = snapshot();
        for (String table : READ_MODELS) {
            assertThat(after.get(table)).as(table).hasSize(before.get(table).size());
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
        assertThat(workerEvents()).as("no stream started or token streamed again").isEqualTo(workerEvents);
        assertThat(OPENAI.requestCount()).as("no model called again").isEqualTo(providerCalls);
        // the history still answers through the API after the replay
        JsonNode list = projections();
        assertThat(list).allSatisfy(p -> assertThat(p.get("status").asText()).isEqualTo("running"));
    }

    /**
     * In a replay a session's chunks that follow each other are written in one statement; one the database refuses
     * among them is still found, set aside alone as the live history did, and its session's later chunks wait with it.
     */
    @Test
    void aReplayWritesChunksTogetherAndStillSetsAPoisonedOneAsideAlone() {
        String tenantId = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        String sessionId = UUID.randomUUID().toString();
        String suggestionId = UUID.randomUUID().toString();
        MetaData meta = MetaData.with(MetaDataKeys.TENANT_ID, tenantId).and(MetaDataKeys.USER_ID, "alice");
        List<EventMessage<?>> events = new ArrayList<>();
        events.add(new GenericDomainEventMessage<>("AssistSession", sessionId, 0, new AssistSessionStarted(sessionId,
                tenantId, "alice", new FieldRef("Account", "1", "description"), "some text", List.of()), meta));
        for (int seq = 1; seq <= 5; seq++) {
            events.add(GenericEventMessage.asEventMessage(new SuggestionTokensStreamed(sessionId, tenantId,
                    suggestionId, 1, seq, seq == 3 ? "chunk\u0000" : "chunk " + seq)).andMetaData(meta));
        }
        String poisoned = events.get(3).getIdentifier();
        // a clean session after it, its chunks as well
        String otherSession = UUID.randomUUID().toString();
        String otherSuggestion = UUID.randomUUID().toString();
        for (int seq = 1; seq <= 3; seq++) {
            events.add(GenericEventMessage.asEventMessage(new SuggestionTokensStreamed(otherSession, tenantId,
                    otherSuggestion, 1, seq, "other " + seq)).andMetaData(meta));
        }
        eventStore.publish(events);
        awaitAllCaughtUp();
        String chunks = "SELECT suggestion_id, seq, text FROM suggestion_chunk_view WHERE suggestion_id IN (?, ?) "
                + "ORDER BY suggestion_id, seq";
        String letters = "SELECT event_identifier FROM dead_letter_entry WHERE processing_group = 'assist-history' "
                + "AND sequence_identifier = ? ORDER BY sequence_index";
        List<Map<String, Object>> live = jdbc.queryForList(chunks, suggestionId, otherSuggestion);
        List<String> liveLetters = jdbc.queryForList(letters, String.class, sessionId);
        assertThat(live).extracting(row -> row.get("text")).containsExactlyInAnyOrder("chunk 1", "chunk 2",
                "other 1", "other 2", "other 3");
        assertThat(liveLetters).hasSize(3).first().isEqualTo(poisoned);

        replayAndWatch("assist-history", false);

        assertThat(jdbc.queryForList(chunks, suggestionId, otherSuggestion)).isEqualTo(live);
        assertThat(jdbc.queryForList(letters, String.class, sessionId)).isEqualTo(liveLetters);
        jdbc.update("DELETE FROM dead_letter_entry WHERE sequence_identifier = ?", sessionId);
    }

    @Test
    void processorsWithSideEffectsUnknownNamesAndNonAdminsAreRefused() {
        JsonNode list = projections();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        list.forEach(p -> byName.put(p.get("name").asText(), p));
        assertThat(byName).containsKeys("assist-history", "billing", "tenant-directory", "price-list",
                "assist-worker", "budget-settlement", "response-cache", "lead-worker", "lead-drafts",
                "webhook-dispatcher");
        for (String sideEffects : List.of("assist-worker", "budget-settlement", "response-cache", "lead-worker",
                "lead-drafts", "webhook-dispatcher")) {
            assertThat(byName.get(sideEffects).get("replayable").asBoolean()).as(sideEffects).isFalse();
            Response refused = api.post("/api/v1/admin/projections/" + sideEffects + "/replay", root, null);
            assertThat(refused.status()).as(sideEffects).isEqualTo(409);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asText()).contains("side effects", "models", "commands");
        }
        for (String projection : List.of("assist-history", "billing", "tenant-directory", "price-list")) {
            assertThat(byName.get(projection).get("replayable").asBoolean()).as(projection).isTrue();
        }
        JsonNode history = byName.get("assist-history");
        assertThat(history.get("headPosition").asLong()).isPositive();
        assertThat(history.get("position").asLong()).isLessThanOrEqualTo(history.get("headPosition").asLong());

        Response unknown = api.post("/api/v1/admin/projections/no-such-thing/replay", root, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("no-such-thing");

        String tenant = newTenant();
        String member = api.devToken(tenant, "bob", "MEMBER");
        assertThat(api.get("/api/v1/admin/projections", member).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/projections/assist-history/replay", member, null).status())
                .isEqualTo(403);
        String tenantAdmin = api.devToken(tenant, "alice");
        assertThat(api.post("/api/v1/admin/projections/billing/replay", tenantAdmin, null).status()).isEqualTo(403);
    }

    /**
     * A running processor's segments are split and merged through the API; suggestions made after each change reach
     * the history whole (every chunk event the store holds for them is in the read model), and bad requests change
     * nothing.
     */
    @Test
    void segmentsOfARunningProcessorAreSplitAndMergedWithoutSkippingAnEvent() {
        String name = "assist-history";
        assertThat(projection(name).get("segments").asInt()).isEqualTo(1);
        String alice = offlineTenantAdmin();

        Response split = api.put("/api/v1/admin/projections/" + name + "/segments", root, Map.of("segments", 4));
        assertThat(split.status()).as(split.body()).isEqualTo(200);
        assertThat(split.json().get("segments").asInt()).isEqualTo(4);
        assertThat(storedSegments(name)).isEqualTo(4);
        assertEveryChunkReachesTheHistory(alice, 6);

        Response merged = api.put("/api/v1/admin/projections/" + name + "/segments", root, Map.of("segments", 1));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("segments").asInt()).isEqualTo(1);
        assertThat(storedSegments(name)).isEqualTo(1);
        assertEveryChunkReachesTheHistory(alice, 6);
        awaitAllCaughtUp();

        for (Object bad : List.of(0, 65, "four", 2.5)) {
            Response refused = api.put("/api/v1/admin/projections/" + name + "/segments", root,
                    Map.of("segments", bad));
            assertThat(refused.status()).as(String.valueOf(bad)).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.put("/api/v1/admin/projections/" + name + "/segments", root, Map.of()).status())
                .isEqualTo(400);
        Response unknown = api.put("/api/v1/admin/projections/no-such-thing/segments", root, Map.of("segments", 2));
        assertThat(unknown.status()).isEqualTo(404);
        Response subscribing = api.put("/api/v1/admin/projections/assist-history-inline/segments", root,
                Map.of("segments", 2));
        assertThat(subscribing.status()).isEqualTo(409);
        assertThat(subscribing.json().get("type").asText()).endsWith("/segments-refused");
        assertThat(subscribing.json().get("detail").asText()).contains("no segments");
        int workerSegments = projection("assist-worker").get("segments").asInt();
        Response sideEffects = api.put("/api/v1/admin/projections/assist-worker/segments", root,
                Map.of("segments", 1));
        assertThat(sideEffects.status()).isEqualTo(409);
        assertThat(sideEffects.json().get("detail").asText()).contains("side effects", "only ever split");
        assertThat(projection("assist-worker").get("segments").asInt()).isEqualTo(workerSegments);
        String member = api.devToken(newTenant(), "bob", "MEMBER");
        assertThat(api.put("/api/v1/admin/projections/" + name + "/segments", member, Map.of("segments", 2))
                .status()).isEqualTo(403);
        assertThat(storedSegments(name)).isEqualTo(1);
    }

    private int storedSegments(String processor) {
        return jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class,
                processor);
    }

    /** Makes {@code count} suggestions and checks that the history holds every chunk event stored for each. */
    private void assertEveryChunkReachesTheHistory(String token, int count) {
        List<String> suggestions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            suggestions.add(suggest(token, session(token, "Segment note " + i + ": " + TEXT), "SHORTEN"));
        }
        suggestions.forEach(id -> awaitStatus(token, id, "COMPLETED"));
        for (String id : suggestions) {
            Integer stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                    + "'%SuggestionTokensStreamed' AND convert_from(payload, 'UTF8') LIKE ?", Integer.class,
                    "%" + id + "%");
            assertThat(stored).as(id).isPositive();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM suggestion_chunk_view WHERE suggestion_id = ?", Integer.class, id))
                    .as(id).isEqualTo(stored));
        }
    }

    /** Replays a processor through the API and polls the list until it is done; the figures seen, in order. */
    private List<Integer> replayAndWatch(String name, boolean tryTwice) {
        Response accepted = api.post("/api/v1/admin/projections/" + name + "/replay", root, null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("replaying").asBoolean()).isTrue();
        List<Integer> seen = new ArrayList<>();
        seen.add(accepted.json().get("progress").asInt());
        if (tryTwice) {
            Response again = api.post("/api/v1/admin/projections/" + name + "/replay", root, null);
            assertThat(again.status()).as(again.body()).isEqualTo(409);
            assertThat(again.json().get("detail").asText()).contains("already running");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode status = projection(name);
            seen.add(status.get("progress").asInt());
            if (!status.get("replaying").asBoolean() && status.get("progress").asInt() == 100) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Replay of " + name + " not done in time; seen " + compress(seen) + "; "
                        + status + "; tokens " + jdbc.queryForList("SELECT segment, owner, convert_from(token, "
                        + "'UTF8') AS token FROM token_entry WHERE processor_name = ? ORDER BY segment", name));
            }
        }
        assertThat(seen.get(0)).as("figures of %s: %s", name, seen).isLessThan(100);
        assertThat(seen).as("figures of %s", name).isSortedAccordingTo(Integer::compare);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(100);
        return compress(seen);
    }

    private static List<Integer> compress(List<Integer> seen) {
        List<Integer> distinct = new ArrayList<>();
        for (Integer value : seen) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(value)) {
                distinct.add(value);
            }
        }
        return distinct;
    }

    private JsonNode projections() {
        Response list = api.get("/api/v1/admin/projections", root);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json();
    }

    private JsonNode projection(String name) {
        for (JsonNode projection : projections()) {
            if (projection.get("name").asText().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("No processor " + name);
    }

    /** Every processor at the head of the event store, and the head still for a moment (settlements done). */
    private void awaitAllCaughtUp() {
        long[] lastHead = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode list = projections();
            long head = list.get(0).get("headPosition").asLong();
            boolean caughtUp = true;
            for (JsonNode projection : list) {
                caughtUp &= projection.get("progress").asInt() == 100 && !projection.get("replaying").asBoolean()
                        && projection.get("position").asLong() == head;
            }
            boolean stable = caughtUp && head == lastHead[0];
            lastHead[0] = caughtUp ? head : -1;
            return stable;
        });
    }

    private long workerEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                + "'%$SuggestionStreamStarted' OR payload_type LIKE '%$SuggestionTokensStreamed'", Long.class);
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : READ_MODELS) {
            tables.put(table, jdbc.queryForList("SELECT * FROM " + table + " t ORDER BY t::text"));
        }
        return tables;
    }

    private String newTenant() {
        return api.createTenant(root, "ops-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "alice");
    }

    /** Two tenants: one on the offline engine with many suggestions, one on a priced remote model. */
    private void makeHistory() {
        for (String model : List.of(MODEL, "gpt-other")) {
            assertThat(api.put("/api/v1/admin/prices/openai/" + model, root, Map.of("inputPerMillion",
                    new BigDecimal("1.50"), "outputPerMillion", new BigDecimal("3.25"), "currency", "USD")).status())
                    .isEqualTo(200);
        }
        String alice = offlineTenantAdmin();
        List<String> actions = List.of("FIX_GRAMMAR", "IMPROVE", "SHORTEN", "SUMMARIZE");
        List<String> suggestions = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String session = session(alice, "Note " + i + ": " + TEXT);
            suggestions.add(suggest(alice, session, actions.get(i % actions.size())));
        }
        suggestions.forEach(id -> awaitStatus(alice, id, "COMPLETED"));
        for (int i = 0; i < suggestions.size(); i++) {
            String id = suggestions.get(i);
            switch (i % 4) {
                case 0 -> assertThat(api.post("/api/v1/assist/suggestions/" + id + "/approve", alice, Map.of())
                        .status()).isEqualTo(200);
                case 1 -> assertThat(api.post("/api/v1/assist/suggestions/" + id + "/approve", alice,
                        Map.of("editedText", "Edited note " + i)).status()).isEqualTo(200);
                case 2 -> {
                    assertThat(api.post("/api/v1/assist/suggestions/" + id + "/reject", alice, null).status())
                            .isEqualTo(200);
                    assertThat(api.post("/api/v1/assist/suggestions/" + id + "/regenerate", alice, null).status())
                            .isEqualTo(202);
                    awaitStatus(alice, id, "COMPLETED");
                }
                default -> assertThat(api.post("/api/v1/assist/suggestions/" + id + "/copy", alice, null).status())
                        .isEqualTo(204);
            }
        }

        String priced = newTenant();
        String carol = api.devToken(priced, "alice");
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("A better ", "sentence."), new Usage(40, 4)),
                WIRE.stream(MODEL, List.of("Shorter."), new Usage(30, 2)),
                WIRE.stream(MODEL, List.of("Another ", "good ", "one."), new Usage(50, 6)));
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            paid.add(suggest(carol, session(carol, "a sentense to improve, number " + i), "IMPROVE"));
        }
        paid.forEach(id -> awaitStatus(carol, id, "COMPLETED"));
        assertThat(api.post("/api/v1/assist/suggestions/" + paid.get(0) + "/approve", carol, Map.of()).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/assist/suggestions/" + paid.get(1) + "/reject", carol, null).status())
                .isEqualTo(200);
    }

    /** A new tenant whose suggestions the offline engine makes, with room for many; its admin's token. */
    private String offlineTenantAdmin() {
        String offline = newTenant();
        String alice = api.devToken(offline, "alice");
        assertThat(api.put("/api/v1/tenants/" + offline + "/quotas", alice, Map.of(
                "monthlyBudget", Map.of("amount", new BigDecimal("500"), "currency", "USD"),
                "requestsPerMinutePerUser", 1000, "tokensPerMinutePerTenant", 10_000_000)).status()).isEqualTo(200);
        assertThat(api.put("/api/v1/tenants/" + offline + "/ai-policy", alice, Map.of(
                "enabledActions", List.of("IMPROVE", "SHORTEN", "SUMMARIZE", "FIX_GRAMMAR", "CHANGE_TONE"),
                "allowedModels", List.of("local"), "allowedContextKinds", List.of("*"), "maskPii", true))
                .status()).isEqualTo(200);
        return alice;
    }

    private String session(String token, String text) {
        Response created = api.post("/api/v1/assist/sessions", token, Map.of(
                "field", Map.of("entityType", "Lead", "entityId", "7", "fieldName", "notes"), "text", text,
                "context", List.of(Map.of("kind", "record", "label", "Lead", "text", "Acme, enterprise"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("sessionId").asText();
    }

    private String suggest(String token, String sessionId, String action) {
        Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", token,
                Map.of("action", action));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("suggestionId").asText();
    }

    private void awaitStatus(String token, String suggestionId, String status) {
        await().atMost(Duration.ofSeconds(60)).until(
                () -> api.get("/api/v1/assist/suggestions/" + suggestionId, token).json(),
                view -> status.equals(view.path("status").asText()));
    }
}
