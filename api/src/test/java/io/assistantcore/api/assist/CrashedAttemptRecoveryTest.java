package io.assistantcore.api.assist;

import io.assistantcore.ai.assist.SuggestionWorker;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node dies mid-stream (kill -9): its attempt had started on the priced remote model and stored some chunks. The
 * surviving node notices that the attempt's node is gone — its lease is no longer renewed — and restarts it long
 * before the stall timeout (set to ten minutes here, so only the lease can explain a restart). What the abandoned
 * attempt consumed is estimated (prompt tokens as the worker counted them + the stored chunks, with the worker's
 * tokenizer), recorded once as estimated usage and charged to the reservation once; the new attempt completes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrashedAttemptRecoveryTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-crash";
    private static final String DEAD_NODE = "node-killed-mid-stream";
    private static final long PROMPT_TOKENS = 40;
    private static final List<String> STORED_CHUNKS = List.of("Dear team, the quarterly ", "report is nearly ");

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventGateway events;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        registry.add("assistant.ai.stall-timeout", () -> "PT10M");
        registry.add("assistant.ai.sweep-interval", () -> "PT0.5S");
    }

    @AfterAll
    static void stopProvider() {
        OPENAI.close();
    }

    @Test
    void anAttemptOfAKilledNodeIsRestartedPromptlyAndItsConsumptionBilledOnceAsAnEstimate() {
        OPENAI.otherwise(request -> WIRE.stream(MODEL, List.of("Dear team,", " the report", " is ready."),
                new ProviderWire.Usage(52, 7)));
        ApiClient api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion",
                new BigDecimal("1000.00"), "outputPerMillion", new BigDecimal("2000.00"), "currency", "USD"))
                .status()).isEqualTo(200);
        api.post("/api/v1/tenants", root, Map.of("tenantId", "crash", "name", "Crash", "plan", "TEAM",
                "initialAdminUserId", "alice"));
        String alice = api.devToken("crash", "alice");
        assertThat(api.put("/api/v1/tenants/crash/quotas", alice, Map.of(
                "monthlyBudget", Map.of("amount", new BigDecimal("100"), "currency", "USD"),
                "requestsPerMinutePerUser", 100, "tokensPerMinutePerTenant", 1_000_000)).status()).isEqualTo(200);

        // The dead node took the request: this node's worker does not run attempt 1.
        EventProcessor worker = processing.eventProcessor(SuggestionWorker.PROCESSING_GROUP).orElseThrow();
        worker.shutDown();
        String sessionId = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"),
                "text", "hey guys, report's nearly done")).json().get("sessionId").asText();
        ApiClient.Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "IMPROVE"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String suggestionId = accepted.json().get("suggestionId").asText();

        // While alive, the other node streamed two chunks of attempt 1 ...
        jdbc.update("INSERT INTO node_lease (node_id, started_at, heartbeat_at) VALUES (?, now(), now())", DEAD_NODE);
        commands.sendAndWait(new StartSuggestionStream(sessionId, suggestionId, 1, "openai", MODEL, DEAD_NODE,
                PROMPT_TOKENS));
        for (int seq = 1; seq <= STORED_CHUNKS.size(); seq++) {
            events.publish(GenericEventMessage.asEventMessage(new SuggestionTokensStreamed(sessionId, "crash",
                    suggestionId, 1, seq, STORED_CHUNKS.get(seq - 1))));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM suggestion_chunk_view WHERE suggestion_id = ? AND attempt = 1", Integer.class,
                suggestionId) == STORED_CHUNKS.size());
        assertThat(api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().get("attempt").asInt())
                .as("a live node's attempt is left alone").isEqualTo(1);

        // ... then it was killed: its lease is no longer renewed.
        jdbc.update("UPDATE node_lease SET heartbeat_at = now() - interval '1 hour' WHERE node_id = ?", DEAD_NODE);
        worker.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
            assertThat(suggestion.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(suggestion.get("attempt").asInt()).isEqualTo(2);
            assertThat(suggestion.get("text").asText()).isEqualTo("Dear team, the report is ready.");
            assertThat(suggestion.at("/attempts/0/status").asText()).isEqualTo("ABANDONED");
            assertThat(suggestion.at("/attempts/0/failureReason").asText()).contains("node stopped");
        });

        long streamedTokens = TokenEstimator.count(String.join("", STORED_CHUNKS));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Map<String, Object>> usage = jdbc.queryForList("SELECT attempt, outcome, input_tokens, output_tokens, "
                    + "usage_reported, cost FROM usage_record WHERE suggestion_id = ? ORDER BY attempt", suggestionId);
            assertThat(usage).hasSize(2);
            Map<String, Object> abandoned = usage.get(0);
            assertThat(abandoned.get("attempt")).isEqualTo(1);
            assertThat(abandoned.get("outcome")).isEqualTo("ABANDONED");
            assertThat(abandoned.get("usage_reported")).isEqualTo(false);
            assertThat(((Number) abandoned.get("input_tokens")).longValue()).isEqualTo(PROMPT_TOKENS);
            assertThat(((Number) abandoned.get("output_tokens")).longValue()).isEqualTo(streamedTokens);
            // 40 × 1000/M + output × 2000/M USD
            assertThat((BigDecimal) abandoned.get("cost")).isEqualByComparingTo(
                    new BigDecimal(PROMPT_TOKENS * 1000 + streamedTokens * 2000).movePointLeft(6));
            assertThat(usage.get(1).get("outcome")).isEqualTo("COMPLETED");
            assertThat(usage.get(1).get("usage_reported")).isEqualTo(true);

            assertThat(charges(suggestionId + "#1")).as("the abandoned attempt is charged once").isEqualTo(1);
            assertThat(charges(suggestionId + "#2")).isEqualTo(1);
        });
        assertThat(recordedUsages(suggestionId)).as("one usage record per attempt").isEqualTo(2);
    }

    private int charges(String chargeId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%UsageCharged' "
                + "AND position(? in convert_from(payload, 'UTF8')) > 0", Integer.class, "\"" + chargeId + "\"");
    }

    private int recordedUsages(String suggestionId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                + "'%AttemptUsageRecorded' AND position(? in convert_from(payload, 'UTF8')) > 0", Integer.class,
                "\"" + suggestionId + "\"");
    }
}
