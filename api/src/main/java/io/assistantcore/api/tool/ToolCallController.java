package io.assistantcore.api.tool;

import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.tool.ToolRequests.ApproveRequest;
import io.assistantcore.api.tool.ToolRequests.DenyRequest;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.ApproveToolCall;
import io.assistantcore.messages.tool.ToolCommands.DenyToolCall;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import io.assistantcore.messages.tool.ToolSchemas;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/**
 * The approvals inbox and the decisions on tool calls. A call of another tenant is not found; in one's own tenant,
 * a call that needs an administrator is decided by a TENANT_ADMIN, one that needs its requester by that user (403
 * for anyone else). A repeated approve changes nothing and answers the call as it is.
 */
@RestController
@RequestMapping("/api/v1/tool-calls")
@Tag(name = "Tools")
public class ToolCallController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final CommandGateway commands;
    private final TenantAccess access;
    private final ToolReadModel calls;
    private final ReadModelCatchUp catchUp;

    ToolCallController(CommandGateway commands, TenantAccess access, ToolReadModel calls, ReadModelCatchUp catchUp) {
        this.commands = commands;
        this.access = access;
        this.calls = calls;
        this.catchUp = catchUp;
    }

    @GetMapping
    @Operation(summary = "The approvals inbox: calls the caller may decide (status=AWAITING_APPROVAL), newest first")
    public ToolCallPage inbox(@RequestParam(required = false) ToolCallStatus status,
                              @RequestParam(defaultValue = "50") int limit) {
        Caller caller = tenantMember();
        if (limit < 1 || limit > 200) {
            throw ApiException.invalidParameter("limit", "must be between 1 and 200");
        }
        return new ToolCallPage(calls.inbox(caller.tenantId(), caller.userId(), caller.roles(), status, limit));
    }

    @GetMapping("/{toolCallId}")
    @Operation(summary = "One tool call (its requester, a TENANT_ADMIN or an AUDITOR)")
    public ToolCallView get(@PathVariable String toolCallId) {
        Caller caller = tenantMember();
        ToolCallView call = find(caller, toolCallId);
        if (!caller.userId().equals(call.userId()) && !caller.has(Role.TENANT_ADMIN) && !caller.has(Role.AUDITOR)) {
            throw notFound();
        }
        return call;
    }

    @PostMapping("/{toolCallId}/approve")
    @Operation(summary = "Approve a call, optionally with edited arguments (checked against the tool's schema)")
    public ToolCallView approve(@PathVariable String toolCallId, @RequestBody(required = false) ApproveRequest body) {
        Caller caller = tenantMember();
        ToolCallView call = find(caller, toolCallId);
        requireApprover(caller, call);
        String arguments = null;
        if (body != null && body.arguments() != null && !body.arguments().isNull()) {
            if (!body.arguments().isObject()) {
                throw ApiException.invalidParameter("arguments", "must be a JSON object");
            }
            arguments = ToolSchemas.write(body.arguments());
        }
        commands.sendAndWait(new ApproveToolCall(toolCallId, caller.tenantId(), caller.userId(), caller.roles(),
                arguments));
        return calls.awaitCall(caller.tenantId(), toolCallId,
                view -> view.status() != ToolCallStatus.AWAITING_APPROVAL).orElseThrow(ToolCallController::notFound);
    }

    @PostMapping("/{toolCallId}/deny")
    @Operation(summary = "Deny a call with a reason the requester sees")
    public ToolCallView deny(@PathVariable String toolCallId, @Valid @RequestBody DenyRequest body) {
        Caller caller = tenantMember();
        ToolCallView call = find(caller, toolCallId);
        requireApprover(caller, call);
        commands.sendAndWait(new DenyToolCall(toolCallId, caller.tenantId(), caller.userId(), caller.roles(),
                body.reason()));
        return calls.awaitCall(caller.tenantId(), toolCallId,
                view -> view.status() != ToolCallStatus.AWAITING_APPROVAL).orElseThrow(ToolCallController::notFound);
    }

    private Caller tenantMember() {
        return access.requireOwnTenant("Tool calls belong to a tenant; this caller has none", TenantAccess.READERS);
    }

    /** The call in the caller's tenant (waiting briefly for one proposed just now), else 404. */
    private ToolCallView find(Caller caller, String toolCallId) {
        if (!ID.matcher(toolCallId).matches()) {
            throw notFound();
        }
        return catchUp.findCreated("tool call", AggregateTypes.TOOL_CALL, caller.tenantId(), toolCallId,
                () -> calls.call(caller.tenantId(), toolCallId)).orElseThrow(ToolCallController::notFound);
    }

    private static void requireApprover(Caller caller, ToolCallView call) {
        boolean allowed = call.approval() == ApprovalMode.REQUESTER ? caller.userId().equals(call.userId())
                : caller.has(Role.TENANT_ADMIN);
        if (!allowed) {
            throw ApiException.forbidden(call.approval() == ApprovalMode.REQUESTER
                    ? "Only the user who asked for this call can decide it"
                    : "Only a tenant administrator can decide this call");
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("No such tool call");
    }
}
