package io.assistantcore.command.apikey;

import io.assistantcore.messages.apikey.ApiKeyCommands.CreateApiKey;
import io.assistantcore.messages.apikey.ApiKeyCommands.RevokeApiKey;
import io.assistantcore.messages.apikey.ApiKeyEvents.ApiKeyCreated;
import io.assistantcore.messages.apikey.ApiKeyEvents.ApiKeyRevoked;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Role;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;

class ApiKeyTest {

    private static final String HASH = "a".repeat(64);
    private static final ApiKeyCreated CREATED = new ApiKeyCreated("k1", "acme", "CRM", Set.of(Role.MEMBER), HASH,
            "ack_abcd…", "admin");

    private FixtureConfiguration<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
    }

    @Test
    void aKeyIsCreatedWithItsHashOnly() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey("k1", "acme", "  CRM ", Set.of(Role.MEMBER), HASH, "ack_abcd…", "admin"))
                .expectEvents(CREATED);
    }

    @Test
    void platformRolesBlankNamesAndMalformedHashesAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey("k1", "acme", "CRM", Set.of(Role.PLATFORM_ADMIN), HASH, "ack_…", "admin"))
                .expectException(rejected(Kind.INVALID, "roles"));
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey("k1", "acme", "CRM", Set.of(), HASH, "ack_…", "admin"))
                .expectException(rejected(Kind.INVALID, "roles"));
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey("k1", "acme", "C\u0000RM", Set.of(Role.MEMBER), HASH, "ack_…", "admin"))
                .expectException(rejected(Kind.INVALID, "name"));
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey("k1", "acme", "CRM", Set.of(Role.MEMBER), "ack_plain", "ack_…", "admin"))
                .expectException(rejected(Kind.INVALID, "keyHash"));
    }

    @Test
    void aKeyIsCreatedOnce() {
        fixture.given(CREATED)
                .when(new CreateApiKey("k1", "acme", "CRM", Set.of(Role.MEMBER), HASH, "ack_abcd…", "admin"))
                .expectException(rejected(Kind.CONFLICT, "api-key-exists"));
    }

    @Test
    void revokingTwiceRecordsOnceAndAnotherTenantCannotRevoke() {
        fixture.given(CREATED).when(new RevokeApiKey("k1", "acme", "admin"))
                .expectEvents(new ApiKeyRevoked("k1", "acme", "admin"));
        fixture.given(CREATED, new ApiKeyRevoked("k1", "acme", "admin")).when(new RevokeApiKey("k1", "acme", "bob"))
                .expectNoEvents();
        fixture.given(CREATED).when(new RevokeApiKey("k1", "globex", "mallory"))
                .expectException(rejected(Kind.NOT_FOUND, "api-key-not-found"));
    }
}
