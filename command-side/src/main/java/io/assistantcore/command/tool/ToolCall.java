package io.assistantcore.command.tool;

import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolCommands.ApproveToolCall;
import io.assistantcore.messages.tool.ToolCommands.DenyToolCall;
import io.assistantcore.messages.tool.ToolCommands.ExpireToolCall;
import io.assistantcore.messages.tool.ToolCommands.ProposeToolCall;
import io.assistantcore.messages.tool.ToolCommands.RecordToolResult;
import io.assistantcore.messages.tool.ToolCommands.StartToolExecution;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.tool.ToolEvents.ToolCallDenied;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExecutionStarted;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExpired;
import io.assistantcore.messages.tool.ToolEvents.ToolCallFailed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallProposed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallSucceeded;
import io.assistantcore.messages.tool.ToolSchemas;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One call of a tool for one reply: proposed → (permission checked) → awaiting approval → approved (optionally with
 * edited arguments) | denied | expired → executing → succeeded | failed.
 * <p>
 * <b>Exactly once.</b> The call is made only by the worker whose {@link StartToolExecution} this aggregate accepted,
 * and it accepts one: a second approve changes nothing, a second start (another node, a redelivered event, a
 * restarted node) is refused, and the outbound request carries the call's id as {@code Idempotency-Key} so the host
 * application can recognise a retry of the same call. Permissions are checked when the call is proposed (the
 * requester's roles against the tool's) and again when it starts (against the tool as it is then).
 * <p>
 * An unanswered approval expires by an Axon deadline at {@code expiresAt}.
 */
@Aggregate
public class ToolCall {

    static final String EXPIRY = "tool-call-expiry";

    @AggregateIdentifier
    private String toolCallId;
    private String tenantId;
    private String conversationId;
    private String replyId;
    private String userId;
    private Set<Role> requesterRoles = Set.of();
    private ToolDefinition tool;
    private String arguments;
    private ToolCallStatus status;
    private Instant expiresAt;

    protected ToolCall() {
        // for Axon
    }

    @CommandHandler
    public ToolCall(ProposeToolCall command, DeadlineManager deadlines) {
        ToolRules.checkId("toolCallId", command.toolCallId());
        ToolRules.checkId("conversationId", command.conversationId());
        ToolRules.checkId("replyId", command.replyId());
        if (command.tenantId() == null || command.tenantId().isBlank()) {
            throw invalid("tenantId", "a tool call belongs to a tenant");
        }
        if (command.userId() == null || command.userId().isBlank()) {
            throw invalid("userId", "a tool call is asked for by a user");
        }
        if (command.tool() == null || command.tool().name() == null) {
            throw invalid("tool", "the tool is required");
        }
        if (command.expiresAt() == null) {
            throw invalid("expiresAt", "an approval's expiry is required");
        }
        ToolDefinition proposedTool = command.tool();
        apply(new ToolCallProposed(command.toolCallId(), command.tenantId(), command.conversationId(),
                command.replyId(), command.attempt(), command.userId(), command.requesterRoles(), proposedTool,
                command.arguments(), command.expiresAt()));
        List<String> problems = ToolSchemas.argumentProblems(proposedTool.parameters(), command.arguments());
        if (!problems.isEmpty()) {
            apply(new ToolCallFailed(command.toolCallId(), command.tenantId(), command.conversationId(),
                    command.replyId(), proposedTool.name(), null,
                    "The arguments do not fit the tool: " + String.join("; ",
                            problems.subList(0, Math.min(5, problems.size())))));
            return;
        }
        if (!proposedTool.permits(command.requesterRoles())) {
            apply(new ToolCallDenied(command.toolCallId(), command.tenantId(), command.conversationId(),
                    command.replyId(), proposedTool.name(), null, true,
                    permissionReason(proposedTool)));
            return;
        }
        if (proposedTool.approval() == ApprovalMode.NONE) {
            apply(new ToolCallApproved(command.toolCallId(), command.tenantId(), command.conversationId(),
                    command.replyId(), command.userId(), proposedTool.name(), null,
                    command.arguments(), false));
            return;
        }
        Set<Role> approverRoles = proposedTool.approval() == ApprovalMode.ADMIN ? Set.of(Role.TENANT_ADMIN) : Set.of();
        apply(new ToolCallAwaitingApproval(command.toolCallId(), command.tenantId(), command.conversationId(),
                command.replyId(), command.attempt(), command.userId(),
                proposedTool.name(), command.arguments(), proposedTool.approval(), approverRoles,
                command.expiresAt()));
        deadlines.schedule(command.expiresAt(), EXPIRY);
    }

