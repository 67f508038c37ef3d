package io.assistantcore.api.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies are read strictly: what a read model cannot store (control characters), what is not exactly JSON
 * of the documented shape (trailing tokens, coerced scalars, unknown fields) and what is beyond the documented
 * bounds is refused with 400 Problem Details naming the field, and changes nothing.
 */
class InputHardeningIntegrationTest extends ApiIntegrationTest {

    private ApiClient api;
    private String admin;
    private String tenantId;
    private String tenantAdmin;
    private String member;

    @BeforeEach
    void tenant() {
        api = api();
        admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = api.createTenant(admin, uniqueTenantId("input"), "TEAM", "tess");
        tenantAdmin = api.devToken(tenantId, "tess");
        member = api.devToken(tenantId, "mia", "MEMBER");
    }

    private Response raw(String method, String path, String token, String body) {
        return api.send(method, path, token, body, Map.of());
    }

    private static JsonNode invalid(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        if (field != null) {
            assertThat(problem.path("errors").has(field)).as(response.body()).isTrue();
        }
        return problem;
    }

    private static String session(String entityType, String text) {
        return "{\"field\":{\"entityType\":\"" + entityType + "\",\"entityId\":\"42\",\"fieldName\":\"description\"},"
                + "\"text\":\"" + text + "\"}";
    }

