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
    void servesSwaggerUi() {
        ApiClient.Response ui = api().get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }
}
