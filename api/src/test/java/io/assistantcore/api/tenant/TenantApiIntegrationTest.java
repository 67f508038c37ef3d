package io.assistantcore.api.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TenantApiIntegrationTest extends ApiIntegrationTest {

    private static final Map<String, Object> QUOTAS = Map.of(
            "monthlyBudget", Map.of("amount", 150, "currency", "EUR"),
            "requestsPerMinutePerUser", 30,
            "tokensPerMinutePerTenant", 50_000);

    private ApiClient api;
    private String platformAdmin;

    @BeforeEach
    void setUp() {
        api = api();
        platformAdmin = api.devToken(null, "root", "PLATFORM_ADMIN");
    }

    private String createTenant(String prefix, String adminUserId) {
        String tenantId = uniqueTenantId(prefix);
        Response created = api.post("/api/v1/tenants", platformAdmin,
                Map.of("tenantId", tenantId, "name", "Tenant " + prefix, "plan", "TEAM", "initialAdminUserId", adminUserId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return tenantId;
    }

    @Test
    void walkthroughCreateSetQuotasAndReadBack() {
        String tenantId = uniqueTenantId("walk");
        Response created = api.post("/api/v1/tenants", platformAdmin,
                Map.of("tenantId", tenantId, "name", "Acme Inc.", "plan", "TEAM", "initialAdminUserId", "alice"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/tenants/" + tenantId);
        assertThat(created.json().get("tenantId").asText()).isEqualTo(tenantId);

        // alice's token carries no roles: TENANT_ADMIN comes from the tenant's member list
        String alice = api.devToken(tenantId, "alice");
        Response updated = api.put("/api/v1/tenants/" + tenantId + "/quotas", alice, QUOTAS);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);

        JsonNode tenant = api.get("/api/v1/tenants/" + tenantId, alice).json();
        assertThat(tenant.get("name").asText()).isEqualTo("Acme Inc.");
        assertThat(tenant.get("plan").asText()).isEqualTo("TEAM");
        assertThat(tenant.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(tenant.at("/quotas/monthlyBudget/amount").decimalValue()).isEqualByComparingTo("150");
        assertThat(tenant.at("/quotas/monthlyBudget/currency").asText()).isEqualTo("EUR");
        assertThat(tenant.at("/quotas/requestsPerMinutePerUser").asInt()).isEqualTo(30);
        assertThat(tenant.at("/quotas/tokensPerMinutePerTenant").asLong()).isEqualTo(50_000);
        assertThat(tenant.at("/members/0/userId").asText()).isEqualTo("alice");
        assertThat(tenant.at("/members/0/roles/0").asText()).isEqualTo("TENANT_ADMIN");
        assertThat(tenant.at("/aiPolicy/maskPii").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsResourcesAreNotFound() {
        String tenantA = createTenant("a", "admin-a");
        String tenantB = createTenant("b", "admin-b");
        String adminOfA = api.devToken(tenantA, "admin-a");

        Response read = api.get("/api/v1/tenants/" + tenantB, adminOfA);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.header("Content-Type")).startsWith("application/problem+json");
        assertThat(read.json().get("type").asText()).endsWith("/not-found");

        assertThat(api.put("/api/v1/tenants/" + tenantB + "/quotas", adminOfA, QUOTAS).status()).isEqualTo(404);
        assertThat(api.put("/api/v1/tenants/" + tenantB + "/members/mallory", adminOfA,
                Map.of("roles", List.of("TENANT_ADMIN"))).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/" + tenantB + "/members/admin-b", adminOfA).status()).isEqualTo(404);
        // and B is untouched
        String adminOfB = api.devToken(tenantB, "admin-b");
        JsonNode b = api.get("/api/v1/tenants/" + tenantB, adminOfB).json();
        assertThat(b.get("members")).hasSize(1);
        assertThat(b.at("/quotas/requestsPerMinutePerUser").asInt()).isEqualTo(60);
    }

    @Test
    void noTokenIsUnauthorized() {
        Response response = api.get("/api/v1/tenants/any", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.json().get("detail").asText()).contains("Authorization: Bearer");
    }

    @Test
    void forgedTokenIsUnauthorized() {
        String token = api.devToken("x-tenant", "eve", "PLATFORM_ADMIN");
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        Response response = api.get("/api/v1/tenants/x-tenant", forged);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("type").asText()).endsWith("/unauthenticated");
    }

    @Test
    void memberCannotSetQuotas() {
        String tenantId = createTenant("m", "boss");
        String boss = api.devToken(tenantId, "boss");
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/members/bob", boss, Map.of("roles", List.of("MEMBER")))
                .status()).isEqualTo(200);
        String bob = api.devToken(tenantId, "bob");

        Response response = api.put("/api/v1/tenants/" + tenantId + "/quotas", bob, QUOTAS);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("type").asText()).endsWith("/forbidden");
        assertThat(response.json().get("detail").asText()).contains("TENANT_ADMIN");
        // a member may still read the tenant, and the quotas are unchanged
        assertThat(api.get("/api/v1/tenants/" + tenantId, bob).json().at("/quotas/requestsPerMinutePerUser").asInt())
                .isEqualTo(60);
    }

    @Test
    void malformedJsonIsABadRequest() {
        String tenantId = createTenant("j", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response response = api.send("PUT", "/api/v1/tenants/" + tenantId + "/quotas", boss,
                "{\"monthlyBudget\": {\"amount\": 150,", Map.of());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).endsWith("/malformed-request");
        assertThat(response.json().get("detail").asText()).startsWith("The body is not valid JSON at line 1")
                .doesNotContain("Source");
    }

    @Test
    void invalidFieldsAreNamedInErrors() {
        String tenantId = createTenant("v", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response response = api.put("/api/v1/tenants/" + tenantId + "/quotas", boss, Map.of(
                "monthlyBudget", Map.of("amount", -5, "currency", "euro"),
                "requestsPerMinutePerUser", 0,
                "tokensPerMinutePerTenant", 100));
        assertThat(response.status()).isEqualTo(400);
        JsonNode errors = response.json().get("errors");
        assertThat(errors.has("monthlyBudget.amount")).isTrue();
        assertThat(errors.get("monthlyBudget.currency").asText()).contains("ISO 4217");
        assertThat(errors.has("requestsPerMinutePerUser")).isTrue();
        assertThat(errors.has("tokensPerMinutePerTenant")).isFalse();
    }

    @Test
    void unknownRoleIsNamedInErrors() {
        String tenantId = createTenant("r", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response response = api.put("/api/v1/tenants/" + tenantId + "/members/bob", boss,
                Map.of("roles", List.of("WIZARD")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/errors/roles[0]").asText())
                .contains("WIZARD").contains("TENANT_ADMIN, MEMBER, AUDITOR");
    }

    @Test
    void domainRuleViolationsAreBadRequestsWithTheField() {
        String tenantId = createTenant("d", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response response = api.put("/api/v1/tenants/" + tenantId + "/quotas", boss, Map.of(
                "monthlyBudget", Map.of("amount", 5, "currency", "XYZ"),
                "requestsPerMinutePerUser", 5,
                "tokensPerMinutePerTenant", 100));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/errors/monthlyBudget.currency").asText()).contains("'XYZ'");
    }

    @Test
    void duplicateTenantIsAConflict() {
        String tenantId = createTenant("dup", "boss");
        Response again = api.post("/api/v1/tenants", platformAdmin,
                Map.of("tenantId", tenantId, "name", "Other", "plan", "FREE"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).endsWith("/tenant-exists");
    }

    @Test
    void onlyPlatformAdminsCreateTenants() {
        String tenantId = createTenant("p", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response response = api.post("/api/v1/tenants", boss,
                Map.of("tenantId", uniqueTenantId("new"), "name", "New", "plan", "FREE"));
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void lastAdminCannotBeRemovedButOthersCan() {
        String tenantId = createTenant("l", "boss");
        String boss = api.devToken(tenantId, "boss");
        api.put("/api/v1/tenants/" + tenantId + "/members/bob", boss, Map.of("roles", List.of("MEMBER")));

        Response lastAdmin = api.delete("/api/v1/tenants/" + tenantId + "/members/boss", boss);
        assertThat(lastAdmin.status()).isEqualTo(409);
        assertThat(lastAdmin.json().get("type").asText()).endsWith("/last-admin");

        assertThat(api.delete("/api/v1/tenants/" + tenantId + "/members/bob", boss).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/tenants/" + tenantId + "/members/bob", boss).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/" + tenantId, boss).json().get("members")).hasSize(1);
    }

    @Test
    void aiPolicyIsSetAndValidated() {
        String tenantId = createTenant("ai", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response set = api.put("/api/v1/tenants/" + tenantId + "/ai-policy", boss, Map.of(
                "enabledActions", List.of("SUMMARIZE", "FIX_GRAMMAR"),
                "allowedModels", List.of("local"),
                "allowedContextKinds", List.of("record"),
                "maskPii", false));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().at("/aiPolicy/enabledActions").toString()).isEqualTo("[\"SUMMARIZE\",\"FIX_GRAMMAR\"]");
        assertThat(set.json().at("/aiPolicy/maskPii").asBoolean()).isFalse();

        Response bad = api.put("/api/v1/tenants/" + tenantId + "/ai-policy", boss, Map.of(
                "enabledActions", List.of("TRANSLATE")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/enabledActions[0]").asText()).contains("FIX_GRAMMAR");
    }

    @Test
    void deactivatedTenantLosesAccess() {
        String tenantId = createTenant("off", "boss");
        String boss = api.devToken(tenantId, "boss");
        Response off = api.post("/api/v1/tenants/" + tenantId + "/deactivate", platformAdmin,
                Map.of("reason", "contract ended"));
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("status").asText()).isEqualTo("DEACTIVATED");

        Response tooLong = api.post("/api/v1/tenants/" + tenantId + "/deactivate", platformAdmin,
                Map.of("reason", "x".repeat(501)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").has("reason")).isTrue();

        Response read = api.get("/api/v1/tenants/" + tenantId, boss);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().get("type").asText()).endsWith("/tenant-deactivated");
        Response again = api.post("/api/v1/tenants/" + tenantId + "/deactivate", platformAdmin, null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void unknownTenantIsNotFoundEvenForPlatformAdmins() {
        assertThat(api.get("/api/v1/tenants/" + uniqueTenantId("ghost"), platformAdmin).status()).isEqualTo(404);
        Response write = api.put("/api/v1/tenants/" + uniqueTenantId("ghost") + "/quotas", platformAdmin, QUOTAS);
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void requestIdIsEchoedOrCreated() {
        Response given = api.send("GET", "/actuator/health", null, null, Map.of("X-Request-Id", "req-42"));
        assertThat(given.header("X-Request-Id")).isEqualTo("req-42");
        Response created = api.get("/actuator/health", null);
        assertThat(created.header("X-Request-Id")).hasSize(36);
        assertThat(created.json().get("status").asText()).isEqualTo("UP");
    }
}
