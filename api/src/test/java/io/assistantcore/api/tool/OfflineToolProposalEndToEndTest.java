package io.assistantcore.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.tool.fake.HostApplicationServer;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.platform.toolsecret.ToolSecrets;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The offline engine and tools, end to end with no AI provider configured: a message that clearly asks for a tool and
 * names its arguments becomes a proposed call (approved, made once, and reported in the reply); one that lacks an
 * argument is answered with a question and calls nothing; an unrelated message is answered as usual.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OfflineToolProposalEndToEndTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static HostApplicationServer host;

    @LocalServerPort
    int port;
    @Autowired
    ToolSecrets secrets;

    private ApiClient api;
    private String admin;
    private String alice;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("assistant.outbound.allow-private-targets", () -> "true");
        host = new HostApplicationServer();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @BeforeEach
    void tenant() throws IOException {
        api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = api.createTenant(root, "offline-tools-" + UUID.randomUUID().toString().substring(0, 8),
                "TEAM", "tess");
        admin = api.devToken(tenantId, "tess");
        alice = api.devToken(tenantId, "alice", "MEMBER");
        host.verifyingWith(() -> secrets.secretFor(tenantId));
        Map<String, Object> tool = Map.of(
                "description", "Create a learning track in a project",
                "parameters", new ObjectMapper().readTree("""
                        {"type":"object","properties":{"project":{"type":"string","maxLength":100},
                         "level":{"type":"string","enum":["beginner","advanced"]}},
                         "required":["project","level"],"additionalProperties":false}"""),
                "endpoint", Map.of("method", "POST", "url", host.url("/tracks")),
                "requiredRoles", List.of(), "approval", "ADMIN", "timeoutSeconds", 10);
        Response put = api.put("/api/v1/tenants/" + tenantId + "/tools/create_track", admin, tool);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private String post(String text) {
        Response created = api.post("/api/v1/conversations", alice, Map.of("title", "Offline"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Response posted = api.post("/api/v1/conversations/" + created.json().get("conversationId").asText()
                + "/messages", alice, Map.of("text", text));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        return posted.json().get("replyId").asText();
    }

    private JsonNode awaitReply(String replyId, String status, boolean withCalls) {
        // generous: the first message of a fresh node also loads the offline router's and engine's models
        try {
            await().atMost(Duration.ofSeconds(300)).until(() -> {
                JsonNode view = api.get("/api/v1/replies/" + replyId, alice).json();
                return status.equals(view.path("status").asText())
                        && (!withCalls || !view.path("toolCalls").isEmpty());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the reply did not reach " + status + "; it is "
                    + api.get("/api/v1/replies/" + replyId, alice).body(), e);
        }
        return api.get("/api/v1/replies/" + replyId, alice).json();
    }

    @Test
    void aClearMessageProposesTheCallWithItsArgumentsAndTheReplySaysWhatItCameTo() {
        String replyId = post("Create a beginner track in the \"Data Science\" project");
        JsonNode waiting = awaitReply(replyId, "AWAITING_APPROVAL", true);
        JsonNode call = waiting.path("toolCalls").path(0);
        assertThat(call.path("tool").asText()).isEqualTo("create_track");
        assertThat(call.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
        JsonNode arguments = readTree(call.path("arguments").asText());
        assertThat(arguments.path("project").asText()).isEqualTo("Data Science");
        assertThat(arguments.path("level").asText()).isEqualTo("beginner");
        assertThat(waiting.path("provider").isNull() || "local".equals(waiting.path("provider").asText())).isTrue();
        String callId = call.path("toolCallId").asText();
        assertThat(host.callsWithKey(callId)).isZero();

        assertThat(api.post("/api/v1/tool-calls/" + callId + "/approve", admin, Map.of()).status()).isEqualTo(200);
        JsonNode done = awaitReply(replyId, "COMPLETED", false);
        assertThat(done.path("text").asText()).startsWith("Done: create_track answered: ").contains("trackId");
        assertThat(host.callsWithKey(callId)).isEqualTo(1);
        assertThat(host.calls().stream().filter(c -> callId.equals(c.idempotencyKey())).findFirst().orElseThrow()
                .body()).contains("\"project\":\"Data Science\"").contains("\"level\":\"beginner\"");
    }

    @Test
    void aMissingArgumentIsAskedForAndNothingIsCalled() {
        int before = host.calls().size();
        JsonNode reply = awaitReply(post("Create a beginner track for our new hires"), "COMPLETED", false);
        assertThat(reply.path("text").asText()).startsWith("To create track I need the project")
                .contains("in quotes");
        assertThat(reply.path("toolCalls")).isEmpty();
        assertThat(host.calls()).hasSize(before);
    }

    @Test
    void anUnrelatedMessageIsAnsweredWithoutATool() {
        JsonNode reply = awaitReply(post("Write a short poem about autumn leaves"), "COMPLETED", false);
        assertThat(reply.path("toolCalls")).isEmpty();
        assertThat(reply.path("text").asText()).doesNotStartWith("To create track").doesNotStartWith("I'll use");
    }

    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
