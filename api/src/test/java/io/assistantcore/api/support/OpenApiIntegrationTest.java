package io.assistantcore.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiIntegrationTest extends ApiIntegrationTest {

    @Test
    void describesTheTenantEndpointsWithBearerSecurity() {
        ApiClient.Response docs = api().get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths.has("/api/v1/tenants")).isTrue();
        assertThat(paths.has("/api/v1/tenants/{tenantId}/quotas")).isTrue();
        assertThat(paths.has("/api/v1/tenants/{tenantId}/members/{userId}")).isTrue();
        assertThat(docs.json().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void describesTheChatEndpoints() {
        JsonNode paths = api().get("/v3/api-docs", null).json().get("paths");
        for (String path : java.util.List.of("/api/v1/conversations", "/api/v1/conversations/{conversationId}",
                "/api/v1/conversations/{conversationId}/messages", "/api/v1/replies/{replyId}",
                "/api/v1/replies/{replyId}/stream", "/api/v1/replies/{replyId}/cancel",
                "/api/v1/replies/{replyId}/regenerate", "/api/v1/replies/{replyId}/feedback",
                "/api/v1/analytics/feedback", "/api/v1/tenants/{tenantId}/routing")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        JsonNode post = paths.at("/~1api~1v1~1conversations~1{conversationId}~1messages/post");
        assertThat(post.get("parameters")).anyMatch(p -> p.get("name").asText().equals("Idempotency-Key"))
                .anyMatch(p -> p.get("name").asText().equals("wait"));
    }

    @Test
    void servesSwaggerUi() {
        ApiClient.Response ui = api().get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }
}
