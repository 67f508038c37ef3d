package io.assistantcore.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.tool.ToolRequests.ImportResult;
import io.assistantcore.api.tool.ToolRequests.ToolRequest;
import io.assistantcore.api.tool.ToolRequests.ToolView;
import io.assistantcore.api.tool.ToolRequests.ToolsView;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.BuiltInTools;
import io.assistantcore.messages.tool.ToolCommands;
import io.assistantcore.messages.tool.ToolCommands.RegisterTool;
import io.assistantcore.messages.tool.ToolCommands.RegisterTools;
import io.assistantcore.messages.tool.ToolCommands.RemoveTool;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.messages.tool.ToolSchemas;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.assistantcore.platform.outbound.OutboundTargetPolicy;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A tenant's tools: registered one by one or imported from an OpenAPI 3 document, listed with the built-in ones. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/tools")
@Tag(name = "Tools")
public class ToolController {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final CommandGateway commands;
    private final TenantAccess access;
    private final ToolReadModel tools;
    private final OutboundTargetPolicy targets;

    ToolController(CommandGateway commands, TenantAccess access, ToolReadModel tools, OutboundTargetPolicy targets) {
        this.commands = commands;
        this.access = access;
        this.tools = tools;
        this.targets = targets;
    }

    @GetMapping
    @Operation(summary = "The built-in tools (generate_image, search_knowledge) and the tenant's tools (members)")
    public ToolsView list(@PathVariable String tenantId) {
        access.require(tenantId, Role.MEMBER, Role.TENANT_ADMIN, Role.AUDITOR);
        List<ToolView> views = new ArrayList<>();
        BuiltInTools.ALL.forEach(tool -> views.add(view(tool)));
        tools.tools(tenantId).forEach(tool -> views.add(view(tool)));
        return new ToolsView(views);
    }

    @PutMapping("/{name}")
    @Operation(summary = "Register or replace a tool: description, parameters (JSON Schema), endpoint {method, url}, "
            + "requiredRoles, approval NONE|REQUESTER|ADMIN, timeoutSeconds (TENANT_ADMIN)")
    public ToolView put(@PathVariable String tenantId, @PathVariable String name,
                        @Valid @RequestBody ToolRequest request) {
        access.require(tenantId, Role.TENANT_ADMIN);
        if (!NAME.matcher(name).matches()) {
            throw ApiException.invalidParameter("name", "tool names are lower-case words of letters, digits, '_' and "
                    + "'-', starting with a letter (at most 64 characters)");
        }
        if (!request.parameters().isObject()) {
            throw ApiException.invalidParameter("parameters", "must be a JSON Schema object");
        }
        targets.neverCallable(request.endpoint().url()).ifPresent(reason -> {
            throw ApiException.invalidParameter("endpoint.url", "url cannot be called: " + reason);
        });
        ToolDefinition tool = new ToolDefinition(name, request.description().strip(),
                ToolSchemas.write(request.parameters()),
                new ToolEndpoint(request.endpoint().method(), request.endpoint().url()), request.requiredRoles(),
                request.approval() == null ? ApprovalMode.ADMIN : request.approval(),
                request.timeoutSeconds() == null ? 30 : request.timeoutSeconds(), false);
        await(tenantId, commands.sendAndWait(new RegisterTool(ToolCommands.registryId(tenantId), tenantId, tool)));
        return view(tool);
    }

    @PostMapping("/import")
    @Operation(summary = "Make tools from an OpenAPI 3 document (JSON): one per operation; operations that change "
            + "data need an administrator's approval (TENANT_ADMIN)")
    public ImportResult importDocument(@PathVariable String tenantId, @RequestBody JsonNode document,
                                       @RequestParam(required = false) String baseUrl) {
        access.require(tenantId, Role.TENANT_ADMIN);
        OpenApiToolImport.Result result;
        try {
            result = OpenApiToolImport.tools(document, baseUrl);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The OpenAPI document cannot be imported: " + e.getMessage());
        }
        for (ToolDefinition tool : result.tools()) {
            targets.neverCallable(tool.endpoint().url()).ifPresent(reason -> {
                throw ApiException.badRequest("The OpenAPI document cannot be imported: the URL of tool '"
                        + tool.name() + "' cannot be called: " + reason);
            });
        }
        await(tenantId, commands.sendAndWait(new RegisterTools(ToolCommands.registryId(tenantId), tenantId,
                result.tools())));
        return new ImportResult(result.tools().stream().map(ToolController::view).toList(),
                result.notes().stream().limit(100).toList());
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Remove a tool (TENANT_ADMIN)")
    public ResponseEntity<Void> delete(@PathVariable String tenantId, @PathVariable String name) {
        access.require(tenantId, Role.TENANT_ADMIN);
        if (tools.tools(tenantId).stream().noneMatch(tool -> tool.name().equals(name))) {
            throw ApiException.notFound("Tool '" + (NAME.matcher(name).matches() ? name : "?") + "' does not exist");
        }
        await(tenantId, commands.sendAndWait(new RemoveTool(ToolCommands.registryId(tenantId), tenantId, name)));
        return ResponseEntity.noContent().build();
    }

    private void await(String tenantId, Object version) {
        if (version instanceof Number number && number.longValue() >= 0) {
            tools.awaitRegistryVersion(tenantId, number.longValue());
        }
    }

    static ToolView view(ToolDefinition tool) {
        return ToolRequests.view(tool, ToolSchemas.parse(tool.parameters()));
    }
}
