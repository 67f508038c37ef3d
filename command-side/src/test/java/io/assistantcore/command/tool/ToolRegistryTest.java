package io.assistantcore.command.tool;

import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCommands;
import io.assistantcore.messages.tool.ToolCommands.RegisterTool;
import io.assistantcore.messages.tool.ToolCommands.RegisterTools;
import io.assistantcore.messages.tool.ToolCommands.RemoveTool;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.messages.tool.ToolEvents.ToolRegistered;
import io.assistantcore.messages.tool.ToolEvents.ToolRemoved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;

class ToolRegistryTest {

    static final String T = "acme";
    static final String R = ToolCommands.registryId(T);
    static final ToolDefinition TOOL = new ToolDefinition("create_track", "Create a learning track",
            ToolCallTest.SCHEMA, new ToolEndpoint("POST", "https://host.example/tracks"), Set.of(Role.MEMBER),
            ApprovalMode.ADMIN, 10, false);

    AggregateTestFixture<ToolRegistry> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ToolRegistry.class);
    }

    @Test
    void registersReplacesAndRemovesTools() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, TOOL))
                .expectEvents(new ToolRegistered(R, T, TOOL));
        fixture.given(new ToolRegistered(R, T, TOOL))
                .when(new RegisterTool(R, T, TOOL))
                .expectNoEvents();
        fixture.given(new ToolRegistered(R, T, TOOL))
                .when(new RemoveTool(R, T, "create_track"))
                .expectEvents(new ToolRemoved(R, T, "create_track"));
        fixture.given(new ToolRegistered(R, T, TOOL))
                .when(new RemoveTool(R, T, "other"))
                .expectException(rejected(Kind.NOT_FOUND, "tool-not-found"));
    }

    @Test
    void refusesBadDefinitions() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, new ToolDefinition("generate_image", "x", ToolCallTest.SCHEMA,
                        TOOL.endpoint(), Set.of(), ApprovalMode.NONE, 10, false)))
                .expectException(rejected(Kind.INVALID, "name"));
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, new ToolDefinition("x", "x",
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/x\",\"type\":\"string\"}}}",
                        TOOL.endpoint(), Set.of(), ApprovalMode.NONE, 10, false)))
                .expectException(rejected(Kind.INVALID, "parameters"));
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, new ToolDefinition("x", "x", ToolCallTest.SCHEMA,
                        new ToolEndpoint("POST", "file:///etc/passwd"), Set.of(), ApprovalMode.NONE, 10, false)))
                .expectException(rejected(Kind.INVALID, "endpoint.url"));
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, new ToolDefinition("x", "x", ToolCallTest.SCHEMA, TOOL.endpoint(),
                        Set.of(Role.PLATFORM_ADMIN), ApprovalMode.NONE, 10, false)))
                .expectException(rejected(Kind.INVALID, "requiredRoles"));
        // an argument may stand in the path, never in the host; and it must be one of the tool's parameters
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, new ToolDefinition("x", "x", ToolCallTest.SCHEMA,
                        new ToolEndpoint("POST", "https://{project}.example.com/tracks"), Set.of(),
                        ApprovalMode.NONE, 10, false)))
                .expectException(rejected(Kind.INVALID, "endpoint.url"));
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, new ToolDefinition("x", "x", ToolCallTest.SCHEMA,
                        new ToolEndpoint("POST", "https://app.example.com/projects/{team}/tracks"), Set.of(),
                        ApprovalMode.NONE, 10, false)))
                .expectException(rejected(Kind.INVALID, "endpoint.url"));
    }

    @Test
    void anEndpointMayNameArgumentsInItsPathAndQuery() {
        ToolDefinition templated = new ToolDefinition("create_track", "Create a learning track", ToolCallTest.SCHEMA,
                new ToolEndpoint("POST", "https://app.example.com/api/projects/{project}/tracks?level={level}"),
                Set.of(Role.MEMBER), ApprovalMode.ADMIN, 10, false);
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, templated))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ToolRegistered(R, T, templated));
        ToolDefinition queryOnly = new ToolDefinition("create_track", "Create a learning track", ToolCallTest.SCHEMA,
                new ToolEndpoint("GET", "https://app.example.com?project={project}"), Set.of(Role.MEMBER),
                ApprovalMode.ADMIN, 10, false);
        fixture.givenNoPriorActivity()
                .when(new RegisterTool(R, T, queryOnly))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ToolRegistered(R, T, queryOnly));
    }

    @Test
    void aRegistryBelongsToItsTenant() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTool("tools:globex", T, TOOL))
                .expectException(rejected(Kind.INVALID, "tenantId"));
    }

    @Test
    void anImportIsAllOrNothing() {
        ToolDefinition bad = new ToolDefinition("broken", "x", "{\"type\":\"string\"}", TOOL.endpoint(), Set.of(),
                ApprovalMode.NONE, 10, false);
        fixture.givenNoPriorActivity()
                .when(new RegisterTools(R, T, List.of(TOOL, bad)))
                .expectException(rejected(Kind.INVALID, "parameters"));
    }
}
