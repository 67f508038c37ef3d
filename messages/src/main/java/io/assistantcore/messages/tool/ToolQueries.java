package io.assistantcore.messages.tool;

import io.assistantcore.messages.common.Role;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Queries over tool registries and tool calls; each is scoped to a tenant. */
public final class ToolQueries {

    private ToolQueries() {
    }

    /** The tenant's registered tools (not the built-in ones), by name. Answers a {@link ToolList}. */
    public record ToolsQuery(String tenantId) {
    }

    /** The version of the tenant's registry the read model shows (-1: none yet). Answers a {@code Long}. */
    public record ToolRegistryVersionQuery(String tenantId) {
    }

    /** Calls awaiting approval past their expiry, across tenants, oldest first. Answers a {@link ToolCallPage}. */
    public record OverdueToolCallsQuery(Instant now, int limit) {
    }

    /**
     * Calls started before {@code startedBefore} that have no result yet (their node stopped mid-call), across
     * tenants. Answers a {@link ToolCallPage}.
     */
    public record StuckToolCallsQuery(Instant startedBefore, int limit) {
    }

    /**
     * Calls approved before {@code approvedBefore} that no worker started (the executor failed on them), across
     * tenants, oldest first. Answers a {@link ToolCallPage}.
     */
    public record UnstartedToolCallsQuery(Instant approvedBefore, int limit) {
    }

    /**
     * Replies waiting for their tool calls since before {@code quietSince} although none of their calls is still
     * open or changed since then (the node stopped before proposing them), across tenants, longest waiting first.
     * Answers a {@link WaitingReplies}.
     */
    public record RepliesWaitingForNoCallQuery(Instant quietSince, int limit) {
    }

    /** A reply waiting in its attempt {@code attempt} for tool calls. */
    public record WaitingReply(String tenantId, String conversationId, String replyId, int attempt) {
    }

    public record WaitingReplies(List<WaitingReply> replies) {
        public WaitingReplies {
            replies = List.copyOf(replies);
        }
    }

    public record ToolList(List<ToolDefinition> tools) {
        public ToolList {
            tools = List.copyOf(tools);
        }
    }

    /** Answers an {@code Optional<ToolCallView>}. */
    public record ToolCallQuery(String tenantId, String toolCallId) {
    }

    /**
     * The calls of a tenant in {@code status} (null: any) that {@code userId} holding {@code roles} may decide
     * (tenant administrators: every call awaiting an administrator; anyone: the calls awaiting their own approval),
     * newest first. Answers a {@link ToolCallPage}.
     */
    public record ToolCallInboxQuery(String tenantId, String userId, Set<Role> roles, ToolCallStatus status,
                                     int limit) {
    }

    /** The calls of one reply, oldest first. Answers a {@link ToolCallPage}. */
    public record ReplyToolCallsQuery(String tenantId, String replyId) {
    }

    public record ToolCallPage(List<ToolCallView> calls) {
        public ToolCallPage {
            calls = List.copyOf(calls);
        }
    }

    public record ToolCallView(String toolCallId, String tenantId, String conversationId, String replyId,
                               String userId, String tool, String arguments, ToolCallStatus status,
                               ApprovalMode approval, Set<Role> approverRoles, Instant expiresAt, String decidedBy,
                               String reason, Integer httpStatus, String result, Instant createdAt,
                               Instant updatedAt) {
    }
}
