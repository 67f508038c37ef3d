package io.assistantcore.api.hardening;

import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.RawHttp;
import io.assistantcore.api.support.RawHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Development tokens only for callers that address this machine as itself; operational data only for operators. */
class EdgeAccessIntegrationTest extends ApiIntegrationTest {

    private static final String MINT = "{\"userId\":\"root\",\"roles\":[\"PLATFORM_ADMIN\"]}";

    private Reply mint(String host) {
        return RawHttp.send(port, "POST /api/v1/dev/tokens HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json", MINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.nip.io"})
    void aForeignHostGetsNoDevelopmentToken(String host) {
        Reply reply = mint(host);
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContain("token\":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "[::1]"})
    void loopbackHostsGetOne(String host) {
        Reply reply = mint(host + ":" + port);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void metricsAreForPlatformAdministratorsOnly() {
        ApiClient api = api();
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = api.createTenant(admin, uniqueTenantId("ops"), "TEAM", "tess");
        String member = api.devToken(tenantId, "mia", "MEMBER");
        String tenantAdmin = api.devToken(tenantId, "tess");

        assertThat(api.get("/actuator/metrics", member).status()).isEqualTo(403);
        assertThat(api.get("/actuator/metrics/jvm.memory.used", tenantAdmin).status()).isEqualTo(403);
        assertThat(api.get("/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/metrics", admin).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/info", null).status()).isEqualTo(200);
    }
}
