package io.assistantcore.messages.tool;

import io.assistantcore.messages.common.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Commands of a tenant's tool registry ({@code ToolRegistry}, one per tenant, id {@link #registryId}) and of tool
 * calls ({@code ToolCall}, one per call).
 */
public final class ToolCommands {

    private ToolCommands() {
    }

    /** The id of a tenant's tool registry aggregate (never the tenant's own id, which the Tenant aggregate has). */
    public static String registryId(String tenantId) {
        return "tools:" + tenantId;
    }

    /** Adds a tool or replaces the tool of that name. Answers the registry's version. */
    public record RegisterTool(@TargetAggregateIdentifier String registryId, String tenantId, ToolDefinition tool) {
    }

    /** Adds or replaces several tools at once (an OpenAPI import): all of them or none. */
    public record RegisterTools(@TargetAggregateIdentifier String registryId, String tenantId,
                                List<ToolDefinition> tools) {
        public RegisterTools {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    public record RemoveTool(@TargetAggregateIdentifier String registryId, String tenantId, String name) {
    }

    /**
     * The model (or the offline engine) asks to call {@code tool} for a reply. The call's tool is the definition as
     * it stood when it was proposed; the requester's roles are checked against it at once.
     *
     * @param userId         the user the reply answers
     * @param requesterRoles that user's effective roles when the message was posted
     * @param arguments      JSON object text
     * @param expiresAt      when an unanswered approval expires
     */
    public record ProposeToolCall(@TargetAggregateIdentifier String toolCallId, String tenantId,
                                  String conversationId, String replyId, int attempt, String userId,
                                  Set<Role> requesterRoles, ToolDefinition tool, String arguments,
                                  Instant expiresAt) {
        public ProposeToolCall {
            requesterRoles = requesterRoles == null ? Set.of() : Set.copyOf(requesterRoles);
        }
    }

    /**
     * @param arguments edited arguments (JSON object text), or null to approve them as proposed
     */
    public record ApproveToolCall(@TargetAggregateIdentifier String toolCallId, String tenantId, String userId,
                                  Set<Role> roles, String arguments) {
        public ApproveToolCall {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }

    public record DenyToolCall(@TargetAggregateIdentifier String toolCallId, String tenantId, String userId,
                               Set<Role> roles, String reason) {
        public DenyToolCall {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }

    /**
     * A worker is about to make the approved call. Accepted once: the call is made only by the worker whose command
     * was accepted. {@code currentTool} is the tool's definition now (null: removed since), whose roles the
     * requester must still hold.
     */
    public record StartToolExecution(@TargetAggregateIdentifier String toolCallId, String workerNode,
                                     ToolDefinition currentTool, boolean tenantActive) {
    }

    /**
     * Expires a call still awaiting approval once its expiry has passed (the safety net beside the aggregate's own
     * deadline, for a deadline lost with a node); anything else is left as it is.
     */
    public record ExpireToolCall(@TargetAggregateIdentifier String toolCallId) {
    }

    /**
     * Ends a call that has not started and never will: its reply ended (cancelled, cleared, failed, regenerated) or no
     * longer waits for it, or it was approved but no worker started it in time. A call awaiting approval is denied by
     * the platform ({@code ToolCallDenied} with no decider), an approved one is failed; either way with
     * {@code reason} and without being called. A call that started or ended already is left as it is, so sending it
     * again changes nothing.
     */
    public record AbandonToolCall(@TargetAggregateIdentifier String toolCallId, String reason) {
    }

    /**
     * What the call answered.
     *
     * @param httpStatus the host application's status (null: no answer, e.g. a timeout)
     * @param result     the answer's text (bounded), or the reason it failed
     */
    public record RecordToolResult(@TargetAggregateIdentifier String toolCallId, boolean succeeded,
                                   Integer httpStatus, String result) {
    }
}
