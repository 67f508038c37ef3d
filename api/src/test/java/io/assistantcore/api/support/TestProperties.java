package io.assistantcore.api.support;

import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.testsupport.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings every application test context needs: its own database, and development tokens with a fixed key. */
public final class TestProperties {

    private TestProperties() {
    }

    public static void database(DynamicPropertyRegistry registry, TestDatabase.Coordinates database) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        // several test contexts may be open at once on one server: each takes at most this many connections
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "10");
    }

    public static void databaseAndDevTokens(DynamicPropertyRegistry registry, TestDatabase.Coordinates database) {
        database(registry, database);
        registry.add("assistant.security.dev-tokens.enabled", () -> "true");
        registry.add("assistant.security.jwt-secret", () -> "integration-tests-signing-key-of-at-least-32-bytes");
    }

    /** OpenAI configured as the first provider, served by {@code server} speaking OpenAI's wire format. */
    public static void fakeOpenAi(DynamicPropertyRegistry registry, FakeProviderServer server, String model) {
        registry.add("OPENAI_API_KEY", () -> "sk-test");
        registry.add("OPENAI_BASE_URL", () -> new OpenAiWire().baseUrl(server.origin()));
        registry.add("OPENAI_MODEL", () -> model);
    }
}