    @Test
    void addressesThePlatformWillNotCallAreRefusedWhenRegistered() {
        String tool = "{\"description\":\"Create a ticket\",\"parameters\":{\"type\":\"object\"},"
                + "\"endpoint\":{\"method\":\"POST\",\"url\":\"%s\"}}";
        JsonNode problem = invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/tools/create_ticket", tenantAdmin,
                tool.formatted("http://127.0.0.1:9/tickets")), "endpoint.url");
        assertThat(problem.path("errors").path("endpoint.url").asText()).contains("allow-private-targets");
        invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/webhooks/crm", tenantAdmin,
                "{\"url\":\"http://localhost:8080/hook\",\"eventTypes\":[\"lead.classified\"]}"), "url");
        String document = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},"
                + "\"servers\":[{\"url\":\"http://10.0.0.5/api/\"}],\"paths\":{\"/tickets\":{\"get\":"
                + "{\"operationId\":\"listTickets\",\"summary\":\"List tickets\"}}}}";
        Response imported = raw("POST", "/api/v1/tenants/" + tenantId + "/tools/import", tenantAdmin, document);
        assertThat(imported.status()).as(imported.body()).isEqualTo(400);
        assertThat(imported.json().path("detail").asText()).contains("list_tickets").contains("allow-private-targets");
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/tools", tenantAdmin).body()).doesNotContain("list_tickets");
        // a name is looked up only when called: it may point elsewhere by then
        assertThat(raw("PUT", "/api/v1/tenants/" + tenantId + "/tools/create_ticket", tenantAdmin,
                tool.formatted("https://tickets.example.com/tickets")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/webhooks", tenantAdmin).json()).isEmpty();
    }

    @Test
    void controlCharactersAreRefusedWithTheFieldNamed() {
        JsonNode problem = invalid(raw("POST", "/api/v1/assist/sessions", member, session("Account\\u0000", "hi")),
                "field.entityType");
        assertThat(problem.get("detail").asText()).contains("control characters").doesNotContain("\u0000");
        invalid(raw("POST", "/api/v1/assist/sessions", member, session("Acc\\nount", "hi")), "field.entityType");
        invalid(raw("POST", "/api/v1/assist/sessions", member, session("Account", "a\\u0000b")), "text");
        invalid(raw("POST", "/api/v1/assist/sessions", member, session("Account", "bell\\u0007")), "text");
        invalid(raw("POST", "/api/v1/assist/sessions", member, session("Account", "lone \\ud800 surrogate")), "text");
        invalid(raw("POST", "/api/v1/assist/sessions", member, "{\"field\":{\"entityType\":\"A\",\"entityId\":\"1\","
                + "\"fieldName\":\"f\"},\"text\":\"t\",\"context\":[{\"kind\":\"note\",\"text\":\"x\\u0000\"}]}"),
                "context[0].text");

        invalid(raw("POST", "/api/v1/tenants", admin, "{\"tenantId\":\"" + uniqueTenantId("nul")
                + "\",\"name\":\"Evil\\u0000Corp\",\"plan\":\"TEAM\"}"), "name");
        invalid(raw("POST", "/api/v1/tenants/" + tenantId + "/deactivate", admin,
                "{\"reason\":\"because\\u0000\"}"), "reason");
        invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/ai-policy", tenantAdmin,
                "{\"enabledActions\":[\"IMPROVE\"],\"allowedModels\":[\"gpt\\u0000\"]}"), "allowedModels[0]");
        // nothing of it was stored
        assertThat(api.get("/api/v1/tenants/" + tenantId, tenantAdmin).json().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void freeTextKeepsTabsAndLineBreaks() {
        Response created = raw("POST", "/api/v1/assist/sessions", member,
                session("Account", "Dear Sir,\\r\\n\\tthank you.\\nRegards"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{} xyz",
            "{\"action\":\"IMPROVE\"} {\"action\":\"SHORTEN\"}",
            "{\"action\":1}",
            "{\"action\":[\"IMPROVE\"]}",
            "{\"action\":\"IMPROVE\",\"instruction\":5}",
            "{\"action\":\"IMPROVE\",\"refine\":\"true\"}",
            "{\"action\":\"IMPROVE\",\"refine\":1}",
            "{\"action\":\"IMPROVE\",\"contextKinds\":\"note\"}",
            "{\"action\":\"IMPROVE\",\"contextKinds\":[123]}",
            "{\"action\":\"IMPROVE\",\"surprise\":true}",
            "{\"action\":\"IMPROVE\",\"action\":\"SHORTEN\"}"})
    void suggestionBodiesAreReadStrictly(String body) {
        Response session = raw("POST", "/api/v1/assist/sessions", member, session("Account", "hello"));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        String path = "/api/v1/assist/sessions/" + session.json().get("sessionId").asText() + "/suggestions";
        invalid(raw("POST", path, member, body), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7", "\"1\"", "[1]", "true"})
    void integersAreNotCoerced(String value) {
        invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/quotas", tenantAdmin,
                "{\"monthlyBudget\":{\"amount\":150,\"currency\":\"EUR\"},\"requestsPerMinutePerUser\":" + value
                        + ",\"tokensPerMinutePerTenant\":5000}"), "requestsPerMinutePerUser");
    }

    @Test
    void aValueOfTheWrongShapeIsNamedInJsonTermsWithoutJavaNames() {
        JsonNode budget = invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/quotas", tenantAdmin,
                "{\"monthlyBudget\":\"150 EUR\",\"requestsPerMinutePerUser\":10,\"tokensPerMinutePerTenant\":5000}"),
                "monthlyBudget");
        assertThat(budget.path("errors").path("monthlyBudget").asText()).isEqualTo("must be an object");
        JsonNode secret = invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/leads/settings", tenantAdmin,
                "{\"inboundSecrets\":{\"crm\":[\"whsec_abcdefghijklmnopqrstuvwxyz\"]}}"), "inboundSecrets.crm");
        assertThat(secret.path("errors").path("inboundSecrets.crm").asText()).isEqualTo("must be a string or an object");
        JsonNode name = invalid(raw("POST", "/api/v1/tenants", admin, "{\"tenantId\":\"" + uniqueTenantId("obj")
                + "\",\"name\":{\"first\":\"A\"},\"plan\":\"TEAM\"}"), "name");
        assertThat(name.path("errors").path("name").asText()).isEqualTo("must be a string");
        JsonNode list = invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/quotas", tenantAdmin, "[]"), null);
        assertThat(list.path("detail").asText()).isEqualTo("The body must be an object");
        JsonNode twice = invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/leads/settings", tenantAdmin,
                "{\"reviewBelowConfidence\":0.5} {\"reviewBelowConfidence\":0.6}"), null);
        assertThat(twice.path("detail").asText()).contains("one JSON value");
        for (JsonNode problem : List.of(budget, secret, name, list, twice)) {
            assertThat(problem.toString()).doesNotContain("io.assistantcore").doesNotContain("`")
                    .doesNotContain("java.").doesNotContain("$");
        }
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/leads/settings", tenantAdmin).json()
                .path("reviewBelowConfidence").asDouble()).isEqualTo(0.7);
    }

    @Test
    void plansAreNotEnumPositionsAndNamesAreNotNumbers() {
        invalid(raw("POST", "/api/v1/tenants", admin, "{\"tenantId\":\"" + uniqueTenantId("pos")
                + "\",\"name\":\"Pos\",\"plan\":1}"), "plan");
        invalid(raw("POST", "/api/v1/tenants", admin, "{\"tenantId\":\"" + uniqueTenantId("num")
                + "\",\"name\":123,\"plan\":\"TEAM\"}"), "name");
    }

    @Test
    void listsAndTextsHaveBounds() {
        String models = IntStream.range(0, 101).mapToObj(i -> "\"model-" + i + "\"").collect(Collectors.joining(","));
        invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/ai-policy", tenantAdmin,
                "{\"enabledActions\":[\"IMPROVE\"],\"allowedModels\":[" + models + "]}"), "allowedModels");
        invalid(raw("PUT", "/api/v1/tenants/" + tenantId + "/ai-policy", tenantAdmin,
                "{\"enabledActions\":[\"IMPROVE\"],\"allowedModels\":[\"" + "m".repeat(101) + "\"]}"), null);
        invalid(raw("POST", "/api/v1/tenants", admin, "{\"tenantId\":\"" + uniqueTenantId("long")
                + "\",\"name\":\"" + "n".repeat(201) + "\",\"plan\":\"TEAM\"}"), "name");
        invalid(raw("POST", "/api/v1/tenants/" + tenantId + "/deactivate", admin,
                "{\"reason\":\"" + "r".repeat(501) + "\"}"), "reason");
        String items = IntStream.range(0, 21).mapToObj(i -> "{\"kind\":\"note\",\"text\":\"t\"}")
                .collect(Collectors.joining(","));
        invalid(raw("POST", "/api/v1/assist/sessions", member, "{\"field\":{\"entityType\":\"A\",\"entityId\":\"1\","
                + "\"fieldName\":\"f\"},\"text\":\"t\",\"context\":[" + items + "]}"), "context");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = "{\"tenantId\":\"big\",\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"plan\":\"TEAM\"}";
        Response response = raw("POST", "/api/v1/tenants", admin, huge);
        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).endsWith("/request-too-large");
    }
}
