package io.assistantcore.api.support;

import io.assistantcore.testsupport.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.UUID;

/**
 * The real application on a random port against the shared test PostgreSQL. All subclasses share one application
 * context (and one database), so every test uses tenant ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiIntegrationTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        // the shared context's tests send their 401s from one address, and each expects its own to be audited
        registry.add("assistant.audit.unauthenticated-per-source", () -> "1000");
        registry.add("assistant.audit.unauthenticated-overall", () -> "1000");
    }

    protected ApiClient api() {
        return new ApiClient(port);
    }

    protected static String uniqueTenantId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
