package io.assistantcore.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Aggregates rebuilt from their events as of a moment, through the running application. */
class AuditStateIntegrationTest extends ApiIntegrationTest {

    private ApiClient api;
    private String root;
    private String tenantId;
    private String alice;
    private String auditor;

    @BeforeEach
    void tenantWithAnAuditor() {
        api = api();
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = newTenant("audit");
        alice = api.devToken(tenantId, "alice");
        auditor = api.devToken(tenantId, "audrey", "AUDITOR");
    }

    private String newTenant(String prefix) {
        return api.createTenant(root, uniqueTenantId(prefix), "TEAM", "alice");
    }

    private String requestSuggestion(String sessionId, String action) {
        Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", action));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("suggestionId").asText();
    }

    private JsonNode awaitStatus(String suggestionId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json(),
                view -> status.equals(view.path("status").asText()));
    }

    private JsonNode state(String token, String type, String id, Instant asOf) {
        Response response = api.get(path(type, id, asOf), token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String path(String type, String id, Instant asOf) {
        return "/api/v1/audit/aggregates/" + type + "/" + id + "/state" + (asOf == null ? "" : "?asOf=" + asOf);
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(50); // event timestamps are milliseconds: keep the moments apart
    }

    @Test
    void aSessionAsOfAMomentShowsWhatWasDecidedThenAndNothingLater() throws Exception {
        Response created = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"),
                "text", "their is a error in this sentance"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String sessionId = created.json().get("sessionId").asText();

        String first = requestSuggestion(sessionId, "FIX_GRAMMAR");
        String firstText = awaitStatus(first, "COMPLETED").get("text").asText();
        Response approved = api.post("/api/v1/assist/suggestions/" + first + "/approve", alice,
                Map.of("editedText", "There is an error in this line."));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        pause();
        Instant afterApproval = Instant.now();
        pause();

        String second = requestSuggestion(sessionId, "IMPROVE");
        awaitStatus(second, "COMPLETED");
        assertThat(api.post("/api/v1/assist/suggestions/" + second + "/reject", alice, null).status())
                .isEqualTo(200);
        pause();
        Instant afterRejection = Instant.now();
        pause();
        Response regenerated = api.post("/api/v1/assist/suggestions/" + second + "/regenerate", alice, null);
        assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(202);
        awaitStatus(second, "COMPLETED");

        JsonNode atApproval = state(auditor, "AssistSession", sessionId, afterApproval);
        assertThat(atApproval.get("aggregateType").asText()).isEqualTo("AssistSession");
        assertThat(atApproval.get("asOf").asText()).isEqualTo(afterApproval.toString());
        assertThat(atApproval.at("/state/sessionId").asText()).isEqualTo(sessionId);
        assertThat(atApproval.at("/state/tenantId").asText()).isEqualTo(tenantId);
        assertThat(atApproval.at("/state/originalText").asText()).isEqualTo("their is a error in this sentance");
        JsonNode firstThen = atApproval.at("/state/suggestions/" + first);
        assertThat(firstThen.get("status").asText()).isEqualTo("APPROVED");
        assertThat(firstThen.get("text").asText()).isEqualTo("There is an error in this line.");
        assertThat(firstThen.at("/spec/action").asText()).isEqualTo("FIX_GRAMMAR");
        assertThat(atApproval.at("/state/suggestions").has(second)).as("not yet requested").isFalse();
        assertThat(firstText).isNotBlank();

        JsonNode atRejection = state(auditor, "AssistSession", sessionId, afterRejection);
        JsonNode secondThen = atRejection.at("/state/suggestions/" + second);
        assertThat(secondThen.get("status").asText()).isEqualTo("REJECTED");
        assertThat(secondThen.get("attempt").asInt()).isEqualTo(1);
        assertThat(atRejection.at("/state/suggestions/" + first + "/status").asText()).isEqualTo("APPROVED");
        assertThat(atRejection.get("version").asLong()).isGreaterThan(atApproval.get("version").asLong());
        assertThat(atRejection.get("eventsApplied").asLong()).isEqualTo(atRejection.get("version").asLong() + 1);

        JsonNode now = state(auditor, "AssistSession", sessionId, null);
        JsonNode secondNow = now.at("/state/suggestions/" + second);
        assertThat(secondNow.get("attempt").asInt()).isEqualTo(2);
        assertThat(secondNow.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(now.at("/state/latestSuggestionId").asText()).isEqualTo(second);
        assertThat(now.get("version").asLong()).isGreaterThan(atRejection.get("version").asLong());
        // the stored events are the measure: the version is the last sequence number of the aggregate
        assertThat(now.get("eventsApplied").asLong()).isEqualTo(now.get("version").asLong() + 1);
        // a platform administrator sees it too
        assertThat(state(root, "AssistSession", sessionId, null).get("state")).isEqualTo(now.get("state"));

        // another tenant's auditor: as if it did not exist
        String elsewhere = newTenant("other");
        String otherAuditor = api.devToken(elsewhere, "olga", "AUDITOR");
        Response hidden = api.get(path("AssistSession", sessionId, null), otherAuditor);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get(path("AssistSession", sessionId, null), api.devToken(tenantId, "mia", "MEMBER"))
                .status()).isEqualTo(403);
    }

    @Test
    void aTenantBeforeAndAfterAQuotaChange() throws Exception {
        JsonNode initial = state(auditor, "Tenant", tenantId, null);
        BigDecimal initialBudget = initial.at("/state/quotas/monthlyBudget/amount").decimalValue();
        assertThat(initial.at("/state/active").asBoolean()).isTrue();
        assertThat(initial.at("/state/members/alice").toString()).contains("TENANT_ADMIN");
        pause();
        Instant beforeChange = Instant.now();
        pause();
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/quotas", alice, Map.of(
                "monthlyBudget", Map.of("amount", new BigDecimal("321.5"), "currency", "EUR"),
                "requestsPerMinutePerUser", 7, "tokensPerMinutePerTenant", 7000)).status()).isEqualTo(200);

        JsonNode before = state(auditor, "Tenant", tenantId, beforeChange);
        assertThat(before.at("/state/quotas/monthlyBudget/amount").decimalValue())
                .isEqualByComparingTo(initialBudget);
        assertThat(before.get("version").asLong()).isEqualTo(initial.get("version").asLong());
        JsonNode after = state(auditor, "Tenant", tenantId, null);
        assertThat(after.at("/state/quotas/monthlyBudget/amount").decimalValue())
                .isEqualByComparingTo(new BigDecimal("321.5"));
        assertThat(after.at("/state/quotas/monthlyBudget/currency").asText()).isEqualTo("EUR");
        assertThat(after.at("/state/quotas/requestsPerMinutePerUser").asInt()).isEqualTo(7);
        assertThat(after.get("version").asLong()).isEqualTo(before.get("version").asLong() + 1);

        String otherAuditor = api.devToken(newTenant("other"), "olga", "AUDITOR");
        assertThat(api.get(path("Tenant", tenantId, null), otherAuditor).status()).isEqualTo(404);
    }

    @Test
    void refusals() {
        Response unknownType = api.get(path("Spaceship", tenantId, null), auditor);
        assertThat(unknownType.status()).isEqualTo(404);
        assertThat(unknownType.json().get("detail").asText())
                .contains("Tenant", "AssistSession", "ModelPriceList", "BudgetLedger");
        assertThat(api.get(path("Tenant", "no-such-tenant", null), auditor).status()).isEqualTo(404);
        assertThat(api.get(path("Tenant", tenantId, Instant.parse("2001-01-01T00:00:00Z")), auditor).status())
                .isEqualTo(404);
        Response badMoment = api.get("/api/v1/audit/aggregates/Tenant/" + tenantId + "/state?asOf=yesterday",
                auditor);
        assertThat(badMoment.status()).isEqualTo(400);
        assertThat(badMoment.json().get("detail").asText()).contains("ISO-8601");
        // the id of a tenant asked for as another type is no such aggregate
        assertThat(api.get(path("AssistSession", tenantId, null), auditor).status()).isEqualTo(404);
        // the price list belongs to no tenant: platform administrators only
        assertThat(api.get(path("ModelPriceList", "price-list", null), auditor).status()).isEqualTo(404);
        assertThat(state(root, "ModelPriceList", "price-list", null).at("/state/prices").size()).isPositive();
        assertThat(api.get(path("Tenant", tenantId, null), alice).status()).isEqualTo(403);
    }
}
