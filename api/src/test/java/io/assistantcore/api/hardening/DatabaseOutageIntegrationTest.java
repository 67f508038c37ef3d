package io.assistantcore.api.hardening;

import io.assistantcore.ai.assist.SuggestionWorker;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.embeddedpg.EmbeddedPostgres;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away while the application runs (its PostgreSQL is stopped, then started again on the same port
 * and data): every authenticated request is answered 503 Problem Details with {@code Retry-After} — from the token
 * check (the member list is in the database) as from the controllers — never a 500 or an HTML page; an SSE stream
 * open across the outage is never closed silently (it goes on, or ends with the {@code interrupted} event naming a
 * reconnection delay and is resumed); once the database is back, requests succeed and the stream completes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageIntegrationTest {

    /** A server of this test's own, which it may stop: the shared test server must stay up for the others. */
    private static final EmbeddedPostgres POSTGRES = EmbeddedPostgres.startTemporary();
    private static final Map<String, Object> SESSION = Map.of(
            "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"), "text", "their is a error");

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        POSTGRES.createDatabaseIfMissing("outage");
        TestProperties.databaseAndDevTokens(registry, new TestDatabase.Coordinates(POSTGRES.jdbcUrl("outage"),
                POSTGRES.username(), POSTGRES.password(), "private embedded PostgreSQL"));
        // a request waits this long for a connection before it is answered 503 (the default is 30 s)
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
    }

    @Test
    void whileTheDatabaseIsDownRequestsGet503ProblemDetailsStreamsAreNotDroppedSilentlyAndAfterwardsAllWorks()
            throws Exception {
        ApiClient api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.post("/api/v1/tenants", root, Map.of("tenantId", "outage", "name", "Outage", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        String alice = api.devToken("outage", "alice");

        // the suggestion stays open across the outage: no worker takes it until the database is back
        EventProcessor worker = processing.eventProcessor(SuggestionWorker.PROCESSING_GROUP).orElseThrow();
        worker.shutDown();
        Response session = api.post("/api/v1/assist/sessions", alice, SESSION);
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        String sessionId = session.json().get("sessionId").asText();
        Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "FIX_GRAMMAR"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String suggestionId = accepted.json().get("suggestionId").asText();
        String streamPath = "/api/v1/assist/suggestions/" + suggestionId + "/stream";
        SseClient sse = SseClient.open(port, streamPath, alice, null);
        assertThat(sse.status()).isEqualTo(200);
        CompletableFuture<List<Event>> firstConnection = CompletableFuture.supplyAsync(sse::readAll);

        POSTGRES.suspend();
        try {
            assertUnavailable(api.get("/api/v1/assist/sessions/" + sessionId, alice));
            assertUnavailable(api.post("/api/v1/assist/sessions", alice, SESSION));
            assertUnavailable(api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                    Map.of("action", "IMPROVE")));
            assertUnavailable(api.get("/api/v1/billing/budget", alice));
            // the tenant itself the node keeps in memory (TenantCache): it was read by the request above
            assertThat(api.get("/api/v1/tenants/outage", root).status()).isEqualTo(200);
            try (SseClient refused = SseClient.open(port, streamPath, alice, null)) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(refused.body()).contains("service-unavailable");
            }
        } finally {
            POSTGRES.resume();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get("/api/v1/assist/sessions/" + sessionId, alice).status() == 200);
        worker.start();

        List<Event> events = new ArrayList<>(firstConnection.get(120, TimeUnit.SECONDS));
        assertThat(events).as("the stream ended with an event, not silently").isNotEmpty();
        Event last = events.get(events.size() - 1);
        if (last.type().equals("interrupted")) {
            // the documented way out: wait as told, resume from the last event id received
            assertThat(sse.retryMillis()).isPositive();
            assertThat(last.id()).isNull();
            String resumeAt = events.stream().map(Event::id).filter(id -> id != null).reduce((a, b) -> b)
                    .orElse(null);
            try (SseClient resumed = SseClient.open(port, streamPath, alice, resumeAt)) {
                assertThat(resumed.status()).isEqualTo(200);
                events.addAll(resumed.readAll());
            }
            last = events.get(events.size() - 1);
        }
        assertThat(last.type()).isEqualTo("completed");
        assertThat(SseClient.tokens(events)).isEqualTo(last.data().get("text").asText());
        sse.close();

        Response afterwards = api.post("/api/v1/assist/sessions", alice, SESSION);
        assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/tenants/outage", root).status()).isEqualTo(200);
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(response.json().get("type").asText()).endsWith("/service-unavailable");
        assertThat(response.json().get("status").asInt()).isEqualTo(503);
    }
}
