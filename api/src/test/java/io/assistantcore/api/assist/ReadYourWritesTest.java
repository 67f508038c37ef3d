package io.assistantcore.api.assist;

import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.projections.assist.AssistHistoryProjection;
import io.assistantcore.projections.chat.ChatHistoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes when the read models are behind, simulated by stopping their tracking processors: a session and
 * a suggestion are readable by the next request anyway (their first rows are written with their events), and what is
 * stored but not yet readable is answered 503 {@code read-model-behind} with {@code Retry-After} — never 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadYourWritesTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("assistant.consistency.read-model-wait", () -> "PT1S");
    }

    @Test
    void aSessionAndItsSuggestionAreReadableAtOnceWhileTheHistoryIsStoppedAndCompleteOnceItRuns() {
        ApiClient api = new ApiClient(port);
        String alice = tenantWithAlice(api, "ryw-assist");
        String suggestionId = whileStopped(AssistHistoryProjection.PROCESSING_GROUP, () -> {
            Response created = api.post("/api/v1/assist/sessions", alice, Map.of(
                    "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"),
                    "text", "their is a error in this sentance"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String sessionId = created.json().get("sessionId").asText();

            Response session = api.get("/api/v1/assist/sessions/" + sessionId, alice);
            assertThat(session.status()).as(session.body()).isEqualTo(200);
            assertThat(session.json().get("originalText").asText()).isEqualTo("their is a error in this sentance");

            Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                    Map.of("action", "FIX_GRAMMAR"));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String requested = accepted.json().get("suggestionId").asText();
            Response suggestion = api.get("/api/v1/assist/suggestions/" + requested, alice);
            assertThat(suggestion.status()).as(suggestion.body()).isEqualTo(200);
            assertThat(suggestion.json().get("attempt").asInt()).isEqualTo(1);
            return requested;
        });

        // the history catches up over the rows written inline: one suggestion, one attempt, completed
        List<Event> events;
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            events = sse.readAll();
        }
        assertThat(events.get(events.size() - 1).type()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
            assertThat(suggestion.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(suggestion.get("attempts")).hasSize(1);
            assertThat(suggestion.get("text").asText()).startsWith("There is an error in this sentence");
        });
    }

    @Test
    void aConversationStoredButNotYetReadableIsAnswered503WithRetryAfterNot404() {
        ApiClient api = new ApiClient(port);
        String alice = tenantWithAlice(api, "ryw-chat");
        String conversationId = whileStopped(ChatHistoryProjection.PROCESSING_GROUP, () -> {
            Response created = api.post("/api/v1/conversations", alice, Map.of("title", "Rollout"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String started = created.json().get("conversationId").asText();

            Response behind = api.get("/api/v1/conversations/" + started, alice);
            assertThat(behind.status()).as(behind.body()).isEqualTo(503);
            assertThat(behind.json().get("type").asText()).endsWith("/read-model-behind");
            assertThat(behind.header("Retry-After")).isNotBlank();
            // an id nothing was stored under is still simply not found
            assertThat(api.get("/api/v1/conversations/00000000-0000-4000-8000-000000000000", alice).status())
                    .isEqualTo(404);
            return started;
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/api/v1/conversations/" + conversationId, alice).status()).isEqualTo(200));
    }

    /** Runs {@code work} with the tracking processor of {@code group} stopped, as if its read model lagged behind. */
    private <T> T whileStopped(String group, Supplier<T> work) {
        EventProcessor processor = processing.eventProcessor(group).orElseThrow();
        processor.shutDown();
        try {
            return work.get();
        } finally {
            processor.start();
        }
    }

    private static String tenantWithAlice(ApiClient api, String tenantId) {
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        Response tenant = api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", tenantId,
                "plan", "TEAM", "initialAdminUserId", "alice"));
        assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
        return api.devToken(tenantId, "alice");
    }
}
