package io.assistantcore.api.assist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.api.AssistantCoreApplication;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one database: node A is this test's application context, node B a second one started beside it
 * (same database, same token signing key, a port of its own). Each node has its own fake OpenAI, so the test sees
 * which node runs a suggestion's worker. Both event stores' fallback polls are an hour: an event stored on one node
 * reaches the other only through PostgreSQL's notifications, which is what these tests prove.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assistant.events.fetch-delay=PT1H"})
class TwoNodeStreamingTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI_A = FakeProviderServer.start();
    private static final FakeProviderServer OPENAI_B = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final int MAX_STREAMS_PER_USER_ON_B = 3;
    private static ConfigurableApplicationContext nodeB;

    @LocalServerPort
    int portA;
    private int portB;
    private ApiClient a;
    private ApiClient b;
    private String alice;
    private String tenantId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI_A, "gpt-test");
    }

    @BeforeAll
    static void startNodeB() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", DATABASE.jdbcUrl());
        properties.put("spring.datasource.username", DATABASE.username());
        properties.put("spring.datasource.password", DATABASE.password());
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("assistant.security.dev-tokens.enabled", "true");
        properties.put("assistant.security.jwt-secret", "integration-tests-signing-key-of-at-least-32-bytes");
        properties.put("assistant.events.fetch-delay", "PT1H");
        properties.put("assistant.streams.max-per-user", Integer.toString(MAX_STREAMS_PER_USER_ON_B));
        properties.put("OPENAI_API_KEY", "sk-test");
        properties.put("OPENAI_BASE_URL", WIRE.baseUrl(OPENAI_B.origin()));
        properties.put("OPENAI_MODEL", "gpt-test");
        // as command-line arguments, which win over application.yml (default properties do not: node B would take
        // the configured port 8080 instead of a free one)
        nodeB = new SpringApplicationBuilder(AssistantCoreApplication.class).run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
        OPENAI_A.close();
        OPENAI_B.close();
    }

    @BeforeEach
    void tenant() {
        portB = ((ServletWebServerApplicationContext) nodeB).getWebServer().getPort();
        a = new ApiClient(portA);
        b = new ApiClient(portB);
        String admin = a.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(a.put("/api/v1/admin/prices/openai/gpt-test", admin, Map.of("inputPerMillion", 0.15,
                "outputPerMillion", 0.60, "currency", "USD")).status()).isEqualTo(200);
        tenantId = "nodes-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(a.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Nodes", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        alice = a.devToken(tenantId, "alice");
        // node B knows the tenant (its read model is shared) and accepts node A's tokens
        await().atMost(Duration.ofSeconds(30)).until(() -> b.get("/api/v1/tenants/" + tenantId, alice).status() == 200);
    }

    @Test
    void aSuggestionRequestedOnNodeAStreamsFromNodeBWithEveryIdOnceInOrder() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add("word" + i + " ");
        }
        answerEveryRequest(WIRE.slowStream("gpt-test", words, Duration.ofMillis(25), new Usage(30, 40)));
        int beforeA = OPENAI_A.requestCount();
        int beforeB = OPENAI_B.requestCount();

        String suggestionId = suggestOn(a, "a text to rewrite slowly");
        FakeProviderServer running = await().atMost(Duration.ofSeconds(30)).until(
                () -> OPENAI_A.requestCount() > beforeA ? OPENAI_A : OPENAI_B.requestCount() > beforeB ? OPENAI_B
                        : null, server -> server != null);
        // stream from the node that does not run the worker (node B, unless it took the worker's segments)
        int streamingPort = running == OPENAI_A ? portB : portA;
        awaitVisible(running == OPENAI_A ? b : a, suggestionId);

        List<Event> events;
        try (SseClient sse = SseClient.open(streamingPort, "/api/v1/assist/suggestions/" + suggestionId + "/stream",
                alice, null)) {
            assertThat(sse.status()).isEqualTo(200);
            events = sse.readAll();
        }
        Event end = events.get(events.size() - 1);
        assertThat(end.type()).as("the terminal event comes last").isEqualTo("completed");
        assertThat(end.id()).isEqualTo("1.end");
        List<String> ids = events.stream().map(Event::id).toList();
        List<String> expected = new ArrayList<>();
        for (int seq = 1; seq < events.size(); seq++) {
            expected.add("1." + seq);
        }
        expected.add("1.end");
        assertThat(ids).as("every id once, in order, nothing missing").isEqualTo(expected);
        assertThat(SseClient.tokens(events).strip()).isEqualTo(String.join("", words).strip());
    }

    @Test
    void aCancelSentToOneNodeClosesTheProviderConnectionOnTheNodeRunningTheStream() throws Exception {
        List<String> words = List.of("word0 ", "word1 ", "word2 ");
        // a few words, then the provider goes silent: only the cancel can close its connection
        answerEveryRequest(WIRE.streamBuilder("gpt-test", words, new Usage(30, 100)).hang().build());
        int beforeA = OPENAI_A.requestCount();
        int beforeB = OPENAI_B.requestCount();

        String suggestionId = suggestOn(a, "a long text to rewrite");
        FakeProviderServer running = await().atMost(Duration.ofSeconds(30)).until(
                () -> OPENAI_A.requestCount() > beforeA ? OPENAI_A : OPENAI_B.requestCount() > beforeB ? OPENAI_B
                        : null, server -> server != null);
        RecordedRequest request = running.requests().get(running == OPENAI_A ? beforeA : beforeB);
        ApiClient other = running == OPENAI_A ? b : a;
        int otherPort = running == OPENAI_A ? portB : portA;
        awaitVisible(other, suggestionId);

        try (SseClient sse = SseClient.open(otherPort, "/api/v1/assist/suggestions/" + suggestionId + "/stream",
                alice, null)) {
            assertThat(sse.next().type()).isEqualTo("token");
            assertThat(running.isConnectionOpen(request)).as("open until the cancel").isTrue();

            ApiClient.Response cancel = other.post("/api/v1/assist/suggestions/" + suggestionId + "/cancel", alice,
                    null);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

            assertThat(running.awaitConnectionClosed(request, Duration.ofSeconds(60)))
                    .as("the node running the stream closed its provider connection").isPositive();
            assertThat(sse.readAll()).last().extracting(Event::type).isEqualTo("cancelled");
        }
    }

    @Test
    void streamsBeyondTheUsersBoundAreRefusedOnSseAndWebSocket() throws Exception {
        answerEveryRequest(WIRE.streamBuilder("gpt-test", List.of("word "), new Usage(30, 100)).hang().build());
        String suggestionId = suggestOn(a, "a text that streams for ever");
        awaitVisible(b, suggestionId);
        String path = "/api/v1/assist/suggestions/" + suggestionId + "/stream";

        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS_PER_USER_ON_B; i++) {
                SseClient sse = SseClient.open(portB, path, alice, null);
                open.add(sse);
                assertThat(sse.status()).isEqualTo(200);
            }
            try (SseClient refused = SseClient.open(portB, path, alice, null)) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isNotBlank();
                JsonNode problem = new ObjectMapper().readTree(refused.body());
                assertThat(problem.get("type").asText()).endsWith("/too-many-streams");
                assertThat(problem.get("limit").asText()).isEqualTo("streams-per-user");
            }

            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + portB + "/ws?access_token=" + alice),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    try {
                                        reply.complete(new ObjectMapper().readTree(data.toString()));
                                    } catch (Exception e) {
                                        reply.completeExceptionally(e);
                                    }
                                    return null;
                                }
                            }).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + suggestionId + "\"}",
                    true).join();
            JsonNode error = reply.get(30, TimeUnit.SECONDS);
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("status").asInt()).isEqualTo(429);
            assertThat(error.get("code").asText()).isEqualTo("too-many-streams");
            assertThat(error.get("retryAfterSeconds").asLong()).isPositive();
            socket.abort();

            // another user of the same tenant is not held back by alice's streams
            try (SseClient bobs = SseClient.open(portB, path, a.devToken(tenantId, "bob", "MEMBER"), null)) {
                assertThat(bobs.status()).isEqualTo(200);
            }
        } finally {
            open.forEach(SseClient::close);
            a.post("/api/v1/assist/suggestions/" + suggestionId + "/cancel", alice, null);
        }
    }

    /** Both nodes' providers answer every request so (each test sets its own; nothing is left queued). */
    private static void answerEveryRequest(FakeResponse response) {
        OPENAI_A.otherwise(request -> response);
        OPENAI_B.otherwise(request -> response);
    }

    private String suggestOn(ApiClient node, String text) {
        JsonNode session = node.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Lead", "entityId", "7", "fieldName", "notes"), "text", text)).json();
        String sessionId = session.get("sessionId").asText();
        return node.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice, Map.of("action", "IMPROVE"))
                .json().get("suggestionId").asText();
    }

    /** The suggestion is in the history read model that {@code node} reads (the stream answers 404 until then). */
    private void awaitVisible(ApiClient node, String suggestionId) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> node.get("/api/v1/assist/suggestions/" + suggestionId, alice).status() == 200);
    }
}
