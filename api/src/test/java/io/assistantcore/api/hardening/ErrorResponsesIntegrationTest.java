package io.assistantcore.api.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.RawHttp;
import io.assistantcore.api.support.RawHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever refuses a request (the servlet container, the security firewall, Spring MVC), the answer is Problem
 * Details with a stable type, never an HTML page, plain JSON or an empty body.
 */
class ErrorResponsesIntegrationTest extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private String admin;

    @Autowired
    private JdbcTemplate jdbc;

    @BeforeEach
    void token() {
        admin = api().devToken(null, "root", "PLATFORM_ADMIN");
    }

    private JsonNode problem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.body()).startsWith("application/problem+json");
        try {
            JsonNode problem = JSON.readTree(reply.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("type").asText()).startsWith("https://").doesNotContain("about:blank");
            assertThat(problem.get("title").asText()).isNotBlank();
            return problem;
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + reply.body(), e);
        }
    }

    private Reply get(String path, String... headers) {
        return RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nAuthorization: Bearer " + admin
                + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers)), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/tenants/a%2Fb", "/api/v1/tenants/a%00b", "/api/v1/tenants/a%5Cb",
            "/api/v1/%2e%2e%2ftenants", "/api/v1/tenants/../tenants", "/api/v1/tenants;x=1", "/api/v1/tenants/a%25b",
            "/api/v1/tenants/a%0Ab"})
    void pathsTheContainerOrFirewallRefuseAreProblems(String path) {
        problem(get(path), 400);
    }

    @Test
    void oversizedHeadersQueriesAndLastEventIdAreProblems() {
        String big = "x".repeat(9 * 1024);
        problem(get("/api/v1/tenants", "X-Padding: " + big), 400);
        problem(get("/api/v1/tenants?q=" + "y".repeat(10 * 1024)), 400);
        problem(get("/api/v1/assist/suggestions/s1/stream", "Last-Event-ID: " + "1".repeat(8 * 1024)), 400);
    }

    @Test
    void anUnreadableMultipartBodyIs400EvenWithoutAToken() {
        Reply open = RawHttp.send(port, "POST /api/v1/webhooks/inbound/acme/crm HTTP/1.1\r\n"
                + "Content-Type: multipart/form-data", "x");
        assertThat(problem(open, 400).get("type").asText()).endsWith("/malformed-request");
        Reply upload = RawHttp.send(port, "POST /api/v1/files HTTP/1.1\r\nAuthorization: Bearer " + admin
                + "\r\nContent-Type: multipart/form-data; boundary=abc", "--abc\r\nnot a part");
        problem(upload, 400);
    }

    @Test
    void aControlCharacterInAQueryParameterIs400NamingIt() {
        JsonNode problem = problem(get("/api/v1/tenants/acme/webhook-deliveries?endpointId=%00"), 400);
        assertThat(problem.get("errors").has("endpointId")).as(problem.toString()).isTrue();
        problem(get("/api/v1/audit/events?type=a%0Ab"), 400);
        problem(get("/api/v1/tenants?x%01=1"), 400);
    }

    @Test
    void aControlCharacterInAHeaderTheApplicationReadsIs400() {
        // the firewall checks a header's value when the application reads it, inside the controller
        Reply reply = RawHttp.send(port, "POST /api/v1/webhooks/inbound/acme/crm HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nwebhook-id: msg_\u0085x\r\nwebhook-timestamp: 1\r\n"
                + "webhook-signature: v1,x", "{}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        problem(reply, 400);
    }

    @Test
    void traceIs405() {
        Reply reply = RawHttp.send(port, "TRACE /api/v1/tenants HTTP/1.1", null);
        problem(reply, 405);
    }

    @Test
    void aWildcardContentTypeIs415() {
        Reply reply = RawHttp.send(port, "POST /api/v1/tenants HTTP/1.1\r\nAuthorization: Bearer " + admin
                + "\r\nContent-Type: */*", "{\"tenantId\":\"wild-card\",\"name\":\"W\",\"plan\":\"TEAM\"}");
        problem(reply, 415);
    }

    @Test
    void anUnknownMethodOnAKnownPathIsAProblemWithOurType() {
        Reply reply = RawHttp.send(port, "PATCH /api/v1/tenants HTTP/1.1\r\nAuthorization: Bearer " + admin
                + "\r\nContent-Type: application/json", "{}");
        JsonNode problem = problem(reply, 405);
        assertThat(problem.get("type").asText()).endsWith("/method-not-allowed");
    }

    @Test
    void anUnknownPathIsAProblemThatDoesNotRepeatThePath() {
        JsonNode problem = problem(get("/api/v1/no-such-endpoint"), 404);
        assertThat(problem.get("type").asText()).endsWith("/not-found");
        assertThat(problem.get("detail").asText()).isEqualTo(
                "There is nothing at this path; the API is described at /v3/api-docs");
    }

    @Test
    void theErrorPageIsAProblem() {
        problem(get("/error"), 500);
    }

    @Test
    void aLedgerWhoseIdHoldsASlashIsReachedByQueryParameter() {
        String tenantId = uniqueTenantId("ledger");
        ApiClient api = api();
        api.createTenant(admin, tenantId, "TEAM", "alice");
        String alice = api.devToken(tenantId, "alice");
        ApiClient.Response session = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"),
                "text", "their is a error in this sentance"));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        ApiClient.Response suggestion = api.post("/api/v1/assist/sessions/" + session.json().get("sessionId").asText()
                + "/suggestions", alice, Map.of("action", "FIX_GRAMMAR"));
        assertThat(suggestion.status()).as(suggestion.body()).isEqualTo(202);
        String ledgerId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE aggregate_identifier LIKE ?",
                String.class, tenantId + "/%"), ids -> !ids.isEmpty()).get(0);

        Reply reply = get("/api/v1/audit/aggregates/BudgetLedger/state?id="
                + URLEncoder.encode(ledgerId, StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"aggregateId\":\"" + ledgerId + "\"");
        // the encoded slash in the path stays refused, as a problem
        problem(get("/api/v1/audit/aggregates/BudgetLedger/" + ledgerId.replace("/", "%2F") + "/state"), 400);
    }
}
