package io.assistantcore.query.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import io.assistantcore.messages.tool.ToolQueries.WaitingReply;
import io.assistantcore.query.rows.RowValues;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the tool tables written by {@link io.assistantcore.projections.tool.ToolProjection}. Every read is scoped to
 * a tenant inside its SQL: another tenant's tool or call is not found.
 */
@Component
public class ToolDirectory {

    static final int MAX_PAGE = 200;
    private static final String CALL_COLUMNS = "tool_call_id, tenant_id, conversation_id, reply_id, user_id, tool, "
            + "arguments, status, approval, approver_roles, expires_at, decided_by, reason, http_status, result, "
            + "created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public ToolDirectory(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    public List<ToolDefinition> tools(String tenantId) {
        return jdbc.query("SELECT definition FROM tool_definition_view WHERE tenant_id = ? ORDER BY name",
                (rs, row) -> definition(rs.getString(1)), tenantId);
    }

    public long version(String tenantId) {
        List<Long> versions = jdbc.queryForList("SELECT version FROM tool_registry_view WHERE tenant_id = ?",
                Long.class, tenantId);
        return versions.isEmpty() ? -1 : versions.get(0);
    }

    public Optional<ToolCallView> call(String tenantId, String toolCallId) {
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM tool_call_view WHERE tenant_id = ? AND tool_call_id = ?",
                CALL, tenantId, toolCallId).stream().findFirst();
    }

    /**
     * Calls a user may decide: as a tenant administrator those awaiting an administrator, and those awaiting their
     * own approval as requester; with another status (or none), the calls they could decide or asked for.
     */
    public List<ToolCallView> inbox(String tenantId, String userId, Set<Role> roles, ToolCallStatus status,
                                    int limit) {
        boolean admin = roles != null && roles.contains(Role.TENANT_ADMIN);
        String who = admin ? "(approval = 'ADMIN' OR user_id = ?)" : "user_id = ?";
        String byStatus = status == null ? "" : " AND status = ?";
        Object[] args = status == null ? new Object[]{tenantId, userId, clamp(limit)}
                : new Object[]{tenantId, userId, status.name(), clamp(limit)};
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM tool_call_view WHERE tenant_id = ? AND " + who + byStatus
                + " ORDER BY created_at DESC, tool_call_id LIMIT ?", CALL, args);
    }

    public List<ToolCallView> replyCalls(String tenantId, String replyId) {
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM tool_call_view WHERE tenant_id = ? AND reply_id = ? "
                + "ORDER BY created_at, tool_call_id LIMIT ?", CALL, tenantId, replyId, MAX_PAGE);
    }

    /** Calls awaiting approval past their expiry, across tenants (the expiry sweep's safety net). */
    public List<ToolCallView> overdue(Instant now, int limit) {
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM tool_call_view WHERE status = 'AWAITING_APPROVAL' "
                + "AND expires_at < ? ORDER BY expires_at LIMIT ?", CALL, now.atOffset(ZoneOffset.UTC), clamp(limit));
    }

    /** Calls executing since before {@code startedBefore}, across tenants. */
    public List<ToolCallView> stuck(Instant startedBefore, int limit) {
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM tool_call_view WHERE status = 'EXECUTING' "
                + "AND updated_at < ? ORDER BY updated_at LIMIT ?", CALL, startedBefore.atOffset(ZoneOffset.UTC),
                clamp(limit));
    }

    /** Calls approved (and not started) since before {@code approvedBefore}, across tenants. */
    public List<ToolCallView> unstarted(Instant approvedBefore, int limit) {
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM tool_call_view WHERE status = 'APPROVED' "
                + "AND updated_at < ? ORDER BY updated_at LIMIT ?", CALL, approvedBefore.atOffset(ZoneOffset.UTC),
                clamp(limit));
    }

    /**
     * Replies waiting for tool calls since before {@code quietSince} of which no call is open or changed since then,
     * across tenants: a reply waits only while one of its calls is open, so such a reply waits for calls that were
     * never proposed.
     */
    public List<WaitingReply> waitingForNoCall(Instant quietSince, int limit) {
        var quiet = quietSince.atOffset(ZoneOffset.UTC);
        return jdbc.query("""
                SELECT r.tenant_id, r.conversation_id, r.reply_id, r.attempt FROM chat_reply_view r
                WHERE r.status = 'AWAITING_APPROVAL' AND r.updated_at < ? AND NOT EXISTS (
                    SELECT 1 FROM tool_call_view c WHERE c.tenant_id = r.tenant_id AND c.reply_id = r.reply_id
                    AND (c.status NOT IN ('DENIED', 'EXPIRED', 'SUCCEEDED', 'FAILED') OR c.updated_at >= ?))
                ORDER BY r.updated_at, r.reply_id LIMIT ?""",
                (rs, row) -> new WaitingReply(rs.getString("tenant_id"), rs.getString("conversation_id"),
                        rs.getString("reply_id"), rs.getInt("attempt")), quiet, quiet, clamp(limit));
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, MAX_PAGE));
    }

    private ToolDefinition definition(String json) {
        try {
            return objectMapper.readValue(json, ToolDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored tool definition cannot be read", e);
        }
    }

    private static final RowMapper<ToolCallView> CALL = (rs, row) -> new ToolCallView(rs.getString("tool_call_id"),
            rs.getString("tenant_id"), rs.getString("conversation_id"), rs.getString("reply_id"),
            rs.getString("user_id"), rs.getString("tool"), rs.getString("arguments"),
            ToolCallStatus.valueOf(rs.getString("status")), ApprovalMode.valueOf(rs.getString("approval")),
            roles(rs), RowValues.instant(rs, "expires_at"), rs.getString("decided_by"), rs.getString("reason"),
            RowValues.nullableInt(rs, "http_status"), rs.getString("result"), RowValues.instant(rs, "created_at"),
            RowValues.instant(rs, "updated_at"));

    private static Set<Role> roles(ResultSet rs) throws SQLException {
        String column = rs.getString("approver_roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (column != null && !column.isBlank()) {
            Arrays.stream(column.split(",")).map(Role::valueOf).forEach(roles::add);
        }
        return roles;
    }
}
