package io.assistantcore.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees which conversation, on the running application: another tenant's conversation or reply — and, for a
 * member, another member's — is 404 on every endpoint, the SSE stream and the WebSocket included; tenant admins and
 * auditors read every conversation of their tenant but only its owner changes it.
 */
class ChatAccessIntegrationTest extends ApiIntegrationTest {

    private ApiClient api;
    private String alice;
    private String bob;
    private String admin;
    private String auditor;
    private String mallory;
    private String conversationId;
    private String replyId;

    @BeforeEach
    void aliceHasAConversation() {
        api = api();
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = api.createTenant(root, uniqueTenantId("chat-access"), "TEAM", "tess");
        admin = api.devToken(tenantId, "tess");
        alice = api.devToken(tenantId, "alice", "MEMBER");
        bob = api.devToken(tenantId, "bob", "MEMBER");
        auditor = api.devToken(tenantId, "audra", "AUDITOR");
        String other = api.createTenant(root, uniqueTenantId("chat-rival"), "TEAM", "mallory");
        mallory = api.devToken(other, "mallory");

        Response created = api.post("/api/v1/conversations", alice, Map.of("title", "Rollout", "knowledge", "none"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        conversationId = created.json().get("conversationId").asText();
        Response posted = api.post("/api/v1/conversations/" + conversationId + "/messages", alice,
                Map.of("text", "Which office goes live first?"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        replyId = posted.json().get("replyId").asText();
    }

    @Test
    void anotherTenantsOrAnotherMembersConversationDoesNotExistForThem() throws Exception {
        for (String stranger : List.of(mallory, bob)) {
            String conversation = "/api/v1/conversations/" + conversationId;
            String reply = "/api/v1/replies/" + replyId;
            assertNotFound(api.get(conversation, stranger));
            assertNotFound(api.get(conversation + "/messages", stranger));
            assertNotFound(api.post(conversation + "/messages", stranger, Map.of("text", "mine now")));
            assertNotFound(api.delete(conversation + "/messages", stranger));
            assertNotFound(api.get(reply, stranger));
            assertNotFound(api.post(reply + "/cancel", stranger, null));
            assertNotFound(api.post(reply + "/regenerate", stranger, null));
            assertNotFound(api.put(reply + "/feedback", stranger, Map.of("rating", "DOWN")));
            try (SseClient sse = SseClient.open(port, reply + "/stream", stranger, null)) {
                assertThat(sse.status()).isEqualTo(404);
            }
            assertThat(subscribe(stranger, replyId).get("status").asInt()).isEqualTo(404);
        }
        JsonNode bobs = api.get("/api/v1/conversations", bob).json();
        assertThat(bobs.get("conversations")).noneMatch(c -> c.get("conversationId").asText().equals(conversationId));
    }

    @Test
    void adminsAndAuditorsReadEveryConversationButOnlyItsOwnerChangesIt() throws Exception {
        for (String reader : List.of(admin, auditor)) {
            assertThat(api.get("/api/v1/conversations/" + conversationId, reader).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/replies/" + replyId, reader).status()).isEqualTo(200);
            JsonNode listed = api.get("/api/v1/conversations?userId=alice", reader).json();
            assertThat(listed.get("conversations")).anyMatch(c -> c.get("conversationId").asText()
                    .equals(conversationId));
            assertThat(subscribe(reader, replyId).get("type").asText()).isNotEqualTo("error");
        }
        assertNotFound(api.post("/api/v1/conversations/" + conversationId + "/messages", admin,
                Map.of("text", "speaking for alice")));
        assertThat(api.post("/api/v1/conversations/" + conversationId + "/messages", auditor,
                Map.of("text", "hello")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/conversations/" + conversationId, alice).json().get("title").asText())
                .isEqualTo("Rollout");
    }

    @Test
    void aBadIdempotencyKeyIsRefusedNamingTheHeader() {
        Response refused = api.send("POST", "/api/v1/conversations/" + conversationId + "/messages", alice,
                ApiClient.write(Map.of("text", "hi")), Map.of("Idempotency-Key", "two words"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("errors").has("Idempotency-Key")).isTrue();
    }

    private static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    /** The first message a WebSocket subscription to {@code replyId} answers. */
    private JsonNode subscribe(String token, String reply) throws Exception {
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket socket = WebSocketClient.open(port, token, messages::add);
        try {
            socket.sendText("{\"type\":\"subscribe\",\"stream\":\"reply\",\"id\":\"" + reply + "\"}", true).join();
            JsonNode first = messages.poll(20, TimeUnit.SECONDS);
            assertThat(first).as("an answer to the subscription").isNotNull();
            assertThat(first.get("stream").asText()).isEqualTo("reply");
            return first;
        } finally {
            socket.abort();
        }
    }
}