    /** A repeated approve of an approved (or executed) call changes nothing. */
    @CommandHandler
    public void handle(ApproveToolCall command) {
        requireTenant(command.tenantId());
        if (status == ToolCallStatus.APPROVED || status == ToolCallStatus.EXECUTING
                || status == ToolCallStatus.SUCCEEDED || status == ToolCallStatus.FAILED) {
            return;
        }
        if (status != ToolCallStatus.AWAITING_APPROVAL) {
            throw conflict("not-awaiting-approval", "Tool call '" + toolCallId + "' is " + status
                    + "; it can no longer be approved");
        }
        requireApprover(command.userId(), command.roles());
        String approved = arguments;
        boolean edited = false;
        if (command.arguments() != null && !command.arguments().isBlank()) {
            ToolRules.checkArguments(tool, command.arguments());
            approved = command.arguments();
            edited = !ToolSchemas.parse(approved).equals(ToolSchemas.parse(arguments));
        }
        apply(new ToolCallApproved(toolCallId, tenantId, conversationId, replyId, userId, tool.name(),
                command.userId(),
                approved, edited));
    }

    /** A repeated deny of a denied call changes nothing. */
    @CommandHandler
    public void handle(DenyToolCall command) {
        requireTenant(command.tenantId());
        if (status == ToolCallStatus.DENIED) {
            return;
        }
        if (status != ToolCallStatus.AWAITING_APPROVAL) {
            throw conflict("not-awaiting-approval", "Tool call '" + toolCallId + "' is " + status
                    + "; it can no longer be denied");
        }
        requireApprover(command.userId(), command.roles());
        ToolRules.checkText("reason", command.reason(), ToolRules.MAX_REASON, true);
        apply(new ToolCallDenied(toolCallId, tenantId, conversationId, replyId, tool.name(), command.userId(), false,
                command.reason().strip()));
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void expire() {
        if (status == ToolCallStatus.AWAITING_APPROVAL) {
            apply(new ToolCallExpired(toolCallId, tenantId, conversationId, replyId, tool.name()));
        }
    }

    @CommandHandler
    public void handle(ExpireToolCall command) {
        if (status == ToolCallStatus.AWAITING_APPROVAL && !GenericEventMessage.clock.instant().isBefore(expiresAt)) {
            apply(new ToolCallExpired(toolCallId, tenantId, conversationId, replyId, tool.name()));
        }
    }

    /**
     * A call that will not run: awaiting approval, it is denied by the platform (so an approval after this answers
     * 409); approved but not started, it fails. Started or ended, nothing changes (the command may come again, from
     * several nodes).
     */
    @CommandHandler
    public void handle(AbandonToolCall command) {
        ToolRules.checkText("reason", command.reason(), ToolRules.MAX_REASON, true);
        String reason = command.reason().strip();
        if (status == ToolCallStatus.PROPOSED || status == ToolCallStatus.AWAITING_APPROVAL) {
            apply(new ToolCallDenied(toolCallId, tenantId, conversationId, replyId, tool.name(), null, false,
                    reason));
        } else if (status == ToolCallStatus.APPROVED) {
            apply(new ToolCallFailed(toolCallId, tenantId, conversationId, replyId, tool.name(), null, reason));
        }
    }

    /**
     * The gate of exactly-once execution: accepted once, from APPROVED only. The tool as it is now must still exist
     * and the requester must still hold its roles (else the call is failed or denied, and not made).
     */
    @CommandHandler
    public boolean handle(StartToolExecution command) {
        if (status != ToolCallStatus.APPROVED) {
            throw conflict("not-approved", "Tool call '" + toolCallId + "' is " + status + "; it is started once, "
                    + "after its approval");
        }
        ToolRules.checkText("workerNode", command.workerNode(), 200, false);
        ToolDefinition current = command.currentTool();
        if (!command.tenantActive()) {
            apply(new ToolCallFailed(toolCallId, tenantId, conversationId, replyId, tool.name(), null,
                    "The organisation is deactivated; the tool was not called"));
            return false;
        }
        if (current == null) {
            apply(new ToolCallFailed(toolCallId, tenantId, conversationId, replyId, tool.name(), null,
                    "The tool '" + tool.name() + "' was removed before the call ran; it was not called"));
            return false;
        }
        if (!current.permits(requesterRoles)) {
            apply(new ToolCallDenied(toolCallId, tenantId, conversationId, replyId, tool.name(), null, true,
                    permissionReason(current)));
            return false;
        }
        apply(new ToolCallExecutionStarted(toolCallId, tenantId, conversationId, replyId, current,
                command.workerNode(), arguments));
        return true;
    }

    @CommandHandler
    public void handle(RecordToolResult command) {
        if (status != ToolCallStatus.EXECUTING) {
            throw conflict("not-executing", "Tool call '" + toolCallId + "' is " + status + "; its result is "
                    + "recorded once, after it started");
        }
        ToolRules.checkText("result", command.result(), ToolRules.MAX_RESULT, false);
        String result = command.result() == null ? "" : command.result();
        if (command.succeeded()) {
            apply(new ToolCallSucceeded(toolCallId, tenantId, conversationId, replyId, tool.name(),
                    command.httpStatus(), result));
        } else {
            apply(new ToolCallFailed(toolCallId, tenantId, conversationId, replyId, tool.name(),
                    command.httpStatus(), result.isBlank() ? "The tool call failed" : result));
        }
    }

    private void requireTenant(String callerTenant) {
        if (!tenantId.equals(callerTenant)) {
            throw notFound("tool-call-not-found", "Tool call '" + toolCallId + "' does not exist");
        }
    }

    /** REQUESTER: the requester decides; ADMIN: a tenant administrator decides. */
    private void requireApprover(String deciderId, Set<Role> deciderRoles) {
        boolean allowed = tool.approval() == ApprovalMode.REQUESTER
                ? userId.equals(deciderId)
                : deciderRoles != null && deciderRoles.contains(Role.TENANT_ADMIN);
        if (!allowed) {
            throw conflict("not-an-approver", tool.approval() == ApprovalMode.REQUESTER
                    ? "Only the user who asked for this call can decide it"
                    : "Only a tenant administrator can decide this call");
        }
    }

    private static String permissionReason(ToolDefinition tool) {
        return "The tool '" + tool.name() + "' needs the role" + (tool.requiredRoles().size() > 1 ? "s " : " ")
                + String.join(", ", new TreeSet<>(tool.requiredRoles().stream().map(Enum::name).toList()))
                + ", which the requesting user does not have; it was not called";
    }

    @EventSourcingHandler
    void on(ToolCallProposed event) {
        toolCallId = event.toolCallId();
        tenantId = event.tenantId();
        conversationId = event.conversationId();
        replyId = event.replyId();
        userId = event.userId();
        requesterRoles = event.requesterRoles() == null ? Set.of() : Set.copyOf(event.requesterRoles());
        tool = event.tool();
        arguments = event.arguments();
        expiresAt = event.expiresAt();
        status = ToolCallStatus.PROPOSED;
    }

    @EventSourcingHandler
    void on(ToolCallAwaitingApproval event) {
        status = ToolCallStatus.AWAITING_APPROVAL;
    }

    @EventSourcingHandler
    void on(ToolCallApproved event) {
        status = ToolCallStatus.APPROVED;
        arguments = event.arguments();
    }

    @EventSourcingHandler
    void on(ToolCallDenied event) {
        status = ToolCallStatus.DENIED;
    }

    @EventSourcingHandler
    void on(ToolCallExpired event) {
        status = ToolCallStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(ToolCallExecutionStarted event) {
        status = ToolCallStatus.EXECUTING;
        tool = event.tool();
    }

    @EventSourcingHandler
    void on(ToolCallSucceeded event) {
        status = ToolCallStatus.SUCCEEDED;
    }

    @EventSourcingHandler
    void on(ToolCallFailed event) {
        status = ToolCallStatus.FAILED;
    }

}
