package io.assistantcore.api.assist;

import io.assistantcore.ai.assist.SuggestionWorker;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request whose worker vanished is picked up again as a new attempt: the worker processor is stopped (as if its
 * node died after the request was stored), the sweeper notices the silent attempt and restarts it, and once a worker
 * runs again the new attempt streams to completion. A client that saw the first attempt's chunks before the worker
 * vanished resumes with the last id it got and receives the new attempt from its first chunk.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerRecoveryTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventGateway eventGateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("assistant.ai.stall-timeout", () -> "PT2S");
        registry.add("assistant.ai.sweep-interval", () -> "PT0.5S");
    }

    @Test
    void aRequestWhoseWorkerVanishedRunsAgainAsANewAttempt() {
        ApiClient api = new ApiClient(port);
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        api.post("/api/v1/tenants", admin, Map.of("tenantId", "recovery", "name", "Recovery", "plan", "TEAM",
                "initialAdminUserId", "alice"));
        String alice = api.devToken("recovery", "alice");

        EventProcessor worker = processing.eventProcessor(SuggestionWorker.PROCESSING_GROUP).orElseThrow();
        worker.shutDown();
        String sessionId = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"),
                "text", "their is a error in this sentance")).json().get("sessionId").asText();
        String suggestionId = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "FIX_GRAMMAR")).json().get("suggestionId").asText();

        // the first attempt's worker streamed three chunks, then its node died
        for (int seq = 1; seq <= 3; seq++) {
            eventGateway.publish(new SuggestionTokensStreamed(sessionId, "recovery", suggestionId, 1, seq, "lost " + seq));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().at("/attempts/0/chunks").asInt())
                .isEqualTo(3));
        List<Event> beforeCrash;
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            beforeCrash = List.of(sse.next(), sse.next(), sse.next());
        }
        assertThat(beforeCrash).extracting(Event::id).containsExactly("1.1", "1.2", "1.3");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().get("attempt").asInt())
                .isEqualTo(2));
        worker.start();

        List<Event> events;
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            events = sse.readAll();
        }
        Event completed = events.get(events.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        assertThat(completed.data().get("attempt").asInt()).isEqualTo(2);
        assertThat(completed.data().get("text").asText()).startsWith("There is an error in this sentence");
        assertThat(completed.id()).isEqualTo("2.end");

        // the client that saw attempt 1 up to its third chunk gets all of attempt 2, from its first chunk
        List<Event> resumed;
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                beforeCrash.get(2).id())) {
            resumed = sse.readAll();
        }
        assertThat(resumed).extracting(Event::id).isEqualTo(events.stream().map(Event::id).toList());
        assertThat(resumed.get(0).id()).isEqualTo("2.1");
        assertThat(SseClient.tokens(resumed)).isEqualTo(completed.data().get("text").asText());
        assertThat(resumed).extracting(Event::id).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
            assertThat(suggestion.at("/attempts/0/status").asText()).isEqualTo("ABANDONED");
            assertThat(suggestion.at("/attempts/0/failureReason").asText()).contains("no sign of its worker");
            assertThat(suggestion.at("/attempts/1/status").asText()).isEqualTo("COMPLETED");
        });
    }
}
