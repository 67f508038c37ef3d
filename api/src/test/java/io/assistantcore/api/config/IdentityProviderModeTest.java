package io.assistantcore.api.config;

import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With an identity provider configured, the platform neither signs tokens nor offers development tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityProviderModeTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.database(registry, DATABASE);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> "http://127.0.0.1:9/jwks.json");
        // even switched on, the endpoint stays off: there is no local key to sign with
        registry.add("assistant.security.dev-tokens.enabled", () -> "true");
    }

    @Test
    void offersNoDevelopmentTokensAndNoLocalKey() {
        assertThat(context.getBeanNamesForType(JwtEncoder.class)).isEmpty();
        ApiClient.Response response = new ApiClient(port).post("/api/v1/dev/tokens", null,
                Map.of("userId", "alice", "roles", List.of("PLATFORM_ADMIN")));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void stillRequiresTokens() {
        assertThat(new ApiClient(port).get("/api/v1/tenants/acme", null).status()).isEqualTo(401);
    }
}
