package io.assistantcore.api.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.ratelimit.RateLimitEvents.RateLimitRefused;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The per-minute limits on the running application: headers, 429 problems, audit events and quota changes. */
class RateLimitIntegrationTest extends ApiIntegrationTest {

    private static final String TEXT = "their is a error in this sentance";

    @Autowired
    private JdbcTemplate jdbc;

    private ApiClient api;
    private String tenantId;
    private String alice;
    private String bob;

    @BeforeEach
    void tenantWithTwoMembers() {
        api = api();
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = uniqueTenantId("rate");
        assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Rate Co", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        alice = api.devToken(tenantId, "alice");
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/members/bob", alice, Map.of("roles", List.of("MEMBER")))
                .status()).isEqualTo(200);
        bob = api.devToken(tenantId, "bob");
    }

    @Test
    void fourthRequestOfAUserInAMinuteIsRefusedAndRecordedWhileAnotherUserGoesOn() {
        setQuotas(3, 100_000);
        String session = startSession(alice);

        for (long remaining = 2; remaining >= 0; remaining--) {
            Response accepted = requestSuggestion(alice, session);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(accepted.header("RateLimit-Remaining")).isEqualTo(Long.toString(remaining));
            assertThat(Long.parseLong(accepted.header("RateLimit-Reset"))).isBetween(1L, 60L);
        }

        Response refused = requestSuggestion(alice, session);
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isPositive();
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).endsWith("/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText())
                .contains("3 requests per minute per user")
                .contains("retry in " + refused.header("Retry-After") + " s");
        assertThat(problem.get("limit").asText()).isEqualTo("requests-per-minute-per-user");

        // another user of the same tenant has a bucket of their own
        Response bobs = requestSuggestion(bob, startSession(bob));
        assertThat(bobs.status()).as(bobs.body()).isEqualTo(202);
        assertThat(bobs.header("RateLimit-Remaining")).isEqualTo("2");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<JsonNode> refusals = refusals();
            assertThat(refusals).hasSize(1);
            JsonNode event = refusals.get(0);
            assertThat(event.get("userId").asText()).isEqualTo("alice");
            assertThat(event.get("limit").asText()).isEqualTo("requests-per-minute-per-user");
            assertThat(event.get("limitValue").asLong()).isEqualTo(3);
            assertThat(event.get("retryAfterSeconds").asLong()).isEqualTo(Long.parseLong(refused.header("Retry-After")));
            assertThat(event.get("method").asText()).isEqualTo("POST");
            assertThat(event.get("path").asText()).isEqualTo("/api/v1/assist/sessions/" + session + "/suggestions");
        });
    }

    @Test
    void regenerateCountsAgainstTheSameLimit() {
        setQuotas(2, 100_000);
        String session = startSession(alice);
        String suggestionId = requestSuggestion(alice, session).json().get("suggestionId").asText();
        assertThat(requestSuggestion(alice, session).status()).isEqualTo(202);

        Response regenerate = api.post("/api/v1/assist/suggestions/" + suggestionId + "/regenerate", alice, null);
        assertThat(regenerate.status()).as(regenerate.body()).isEqualTo(429);
        assertThat(regenerate.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(regenerate.json().get("type").asText()).endsWith("/rate-limited");
    }

    @Test
    void theTenantsTokenLimitRefusesAnotherUsersRequest() {
        long estimate = 2 * TokenEstimator.count(TEXT);
        long tokenLimit = estimate + estimate / 2;
        setQuotas(30, tokenLimit);

        assertThat(requestSuggestion(alice, startSession(alice)).status()).isEqualTo(202);
        Response refused = requestSuggestion(bob, startSession(bob));

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.json().get("type").asText()).endsWith("/rate-limited");
        assertThat(refused.json().get("limit").asText()).isEqualTo("tokens-per-minute-per-tenant");
        assertThat(refused.json().get("detail").asText()).contains(tokenLimit + " tokens per minute");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo(Long.toString(tokenLimit));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(refusals())
                .singleElement().satisfies(event -> {
                    assertThat(event.get("userId").asText()).isEqualTo("bob");
                    assertThat(event.get("limit").asText()).isEqualTo("tokens-per-minute-per-tenant");
                }));
    }

    @Test
    void raisedQuotasApplyAtOnce() {
        setQuotas(1, 100_000);
        String session = startSession(alice);
        assertThat(requestSuggestion(alice, session).status()).isEqualTo(202);
        assertThat(requestSuggestion(alice, session).status()).isEqualTo(429);

        setQuotas(5, 100_000);

        Response accepted = requestSuggestion(alice, session);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.header("RateLimit-Limit")).isEqualTo("5");
        // the 4 requests the raise added, less this one
        assertThat(Long.parseLong(accepted.header("RateLimit-Remaining"))).isBetween(3L, 4L);
    }

    private void setQuotas(int requestsPerMinutePerUser, long tokensPerMinutePerTenant) {
        Response updated = api.put("/api/v1/tenants/" + tenantId + "/quotas", alice, Map.of(
                "monthlyBudget", Map.of("amount", 150, "currency", "EUR"),
                "requestsPerMinutePerUser", requestsPerMinutePerUser,
                "tokensPerMinutePerTenant", tokensPerMinutePerTenant));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    }

    private String startSession(String token) {
        Response created = api.post("/api/v1/assist/sessions", token, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"),
                "text", TEXT));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("sessionId").asText();
    }

    private Response requestSuggestion(String token, String sessionId) {
        return api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", token, Map.of("action", "FIX_GRAMMAR"));
    }

    private List<JsonNode> refusals() {
        return jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry where payload_type = ?",
                        String.class, RateLimitRefused.class.getName()).stream()
                .map(json -> new ApiClient.Response(200, Map.of(), json).json())
                .filter(event -> event.get("tenantId").asText().equals(tenantId))
                .toList();
    }
}
