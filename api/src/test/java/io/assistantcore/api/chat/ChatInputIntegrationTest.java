package io.assistantcore.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat endpoints refuse what they cannot take before anything is sent or stored: bad bodies, parameters and
 * headers are 400 Problem Details naming the field; missing roles are 403; another tenant's settings are 404.
 */
class ChatInputIntegrationTest extends ApiIntegrationTest {

    private static final String SOME_ID = "3f1d2c9a-0000-4000-8000-000000000001";

    private ApiClient api;
    private String tenantId;
    private String admin;
    private String member;
    private String auditor;

    @BeforeEach
    void tenant() {
        api = api();
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = api.createTenant(root, uniqueTenantId("chat-input"), "TEAM", "tess");
        admin = api.devToken(tenantId, "tess");
        member = api.devToken(tenantId, "mia", "MEMBER");
        auditor = api.devToken(tenantId, "audra", "AUDITOR");
    }

    private Response raw(String method, String path, String token, String body) {
        return api.send(method, path, token, body, Map.of());
    }

    private static JsonNode invalid(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("errors").has(field)).as(response.body()).isTrue();
        return problem;
    }

    @Test
    void aConversationsSettingsAreCheckedFieldByField() {
        String path = "/api/v1/conversations";
        invalid(raw("POST", path, member, "{\"knowledge\":\"everything\"}"), "knowledge");
        invalid(raw("POST", path, member, "{\"title\":\"Q3\\u0000plan\"}"), "title");
        invalid(raw("POST", path, member, "{\"title\":\"" + "t".repeat(201) + "\"}"), "title");
        invalid(raw("POST", path, member, "{\"tools\":[\"Generate Image\"]}"), "tools[0]");
        invalid(raw("POST", path, member, ApiClient.write(Map.of("tools", java.util.Collections.nCopies(21, "x")))),
                "tools");
        invalid(raw("POST", path, member, "{\"topic\":\"unknown field\"}"), "topic");
    }

    @Test
    void aMessageIsBoundedAndFreeOfControlCharacters() {
        String path = "/api/v1/conversations/" + SOME_ID + "/messages";
        invalid(api.post(path, member, Map.of("text", " ")), "text");
        invalid(api.post(path, member, Map.of("text", "x".repeat(ChatRequests.MAX_MESSAGE + 1))), "text");
        JsonNode problem = invalid(raw("POST", path, member, "{\"text\":\"hello\\u0000there\"}"), "text");
        assertThat(problem.get("detail").asText()).contains("control characters").doesNotContain("\u0000");
        invalid(api.post(path, member, Map.of("text", "hi", "route", "GENERAL")), "route");
        invalid(api.post(path, member, Map.of("text", "hi", "route", "not_allowed")), "route");
        invalid(api.post(path, member, Map.of("text", "hi", "attachments", List.of("../etc/passwd"))),
                "attachments[0]");
        Response twice = raw("POST", path, member, "{\"text\":\"hi\",\"text\":\"twice\"}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asText()).contains("Duplicate field 'text'");
        invalid(api.post(path + "?wait=61", member, Map.of("text", "hi")), "wait");
        invalid(api.post(path + "?wait=soon", member, Map.of("text", "hi")), "wait");
    }

    @Test
    void pagesAndReplyParametersAreChecked() {
        invalid(api.get("/api/v1/conversations?limit=0", member), "limit");
        invalid(api.get("/api/v1/conversations?limit=many", member), "limit");
        invalid(api.get("/api/v1/conversations?before=%3Cscript%3E", member), "before");
        invalid(api.put("/api/v1/replies/" + SOME_ID + "/feedback", member, Map.of("rating", "MEH")), "rating");
        invalid(api.put("/api/v1/replies/" + SOME_ID + "/feedback", member, Map.of("comment", "no rating")),
                "rating");
        invalid(api.get("/api/v1/analytics/feedback?groupBy=user", admin), "groupBy");
        invalid(api.get("/api/v1/analytics/feedback?from=yesterday", admin), "from");
    }

    @Test
    void rolesDecideWhoMayStartListAndAnalyse() {
        assertThat(api.post("/api/v1/conversations", auditor, Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/analytics/feedback", member).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/conversations?userId=tess", member).status()).isEqualTo(403);
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/routing", member, Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tenants/" + tenantId + "/routing", member).status()).isEqualTo(403);

        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String other = api.createTenant(root, uniqueTenantId("chat-other"), "FREE", "oscar");
        assertThat(api.put("/api/v1/tenants/" + other + "/routing", admin, Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/" + other + "/routing", admin).status()).isEqualTo(404);
    }

    @Test
    void routingRulesNameTheFieldThatIsWrong() {
        String path = "/api/v1/tenants/" + tenantId + "/routing";
        Map<String, String> route = Map.of("provider", "openai", "model", "gpt-4o-mini");
        JsonNode unknown = invalid(api.put(path, admin, Map.of("routes", Map.of("poetry", route))), "routes.poetry");
        assertThat(unknown.at("/errors/routes.poetry").asText()).contains("long_context");
        invalid(api.put(path, admin, Map.of("routes", Map.of("image", route))), "routes.image");
        invalid(api.put(path, admin, Map.of("routes", Map.of("GENERAL", route))), "routes.GENERAL");
        invalid(api.put(path, admin, Map.of("routes", Map.of("code", Map.of("provider", "skynet")))),
                "routes[code].provider");
        invalid(api.put(path, admin, Map.of("router", Map.of("provider", "openai", "model", "gpt 4"))),
                "router.model");
        invalid(api.put(path, admin, Map.of("blockedTopics", List.of(" "))), "blockedTopics[0]");
        invalid(raw("PUT", path, admin, "{\"answerReuse\":\"yes\"}"), "answerReuse");
        JsonNode control = invalid(raw("PUT", path, admin, "{\"routes\":{\"co\\u0000de\":{\"provider\":\"local\"}}}"),
                "routes");
        assertThat(control.get("detail").asText()).doesNotContain("\u0000");
    }
}
