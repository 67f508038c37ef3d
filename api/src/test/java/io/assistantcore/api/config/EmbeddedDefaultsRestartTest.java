package io.assistantcore.api.config;

import io.assistantcore.api.AssistantCoreApplication;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.embeddedpg.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform as a new user runs it: no configuration at all, so embedded PostgreSQL with data under a data
 * directory and development tokens. A restart keeps tenants, and the embedded server stops with the application.
 */
class EmbeddedDefaultsRestartTest {

    @Test
    void tenantsSurviveARestartOnTheEmbeddedDatabase(@TempDir Path home) {
        String[] arguments = {
                "--server.port=0",
                "--assistant.database.embedded-data-dir=" + home.resolve("postgres"),
                "--assistant.security.jwt-secret-file=" + home.resolve("jwt-secret")};

        String token;
        try (ConfigurableApplicationContext first = start(arguments)) {
            assertThat(first.getBean(EmbeddedPostgres.class).dataDirectory()).isEqualTo(home.resolve("postgres"));
            ApiClient api = new ApiClient(port(first));
            token = api.devToken(null, "root", "PLATFORM_ADMIN");
            assertThat(api.post("/api/v1/tenants", token, Map.of("tenantId", "survivor", "name", "Survivor",
                    "plan", "FREE")).status()).isEqualTo(201);

            // a second instance on the same data directory refuses to start and leaves the first one working
            assertThatThrownBy(() -> start(arguments))
                    .hasRootCauseInstanceOf(EmbeddedPostgres.DataDirectoryInUseException.class)
                    .rootCause().hasMessageContaining(home.resolve("postgres").toString());
            assertThat(api.get("/api/v1/tenants/survivor", token).status()).isEqualTo(200);
        }
        assertThat(home.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        assertThat(Files.exists(home.resolve("jwt-secret"))).isTrue();

        try (ConfigurableApplicationContext second = start(arguments)) {
            ApiClient api = new ApiClient(port(second));
            // the signing key was kept too, so the token from before the restart is still valid
            ApiClient.Response tenant = api.get("/api/v1/tenants/survivor", token);
            assertThat(tenant.status()).as(tenant.body()).isEqualTo(200);
            assertThat(tenant.json().get("name").asText()).isEqualTo("Survivor");
        }
    }

    private static ConfigurableApplicationContext start(String[] arguments) {
        return new SpringApplicationBuilder(AssistantCoreApplication.class).run(arguments);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
