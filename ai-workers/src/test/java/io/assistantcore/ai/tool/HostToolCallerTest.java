package io.assistantcore.ai.tool;

import io.assistantcore.ai.tool.fake.HostApplicationServer;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.platform.outbound.OutboundHttp;
import io.assistantcore.platform.outbound.OutboundTargetPolicy;
import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.toolsecret.ToolSecrets;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls to a tenant's tool against a local host application, through the platform's outbound client and the
 * tenant's tool secret on real PostgreSQL.
 */
class HostToolCallerTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"projectId\":{\"type\":\"string\"},"
            + "\"level\":{\"type\":\"string\"}},\"required\":[\"projectId\"]}";
    private static DataSource dataSource;
    private HostApplicationServer host;
    private ToolSecrets secrets;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/toolsecret",
                "classpath:db/migration/privacy");
    }

    @BeforeEach
    void setUp() throws Exception {
        secrets = new ToolSecrets(dataSource, new DataKeyStore(dataSource, null, Duration.ZERO, Clock.systemUTC()),
                Clock.systemUTC());
        host = new HostApplicationServer().verifyingWith(() -> secrets.secretFor("acme"));
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    private HostToolCaller caller(boolean allowPrivateTargets) {
        return new HostToolCaller(new OutboundHttp(new OutboundTargetPolicy(allowPrivateTargets),
                Duration.ofSeconds(2), 64 * 1024), secrets, Clock.systemUTC());
    }

    private ToolDefinition tool(String method, int timeoutSeconds) {
        return new ToolDefinition("create_track", "Create a track", SCHEMA,
                new ToolEndpoint(method, host.url("/projects/{projectId}/tracks")), Set.of(), ApprovalMode.NONE,
                timeoutSeconds, false);
    }

    @Test
    void aCallIsSignedWithTheTenantsSecretAndCarriesTheCallIdAsIdempotencyKey() {
        ToolOutcome outcome = caller(true).call("acme", "call-1", tool("POST", 5),
                "{\"projectId\":\"data science\",\"level\":\"beginner\"}");

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.httpStatus()).isEqualTo(201);
        assertThat(outcome.text()).contains("trackId");
        assertThat(host.calls()).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.pathAndQuery()).isEqualTo("/projects/data%20science/tracks");
            assertThat(call.body()).isEqualTo("{\"level\":\"beginner\"}");
            assertThat(call.idempotencyKey()).isEqualTo("call-1");
            assertThat(call.signed()).isTrue();
        });
    }

    @Test
    void aGetSendsTheOtherArgumentsInTheQuery() {
        ToolOutcome outcome = caller(true).call("acme", "call-2", tool("GET", 5),
                "{\"projectId\":\"p1\",\"level\":\"a&b\"}");

        assertThat(outcome.succeeded()).isTrue();
        assertThat(host.calls()).singleElement().satisfies(call -> {
            assertThat(call.pathAndQuery()).isEqualTo("/projects/p1/tracks?level=a%26b");
            assertThat(call.signed()).isTrue();
        });
    }

    @Test
    void aPrivateTargetIsRefusedWithoutAnyCallUnlessAllowed() {
        ToolOutcome outcome = caller(false).call("acme", "call-3", tool("POST", 5), "{\"projectId\":\"p1\"}");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.text()).isEqualTo("The tool's address was refused (the host resolves to a private, "
                + "loopback or link-local address, which the platform does not call "
                + "(assistant.outbound.allow-private-targets)); it was not called");
        assertThat(host.calls()).isEmpty();
    }

    @Test
    void aHostNameThatDoesNotResolveIsRefusedAsUnresolvableNotAsPrivate() {
        // .invalid never resolves (RFC 6761)
        ToolDefinition unknownHost = new ToolDefinition("create_track", "Create a track", SCHEMA,
                new ToolEndpoint("POST", "https://helpdesk.example.invalid/projects/{projectId}/tracks"), Set.of(),
                ApprovalMode.NONE, 5, false);

        ToolOutcome outcome = caller(false).call("acme", "call-5", unknownHost, "{\"projectId\":\"p1\"}");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.httpStatus()).isNull();
        assertThat(outcome.text()).isEqualTo(
                "The tool's address was refused (the host name cannot be resolved); it was not called");
        assertThat(host.calls()).isEmpty();
    }

    @Test
    void aSlowHostHitsTheToolsTimeout() {
        host.holdAnswers();
        ToolOutcome outcome = caller(true).call("acme", "call-4", tool("POST", 1), "{\"projectId\":\"p1\"}");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.httpStatus()).isNull();
        assertThat(outcome.text()).isEqualTo("The host application did not answer within 1 second");
        assertThat(host.calls()).hasSize(1);
    }
}
