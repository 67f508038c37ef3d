package io.assistantcore.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform with one priced remote model, {@code openai/gpt-bill}, served by a local server that speaks OpenAI's
 * streaming wire format (reached through the real langchain4j client), in front of the offline engine. Each test
 * works in a tenant of its own. The subclasses share one application context and this one provider server (its
 * accept thread is a daemon, it ends with the test JVM).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class PricedProviderIntegrationTest {

    static final String MODEL = "gpt-bill";
    /** USD per million tokens. */
    static final BigDecimal INPUT_PRICE = new BigDecimal("1.00");
    static final BigDecimal OUTPUT_PRICE = new BigDecimal("2.00");

    static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    static final FakeProviderServer OPENAI = FakeProviderServer.start();
    static final OpenAiWire WIRE = new OpenAiWire();
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;
    String root;
    String tenantId;
    /** TENANT_ADMIN of {@link #tenantId}. */
    String alice;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
    }

    @BeforeEach
    void pricedModelAndTenant() {
        api = new ApiClient(port);
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", INPUT_PRICE,
                "outputPerMillion", OUTPUT_PRICE, "currency", "USD")).status()).isEqualTo(200);
        tenantId = newTenant();
        alice = api.devToken(tenantId, "alice");
    }

    String newTenant() {
        return api.createTenant(root, "bill-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "alice");
    }

    void setQuotas(String tenant, String token, String budget, int requestsPerMinute, long tokensPerMinute) {
        assertThat(api.put("/api/v1/tenants/" + tenant + "/quotas", token, Map.of(
                "monthlyBudget", Map.of("amount", new BigDecimal(budget), "currency", "USD"),
                "requestsPerMinutePerUser", requestsPerMinute, "tokensPerMinutePerTenant", tokensPerMinute))
                .status()).isEqualTo(200);
    }

    String session(String token, String text) {
        ApiClient.Response created = api.post("/api/v1/assist/sessions", token, Map.of(
                "field", Map.of("entityType", "Lead", "entityId", "7", "fieldName", "notes"), "text", text));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("sessionId").asText();
    }

    ApiClient.Response requestSuggestion(String token, String sessionId, String action) {
        return api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", token, Map.of("action", action));
    }

    String suggest(String token, String text, String action) {
        ApiClient.Response accepted = requestSuggestion(token, session(token, text), action);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("suggestionId").asText();
    }

    List<Event> streamToEnd(String token, String suggestionId) {
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", token,
                null)) {
            return sse.readAll();
        }
    }

    JsonNode awaitStatus(String token, String suggestionId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/v1/assist/suggestions/" + suggestionId, token).json(),
                view -> status.equals(view.get("status").asText()));
    }

    JsonNode budget(String token) {
        ApiClient.Response response = api.get("/api/v1/billing/budget", token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Waits until no reservation of the tenant's month is open any more. */
    JsonNode awaitNothingReserved(String token) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> budget(token),
                view -> view.at("/reserved/amount").decimalValue().signum() == 0);
    }

    /** The payloads of every stored event of this type for the tenant, in storage order. */
    List<JsonNode> storedEvents(String tenant, String simpleTypeName) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                        + "WHERE payload_type LIKE ? ORDER BY global_index", String.class, "%$" + simpleTypeName)
                .stream().map(PricedProviderIntegrationTest::parse)
                .filter(event -> tenant.equals(event.path("tenantId").asText()))
                .toList();
    }

    static BigDecimal cost(long inputTokens, long outputTokens) {
        return INPUT_PRICE.multiply(BigDecimal.valueOf(inputTokens)).add(OUTPUT_PRICE.multiply(
                BigDecimal.valueOf(outputTokens))).divide(BigDecimal.valueOf(1_000_000));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
