package io.assistantcore.api.assist;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform with a remote provider configured (OpenAI, served by a local server that speaks its streaming wire
 * format, reached through the real langchain4j client) in front of the offline engine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RemoteProviderEndToEndTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();

    @LocalServerPort
    int port;
    private ApiClient api;
    private String alice;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, "gpt-test");
    }

    @AfterAll
    static void stopServer() {
        OPENAI.close();
    }

    @BeforeEach
    void tenant() {
        api = new ApiClient(port);
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        // a remote model is only called with a price, so that its requests can be budgeted
        assertThat(api.put("/api/v1/admin/prices/openai/gpt-test", admin, Map.of("inputPerMillion", 0.15,
                "outputPerMillion", 0.60, "currency", "USD")).status()).isEqualTo(200);
        String tenantId = "remote-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Remote", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        alice = api.devToken(tenantId, "alice");
    }

    private String suggest(String text, String action) {
        String sessionId = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Lead", "entityId", "7", "fieldName", "notes"), "text", text))
                .json().get("sessionId").asText();
        return api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice, Map.of("action", action))
                .json().get("suggestionId").asText();
    }

    private List<Event> streamToEnd(String suggestionId) {
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice, null)) {
            return sse.readAll();
        }
    }

    @Test
    void personalDataIsMaskedOnTheWayOutAndRestoredInTheStream() {
        OPENAI.enqueue(WIRE.stream("gpt-test", List.of("Please contact ", "[EMAIL_", "1] today."), new Usage(21, 7)));
        String suggestionId = suggest("please contact jane.doe@example.com today", "IMPROVE");

        List<Event> events = streamToEnd(suggestionId);
        Event completed = events.get(events.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        assertThat(completed.data().get("text").asText()).isEqualTo("Please contact jane.doe@example.com today.");
        assertThat(SseClient.tokens(events)).isEqualTo(completed.data().get("text").asText());
        assertThat(completed.data().get("provider").asText()).isEqualTo("openai");
        assertThat(completed.data().at("/usage/inputTokens").asLong()).isEqualTo(21);
        assertThat(completed.data().at("/usage/outputTokens").asLong()).isEqualTo(7);
        assertThat(completed.data().at("/usage/reportedByProvider").asBoolean()).isTrue();

        RecordedRequest sent = OPENAI.lastRequest();
        assertThat(sent.body()).contains("[EMAIL_1]").doesNotContain("jane.doe@example.com");
        assertThat(sent.json().get("model").asText()).isEqualTo("gpt-test");
    }

    @Test
    void cancellingClosesTheProviderConnection() throws Exception {
        // a few words, then the provider goes silent: only the cancel can close its connection
        List<String> words = List.of("word0 ", "word1 ", "word2 ");
        OPENAI.enqueue(WIRE.streamBuilder("gpt-test", words, new Usage(30, 100)).hang().build());
        int before = OPENAI.requestCount();
        String suggestionId = suggest("a long text to rewrite slowly", "IMPROVE");
        RecordedRequest request;
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            assertThat(sse.next().type()).isEqualTo("token");
            request = OPENAI.requests().get(before);
            assertThat(OPENAI.isConnectionOpen(request)).as("open until the cancel").isTrue();
            assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/cancel", alice, null).status())
                    .isEqualTo(202);
            assertThat(OPENAI.awaitConnectionClosed(request, Duration.ofSeconds(30)))
                    .as("the worker closed the provider connection").isPositive();
            assertThat(sse.readAll()).last().extracting(Event::type).isEqualTo("cancelled");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode attempt = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().at("/attempts/0");
            assertThat(attempt.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(attempt.path("text").asText("")).startsWith("word0 ");
        });
    }

    @Test
    void aFailingProviderFallsBackToTheNextAsANewAttempt() {
        int before = OPENAI.requestCount();
        for (int i = 0; i < 3; i++) {
            OPENAI.enqueue(WIRE.error(500, "upstream exploded"));
        }
        String suggestionId = suggest("their is a error in this sentance", "FIX_GRAMMAR");

        List<Event> events = streamToEnd(suggestionId);
        Event completed = events.get(events.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        assertThat(completed.data().get("provider").asText()).isEqualTo("local");
        assertThat(completed.data().get("attempt").asInt()).isEqualTo(2);
        assertThat(completed.data().get("text").asText()).startsWith("There is an error in this sentence");
        assertThat(OPENAI.requestCount() - before).isEqualTo(3);

        // the history trails the live stream by a moment
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().get("status").asText())
                .isEqualTo("COMPLETED"));
        JsonNode suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json();
        assertThat(suggestion.at("/attempts/0/status").asText()).isEqualTo("FAILED_OVER");
        assertThat(suggestion.at("/attempts/0/provider").asText()).isEqualTo("openai");
        assertThat(suggestion.at("/attempts/0/failureReason").asText()).contains("openai").contains("500");
        assertThat(suggestion.at("/attempts/1/status").asText()).isEqualTo("COMPLETED");
        assertThat(suggestion.at("/attempts/1/provider").asText()).isEqualTo("local");
    }
}
