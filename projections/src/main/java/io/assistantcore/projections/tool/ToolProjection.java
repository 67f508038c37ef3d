package io.assistantcore.projections.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.tool.ToolEvents.ToolCallDenied;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExecutionStarted;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExpired;
import io.assistantcore.messages.tool.ToolEvents.ToolCallFailed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallProposed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallSucceeded;
import io.assistantcore.messages.tool.ToolEvents.ToolRegistered;
import io.assistantcore.messages.tool.ToolEvents.ToolRemoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps {@code tool_definition_view}, {@code tool_registry_view} and {@code tool_call_view} in step with the tool
 * events. Idempotent: a row changes only for an event newer than the one it shows (the aggregate's sequence number),
 * so a redelivered or replayed event changes nothing twice.
 */
@Component
@ProcessingGroup(ToolProjection.PROCESSING_GROUP)
public class ToolProjection {

    public static final String PROCESSING_GROUP = "tools";

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public ToolProjection(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    @EventHandler
    public void on(ToolRegistered event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO tool_definition_view (tenant_id, name, definition, updated_at)
                VALUES (?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (tenant_id, name) DO UPDATE SET definition = excluded.definition,
                    updated_at = excluded.updated_at""",
                event.tenantId(), event.tool().name(), json(event.tool()), utc(at));
        version(event.tenantId(), version);
    }

    @EventHandler
    public void on(ToolRemoved event, @SequenceNumber long version) {
        jdbc.update("DELETE FROM tool_definition_view WHERE tenant_id = ? AND name = ?", event.tenantId(),
                event.name());
        version(event.tenantId(), version);
    }

    @EventHandler
    public void on(ToolCallProposed event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO tool_call_view (tool_call_id, tenant_id, conversation_id, reply_id, user_id, tool,
                    arguments, status, approval, expires_at, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tool_call_id) DO NOTHING""",
                event.toolCallId(), event.tenantId(), event.conversationId(), event.replyId(), event.userId(),
                event.tool().name(), event.arguments(), ToolCallStatus.PROPOSED.name(), event.tool().approval().name(),
                utc(event.expiresAt()), version, utc(at), utc(at));
    }

    @EventHandler
    public void on(ToolCallAwaitingApproval event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE tool_call_view SET status = ?, approver_roles = ?, expires_at = ?, version = ?, updated_at = ?
                WHERE tool_call_id = ? AND version < ?""",
                ToolCallStatus.AWAITING_APPROVAL.name(), roles(event.approverRoles()), utc(event.expiresAt()),
                version, utc(at), event.toolCallId(), version);
    }

    @EventHandler
    public void on(ToolCallApproved event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE tool_call_view SET status = ?, arguments = ?, decided_by = ?, version = ?, updated_at = ?
                WHERE tool_call_id = ? AND version < ?""",
                ToolCallStatus.APPROVED.name(), event.arguments(), event.approvedBy(), version, utc(at),
                event.toolCallId(), version);
    }

    @EventHandler
    public void on(ToolCallDenied event, @SequenceNumber long version, @Timestamp Instant at) {
        end(event.toolCallId(), ToolCallStatus.DENIED, event.deniedBy(), event.reason(), null, null, version, at);
    }

    @EventHandler
    public void on(ToolCallExpired event, @SequenceNumber long version, @Timestamp Instant at) {
        end(event.toolCallId(), ToolCallStatus.EXPIRED, null, "No one approved the call in time", null, null,
                version, at);
    }

    @EventHandler
    public void on(ToolCallExecutionStarted event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("UPDATE tool_call_view SET status = ?, version = ?, updated_at = ? "
                        + "WHERE tool_call_id = ? AND version < ?",
                ToolCallStatus.EXECUTING.name(), version, utc(at), event.toolCallId(), version);
    }

    @EventHandler
    public void on(ToolCallSucceeded event, @SequenceNumber long version, @Timestamp Instant at) {
        end(event.toolCallId(), ToolCallStatus.SUCCEEDED, null, null, event.httpStatus(), event.result(), version,
                at);
    }

    @EventHandler
    public void on(ToolCallFailed event, @SequenceNumber long version, @Timestamp Instant at) {
        end(event.toolCallId(), ToolCallStatus.FAILED, null, event.reason(), event.httpStatus(), null, version, at);
    }

    @EventHandler
    public void on(MemberDataForgotten event) {
        jdbc.update("""
                UPDATE tool_call_view SET arguments = ?, result = CASE WHEN result IS NULL THEN NULL ELSE ? END,
                    reason = CASE WHEN reason IS NULL THEN NULL ELSE ? END
                WHERE tenant_id = ? AND user_id = ?""",
                PersonalData.FORGOTTEN, PersonalData.FORGOTTEN, PersonalData.FORGOTTEN, event.tenantId(),
                event.userId());
    }

    private void end(String toolCallId, ToolCallStatus status, String decidedBy, String reason, Integer httpStatus,
                     String result, long version, Instant at) {
        jdbc.update("""
                UPDATE tool_call_view SET status = ?, decided_by = COALESCE(?, decided_by), reason = ?,
                    http_status = ?, result = ?, version = ?, updated_at = ?
                WHERE tool_call_id = ? AND version < ?""",
                status.name(), decidedBy, reason, httpStatus, result, version, utc(at), toolCallId, version);
    }

    private void version(String tenantId, long version) {
        jdbc.update("""
                INSERT INTO tool_registry_view (tenant_id, version) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET version = GREATEST(tool_registry_view.version, excluded.version)""",
                tenantId, version);
    }

    private static String roles(Set<Role> roles) {
        return String.join(",", new TreeSet<>(roles.stream().map(Enum::name).toList()));
    }

    private String json(ToolDefinition tool) {
        try {
            return objectMapper.writeValueAsString(tool);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tool definition cannot be written as JSON", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
