package io.assistantcore.messages.tool;

import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

import io.assistantcore.messages.common.Role;

/**
 * Events of tool registries and tool calls. The arguments and results of a call are the requester's personal data
 * (they may name people, e-mail addresses, amounts): encrypted with the requester's key, forgotten with them.
 * Events that end a call name its conversation and reply, so the reply can go on without looking the call up.
 */
public final class ToolEvents {

    private ToolEvents() {
    }

    @Revision("1")
    public record ToolRegistered(String registryId, String tenantId, ToolDefinition tool) {
    }

    @Revision("1")
    public record ToolRemoved(String registryId, String tenantId, String name) {
    }

    @Revision("1")
    public record ToolCallProposed(@DataSubjectOf String toolCallId, String tenantId, String conversationId,
                                   String replyId, int attempt, @DataSubject String userId,
                                   Set<Role> requesterRoles, ToolDefinition tool, @PersonalData String arguments,
                                   Instant expiresAt) {
    }

    /**
     * The call waits for a person ({@code approval} says who) until {@code expiresAt}.
     *
     * @param approverRoles the roles that may approve (empty for {@link ApprovalMode#REQUESTER}: the requester)
     */
    @Revision("1")
    public record ToolCallAwaitingApproval(@DataSubjectOf String toolCallId, String tenantId,
                                           String conversationId, String replyId, int attempt, String userId,
                                           String tool,
                                           @PersonalData String arguments, ApprovalMode approval,
                                           Set<Role> approverRoles, Instant expiresAt) {
    }

    /**
     * @param userId     the requester
     * @param approvedBy null when the tool needs no approval
     * @param edited     the approver changed the arguments
     */
    @Revision("1")
    public record ToolCallApproved(@DataSubjectOf String toolCallId, String tenantId, String conversationId,
                                   String replyId, String userId, String tool, String approvedBy,
                                   @PersonalData String arguments, boolean edited) {
    }

    /**
     * @param deniedBy     the person who denied it, or null when the platform refused it (permission)
     * @param byPermission the requester's roles do not allow the tool
     */
    @Revision("1")
    public record ToolCallDenied(@DataSubjectOf String toolCallId, String tenantId, String conversationId,
                                 String replyId, String tool, String deniedBy, boolean byPermission,
                                 @PersonalData String reason) {
    }

    @Revision("1")
    public record ToolCallExpired(String toolCallId, String tenantId, String conversationId, String replyId,
                                  String tool) {
    }

    @Revision("1")
    public record ToolCallExecutionStarted(@DataSubjectOf String toolCallId, String tenantId, String conversationId,
                                           String replyId, ToolDefinition tool, String workerNode,
                                           @PersonalData String arguments) {
    }

    @Revision("1")
    public record ToolCallSucceeded(@DataSubjectOf String toolCallId, String tenantId, String conversationId,
                                    String replyId, String tool, Integer httpStatus, @PersonalData String result) {
    }

    @Revision("1")
    public record ToolCallFailed(@DataSubjectOf String toolCallId, String tenantId, String conversationId,
                                 String replyId, String tool, Integer httpStatus, @PersonalData String reason) {
    }
}
