package io.assistantcore.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.security.CallerAuthenticationConverter;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket does not keep the caller its handshake found: every subscribe resolves it again, so a revoked API
 * key, an expired token or a deactivated tenant is refused on the open connection too, and the connection is closed
 * with 1008 (policy violation).
 */
class WebSocketCallerRecheckIntegrationTest extends ApiIntegrationTest {

    private static final int POLICY_VIOLATION = 1008;

    @Autowired
    private JwtEncoder jwtEncoder;

    private ApiClient api;
    private String root;
    private String tenantId;
    private String admin;

    @BeforeEach
    void tenant() {
        api = api();
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = api.createTenant(root, uniqueTenantId("ws-recheck"), "TEAM", "tess");
        admin = api.devToken(tenantId, "tess");
    }

    @Test
    void aRevokedApiKeyCannotSubscribeOnItsOpenConnectionWhichIsClosed() throws Exception {
        Response created = api.post("/api/v1/tenants/" + tenantId + "/api-keys", admin,
                Map.of("name", "widget", "roles", List.of("MEMBER")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asText();
        String keyId = created.json().get("keyId").asText();
        String reply = reply(key);

        Connection connection = new Connection(key);
        JsonNode first = connection.subscribe(reply);
        assertThat(first.get("type").asText()).as(first.toString()).isNotEqualTo("error");

        Response revoked = api.delete("/api/v1/tenants/" + tenantId + "/api-keys/" + keyId, admin);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);

        JsonNode refused = connection.refusal(reply);
        assertThat(refused.get("type").asText()).as(refused.toString()).isEqualTo("error");
        assertThat(refused.get("status").asInt()).isEqualTo(401);
        assertThat(refused.get("id").asText()).isEqualTo(reply);
        assertThat(connection.closeStatus()).isEqualTo(POLICY_VIOLATION);
    }

    @Test
    void aConnectionWhoseTokenHasExpiredIsClosed() throws Exception {
        String alice = api.devToken(tenantId, "alice", "MEMBER");
        String reply = reply(alice);
        // past its expiry, yet within the 60 s of clock skew the handshake (like any request) still accepts
        Instant now = Instant.now();
        String expired = jwt("alice", now.minusSeconds(120), now.minusSeconds(5));

        Connection connection = new Connection(expired);
        assertThat(connection.closeStatus()).isEqualTo(POLICY_VIOLATION);
        assertThat(connection.reason.getNow("")).contains("expired");
        assertThat(connection.messages).allSatisfy(message ->
                assertThat(message.get("type").asText()).as(message.toString()).isEqualTo("error"));

        // the same user with a token still valid subscribes to the same reply
        Connection valid = new Connection(jwt("alice", now, now.plusSeconds(600)));
        JsonNode first = valid.subscribe(reply);
        assertThat(first.get("type").asText()).as(first.toString()).isNotEqualTo("error");
        valid.socket.abort();
    }

    @Test
    void aMemberOfATenantDeactivatedSinceTheHandshakeIsRefusedAndClosed() throws Exception {
        String alice = api.devToken(tenantId, "alice", "MEMBER");
        String reply = reply(alice);

        Connection connection = new Connection(alice);
        JsonNode first = connection.subscribe(reply);
        assertThat(first.get("type").asText()).as(first.toString()).isNotEqualTo("error");

        Response off = api.post("/api/v1/tenants/" + tenantId + "/deactivate", root, Map.of("reason", "test"));
        assertThat(off.status()).as(off.body()).isEqualTo(200);

        JsonNode refused = connection.refusal(reply);
        assertThat(refused.get("type").asText()).as(refused.toString()).isEqualTo("error");
        assertThat(refused.get("status").asInt()).isEqualTo(403);
        assertThat(connection.closeStatus()).isEqualTo(POLICY_VIOLATION);
    }

    /** A reply of the caller's own conversation. */
    private String reply(String token) {
        Response conversation = api.post("/api/v1/conversations", token, Map.of("title", "Rollout", "knowledge", "none"));
        assertThat(conversation.status()).as(conversation.body()).isEqualTo(201);
        Response posted = api.post("/api/v1/conversations/" + conversation.json().get("conversationId").asText()
                + "/messages", token, Map.of("text", "Which office goes live first?"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        return posted.json().get("replyId").asText();
    }

    /** A token for {@code userId} as MEMBER of the tenant, signed with the platform's own key. */
    private String jwt(String userId, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer("assistant-core-dev")
                .subject(userId)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim(CallerAuthenticationConverter.ROLES_CLAIM, List.of("MEMBER"))
                .claim(CallerAuthenticationConverter.TENANT_CLAIM, tenantId)
                .build();
        return jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    /** An open connection, its messages and how the server closed it. */
    private final class Connection {

        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final CompletableFuture<String> reason = new CompletableFuture<>();
        final WebSocket socket;

        Connection(String token) throws Exception {
            socket = WebSocketClient.open(port, token, messages::add, (code, why) -> {
                reason.complete(why);
                status.complete(code);
            });
        }

        /** The first message a subscription to {@code reply} answers. */
        JsonNode subscribe(String reply) throws Exception {
            socket.sendText("{\"type\":\"subscribe\",\"stream\":\"reply\",\"id\":\"" + reply + "\"}", true).join();
            // the reply's first event; the offline engine may still be loading when the test runs alone
            JsonNode first = messages.poll(180, TimeUnit.SECONDS);
            assertThat(first).as("an answer to the subscription").isNotNull();
            assertThat(first.get("stream").asText()).isEqualTo("reply");
            return first;
        }

        /** The error a subscription to {@code reply} answers (events of earlier subscriptions may come before it). */
        JsonNode refusal(String reply) throws Exception {
            socket.sendText("{\"type\":\"subscribe\",\"stream\":\"reply\",\"id\":\"" + reply + "\"}", true).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                JsonNode message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (message != null && "error".equals(message.path("type").asText())) {
                    return message;
                }
            }
            throw new AssertionError("the subscription was not refused: " + messages);
        }

        int closeStatus() throws Exception {
            return status.get(20, TimeUnit.SECONDS);
        }
    }
}
