package io.assistantcore.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.ai.tool.fake.HostApplicationServer;
import io.assistantcore.api.lead.WebhookReceiver;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.tool.ToolCommands.StartToolExecution;
import io.assistantcore.platform.outbound.StandardWebhooks;
import io.assistantcore.platform.toolsecret.ToolSecrets;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tools in conversations end to end: the real application on PostgreSQL, OpenAI served by a local server speaking
 * its tool-call wire format (through the real langchain4j client), and a local host application that counts the
 * calls it receives. The model asks for {@code create_track} whenever it is offered and has no result yet; once it is
 * given the result, it answers with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolCallEndToEndTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-tool-test";
    private static final String ASK = "Create a beginner track in the Data Science project";
    private static final String SCHEMA_JSON = "{\"type\":\"object\",\"properties\":{\"project\":{\"type\":\"string\"},"
            + "\"level\":{\"type\":\"string\",\"enum\":[\"beginner\",\"advanced\"]}},\"required\":[\"project\","
            + "\"level\"],\"additionalProperties\":false}";
    private static HostApplicationServer host;
    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ToolSecrets secrets;

    private ApiClient api;
    private String tenantId;
    private String admin;
    private String alice;
    private String mallory;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        registry.add("assistant.outbound.allow-private-targets", () -> "true");
        // long enough for every other test to decide, short enough to watch one expire
        registry.add("assistant.tools.approval-timeout", () -> "PT15S");
        OPENAI.otherwise(ToolCallEndToEndTest::answer);
        host = new HostApplicationServer();
    }

    @AfterAll
    static void stop() {
        OPENAI.close();
        host.close();
        RECEIVER.close();
    }

    @BeforeEach
    void tenant() {
        api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.50,
                "outputPerMillion", 1.50, "currency", "USD")).status()).isEqualTo(200);
        tenantId = api.createTenant(root, "tools-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "tess");
        admin = api.devToken(tenantId, "tess");
        alice = api.devToken(tenantId, "alice", "MEMBER");
        String rival = api.createTenant(root, "rival-" + UUID.randomUUID().toString().substring(0, 8), "TEAM",
                "mallory");
        mallory = api.devToken(rival, "mallory");
        String tenant = tenantId;
        host.verifyingWith(() -> secrets.secretFor(tenant));
    }

    /** OpenAI: the router's classification; a tool call while none was made; then an answer from the result. */
    private static FakeResponse answer(RecordedRequest request) {
        JsonNode body = request.json();
        String model = body.path("model").asText();
        if (body.has("response_format")) {
            return WIRE.completion(model, "{\"category\":\"general\",\"confidence\":0.9,\"reason\":\"a task\"}",
                    new Usage(60, 14));
        }
        JsonNode messages = body.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            return WIRE.stream(model, List.of("Result: ", last.path("content").asText()), new Usage(150, 20));
        }
        if (body.path("tools").size() > 0) {
            return WIRE.toolCallStream(model, "call_" + UUID.randomUUID().toString().substring(0, 6), "create_track",
                    "{\"project\":\"Data Science\",\"level\":\"beginner\"}", new Usage(120, 18));
        }
        return WIRE.stream(model, List.of("No tools here."), new Usage(50, 4));
    }

    private void register(String approval, List<String> requiredRoles, int timeoutSeconds) {
        Map<String, Object> tool = new HashMap<>();
        tool.put("description", "Create a learning track in a project");
        tool.put("parameters", readTree(SCHEMA_JSON));
        tool.put("endpoint", Map.of("method", "POST", "url", host.url("/tracks")));
        tool.put("requiredRoles", requiredRoles);
        tool.put("approval", approval);
        tool.put("timeoutSeconds", timeoutSeconds);
        Response put = api.put("/api/v1/tenants/" + tenantId + "/tools/create_track", admin, tool);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private static JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Alice asks; answers the reply once it waits for approval or has ended. */
    private JsonNode ask() {
        Response created = api.post("/api/v1/conversations", alice, Map.of("title", "Tracks"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String conversation = created.json().get("conversationId").asText();
        Response posted = api.post("/api/v1/conversations/" + conversation + "/messages", alice,
                Map.of("text", ASK));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        String replyId = posted.json().get("replyId").asText();
        // the reply's calls come from the tool read model, which may show them a moment after the reply's status
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode view = api.get("/api/v1/replies/" + replyId, alice).json();
            String status = view.path("status").asText();
            return status.equals("AWAITING_APPROVAL") && !view.path("toolCalls").isEmpty()
                    || status.equals("COMPLETED") || status.equals("FAILED") || status.equals("REFUSED");
        });
        return api.get("/api/v1/replies/" + replyId, alice).json();
    }

    private JsonNode awaitReply(String replyId, String status) {
        await().atMost(Duration.ofSeconds(120)).until(() -> status.equals(
                api.get("/api/v1/replies/" + replyId, alice).json().path("status").asText()));
        return api.get("/api/v1/replies/" + replyId, alice).json();
    }

    @Test
    void anOpenApiDocumentWithPathParametersBecomesToolsWhoseUrlsNameTheirArguments() {
        String document = """
                {"openapi": "3.0.3", "info": {"title": "Learning", "version": "1"},
                 "servers": [{"url": "https://learning.example.com/api/"}],
                 "paths": {"/projects/{projectId}/tracks": {
                   "parameters": [{"name": "projectId", "in": "path", "required": true, "schema": {"type": "string"}}],
                   "get": {"operationId": "listTracks", "summary": "List the tracks of a project"},
                   "post": {"operationId": "createTrack", "summary": "Create a track in a project",
                     "requestBody": {"content": {"application/json": {"schema": {"type": "object",
                       "properties": {"level": {"type": "string", "enum": ["beginner", "advanced"]}},
                       "required": ["level"]}}}}}}}}
                """;
        Response imported = api.send("POST", "/api/v1/tenants/" + tenantId + "/tools/import", admin, document,
                Map.of());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        Map<String, JsonNode> tools = new HashMap<>();
        imported.json().path("tools").forEach(tool -> tools.put(tool.path("name").asText(), tool));
        assertThat(tools).containsOnlyKeys("list_tracks", "create_track");
        assertThat(tools.get("create_track").at("/endpoint/url").asText())
                .isEqualTo("https://learning.example.com/api/projects/{projectId}/tracks");
        assertThat(tools.get("create_track").path("approval").asText()).isEqualTo("ADMIN");
        assertThat(tools.get("list_tracks").path("approval").asText()).isEqualTo("NONE");
        assertThat(tools.get("create_track").at("/parameters/required").toString())
                .contains("projectId").contains("level");

        // a document whose path names no parameter of its operation is refused as a whole
        Response refused = api.send("POST", "/api/v1/tenants/" + tenantId + "/tools/import", admin,
                document.replace("\"name\": \"projectId\"", "\"name\": \"project\""), Map.of());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("{projectId}");
    }

    @Test
    void anApprovedCallRunsExactlyOnceHoweverOftenItIsApprovedAndTheReplyGoesOnFromItsResult() throws Exception {
        register("ADMIN", List.of(), 10);
        String hookPath = "/hooks/" + tenantId + "/approvals";
        Response endpoint = api.put("/api/v1/tenants/" + tenantId + "/webhooks/approvals", admin, Map.of("url",
                RECEIVER.url(hookPath), "eventTypes", List.of("tool_call.awaiting_approval"), "enabled", true));
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
        String hookSecret = endpoint.json().get("secret").asText();
        JsonNode reply = ask();
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("AWAITING_APPROVAL");
        String callId = reply.path("toolCalls").path(0).path("toolCallId").asText();
        assertThat(reply.path("toolCalls").path(0).path("status").asText()).isEqualTo("AWAITING_APPROVAL");

        // the approvers' system is told, signed, with ids and who may approve, never the call's arguments
        await().atMost(Duration.ofSeconds(60)).until(() -> !RECEIVER.received(hookPath).isEmpty());
        WebhookReceiver.Received told = RECEIVER.received(hookPath).get(0);
        assertThat(StandardWebhooks.verify(hookSecret, told.header("webhook-id"), told.header("webhook-timestamp"),
                told.header("webhook-signature"), told.body(), java.time.Instant.now(), Duration.ofMinutes(5)))
                .isEqualTo(StandardWebhooks.Verification.VALID);
        JsonNode hook = readTree(new String(told.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(hook.path("type").asText()).isEqualTo("tool_call.awaiting_approval");
        assertThat(hook.at("/data/toolCallId").asText()).isEqualTo(callId);
        assertThat(hook.at("/data/tool").asText()).isEqualTo("create_track");
        assertThat(hook.at("/data/approval").asText()).isEqualTo("ADMIN");
        assertThat(hook.at("/data/expiresAt").asText()).isNotBlank();
        assertThat(hook.toString()).doesNotContain("Data Science").doesNotContain("beginner");

        JsonNode inbox = api.get("/api/v1/tool-calls?status=AWAITING_APPROVAL", admin).json();
        assertThat(inbox.path("calls")).anyMatch(call -> call.path("toolCallId").asText().equals(callId));
        assertThat(api.get("/api/v1/tool-calls?status=AWAITING_APPROVAL", mallory).json().path("calls"))
                .noneMatch(call -> call.path("toolCallId").asText().equals(callId));
        assertThat(api.post("/api/v1/tool-calls/" + callId + "/approve", mallory, Map.of()).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/tool-calls/" + callId + "/deny", mallory, Map.of("reason", "x")).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/tool-calls/" + callId + "/approve", alice, Map.of()).status()).isEqualTo(403);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> approvals = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                approvals.add(pool.submit(() -> api.post("/api/v1/tool-calls/" + callId + "/approve", admin,
                        Map.of()).status()));
            }
            for (Future<Integer> approval : approvals) {
                assertThat(approval.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode done = awaitReply(reply.path("replyId").asText(), "COMPLETED");
        assertThat(done.path("text").asText()).startsWith("Result: ").contains("trackId");
        assertThat(done.path("toolCalls").path(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(host.callsWithKey(callId)).isEqualTo(1);
        assertThat(host.calls().stream().filter(call -> callId.equals(call.idempotencyKey())))
                .allMatch(HostApplicationServer.Call::signed);
        assertThat(api.post("/api/v1/tool-calls/" + callId + "/approve", admin, Map.of()).status()).isEqualTo(200);
        assertThat(host.callsWithKey(callId)).isEqualTo(1);
    }

    @Test
    void aRestartBetweenApprovalAndExecutionAndASecondNodeStillMakeOneCall() throws Exception {
        register("ADMIN", List.of(), 10);
        JsonNode reply = ask();
        String callId = reply.path("toolCalls").path(0).path("toolCallId").asText();
        EventProcessor executor = processing.eventProcessor("tool-executor").orElseThrow();
        executor.shutDown();
        try {
            JsonNode approved = api.post("/api/v1/tool-calls/" + callId + "/approve", admin, Map.of()).json();
            assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
            assertThat(host.callsWithKey(callId)).isZero();
            // another node tries to start the same call at the same moment as this one comes back
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Callable<Boolean> start = () -> {
                try {
                    return Boolean.TRUE.equals(commands.sendAndWait(new StartToolExecution(callId, "node-b", null,
                            false)));
                } catch (CommandRejectedException refused) {
                    return false;
                }
            };
            try {
                Future<Boolean> other = pool.submit(start);
                executor.start();
                other.get();
            } finally {
                pool.shutdownNow();
            }
        } finally {
            if (!executor.isRunning()) {
                executor.start();
            }
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            String status = api.get("/api/v1/replies/" + reply.path("replyId").asText(), alice).json()
                    .path("status").asText();
            return status.equals("COMPLETED");
        });
        // whichever start won, the call was made at most once: by this node's worker, or refused for node-b
        assertThat(host.callsWithKey(callId)).isLessThanOrEqualTo(1);
        executor.shutDown();
        executor.start();
        assertThat(host.callsWithKey(callId)).isLessThanOrEqualTo(1);
    }

    @Test
    void aConversationNamesOnlyToolsThatExist() {
        register("NONE", List.of(), 10);
        for (List<String> known : List.of(List.of("create_track"), List.of("generate_image", "search_knowledge"))) {
            Response created = api.post("/api/v1/conversations", alice, Map.of("tools", known));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        Response typo = api.post("/api/v1/conversations", alice, Map.of("tools", List.of("create_track", "create_trak")));
        assertThat(typo.status()).as(typo.body()).isEqualTo(400);
        assertThat(typo.json().path("errors").path("tools").asText()).contains("'create_trak'");
        String otherTenant = api.createTenant(api.devToken(null, "root", "PLATFORM_ADMIN"),
                "tools-other-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "olga");
        Response elsewhere = api.post("/api/v1/conversations", api.devToken(otherTenant, "olga"),
                Map.of("tools", List.of("create_track")));
        assertThat(elsewhere.status()).as("another tenant's tool is no tool here: " + elsewhere.body()).isEqualTo(400);
    }

    @Test
    void aDeniedCallIsNeverMadeAndTheReplySaysWhy() {
        register("ADMIN", List.of(), 10);
        JsonNode reply = ask();
        String callId = reply.path("toolCalls").path(0).path("toolCallId").asText();
        Response denied = api.post("/api/v1/tool-calls/" + callId + "/deny", admin,
                Map.of("reason", "Tracks are planned next quarter"));
        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        assertThat(denied.json().path("status").asText()).isEqualTo("DENIED");

        JsonNode done = awaitReply(reply.path("replyId").asText(), "COMPLETED");
        assertThat(done.path("text").asText()).contains("denied").contains("Tracks are planned next quarter");
        assertThat(host.callsWithKey(callId)).isZero();
    }

    @Test
    void aCallOfACancelledReplyCanNoLongerBeApprovedAndARegeneratedReplysNewCallIsLeftToItsApprover() {
        register("ADMIN", List.of(), 10);
        JsonNode reply = ask();
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("AWAITING_APPROVAL");
        String replyId = reply.path("replyId").asText();
        String callId = reply.path("toolCalls").path(0).path("toolCallId").asText();

        Response cancelled = api.post("/api/v1/replies/" + replyId + "/cancel", alice, Map.of());
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "DENIED".equals(
                api.get("/api/v1/tool-calls/" + callId, admin).json().path("status").asText()));
        JsonNode ended = api.get("/api/v1/tool-calls/" + callId, admin).json();
        assertThat(ended.path("reason").asText()).isEqualTo("The reply ended before the call ran; it was not called");
        Response approve = api.post("/api/v1/tool-calls/" + callId + "/approve", admin, Map.of());
        assertThat(approve.status()).as(approve.body()).isEqualTo(409);
        assertThat(api.get("/api/v1/tool-calls?status=AWAITING_APPROVAL", admin).json().path("calls"))
                .noneMatch(call -> call.path("toolCallId").asText().equals(callId));

        // the regenerated reply proposes the action again: only its new call can be decided, and it is not ended
        // by the cancellation of the earlier attempt
        Response regenerated = api.post("/api/v1/replies/" + replyId + "/regenerate", alice, Map.of());
        assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).until(() -> api.get("/api/v1/replies/" + replyId, alice).json()
                .path("toolCalls").findValuesAsText("status").contains("AWAITING_APPROVAL"));
        JsonNode again = api.get("/api/v1/replies/" + replyId, alice).json();
        String newCallId = again.path("toolCalls").findValuesAsText("toolCallId").stream()
                .filter(id -> !id.equals(callId)).findFirst().orElseThrow();
        Response approveNew = api.post("/api/v1/tool-calls/" + newCallId + "/approve", admin, Map.of());
        assertThat(approveNew.status()).as(approveNew.body()).isEqualTo(200);
        JsonNode done = awaitReply(replyId, "COMPLETED");
        assertThat(done.path("text").asText()).startsWith("Result: ");
        assertThat(host.callsWithKey(newCallId)).isEqualTo(1);
        assertThat(host.callsWithKey(callId)).isZero();
        assertThat(api.post("/api/v1/tool-calls/" + callId + "/approve", admin, Map.of()).status()).isEqualTo(409);
    }

    @Test
    void aMemberAskingForAnAdminOnlyToolIsRefusedBeforeAnyCall() {
        register("NONE", List.of("TENANT_ADMIN"), 10);
        JsonNode reply = ask();
        JsonNode done = awaitReply(reply.path("replyId").asText(), "COMPLETED");
        String callId = done.path("toolCalls").path(0).path("toolCallId").asText();
        assertThat(done.path("toolCalls").path(0).path("status").asText()).as(done + " / requests: "
                + OPENAI.requests().stream().map(r -> r.json().path("tools").size() + ":"
                + r.json().path("messages").size()).toList()).isEqualTo("DENIED");
        assertThat(done.path("text").asText()).contains("needs the role TENANT_ADMIN");
        assertThat(host.callsWithKey(callId)).isZero();
    }

    @Test
    void aSlowHostHitsTheTimeoutAndTheReplyGoesOnWithTheFailure() {
        register("NONE", List.of(), 1);
        host.holdAnswers();
        try {
            JsonNode reply = ask();
            JsonNode done = awaitReply(reply.path("replyId").asText(), "COMPLETED");
            assertThat(done.path("toolCalls").path(0).path("status").asText()).isEqualTo("FAILED");
            assertThat(done.path("text").asText()).contains("did not answer within 1 second");
        } finally {
            host.release();
        }
    }

    @Test
    void anUnansweredCallExpiresWithoutAnyCallAndCannotBeApprovedAfterwards() {
        register("ADMIN", List.of(), 10);
        JsonNode reply = ask();
        String callId = reply.path("toolCalls").path(0).path("toolCallId").asText();

        JsonNode done = awaitReply(reply.path("replyId").asText(), "COMPLETED");
        assertThat(done.path("toolCalls").path(0).path("status").asText()).isEqualTo("EXPIRED");
        assertThat(done.path("text").asText()).contains("not approved in time");
        assertThat(api.post("/api/v1/tool-calls/" + callId + "/approve", admin, Map.of()).status()).isEqualTo(409);
        assertThat(host.callsWithKey(callId)).isZero();
    }
}
