package io.assistantcore.projections.apikey;

import io.assistantcore.messages.apikey.ApiKeyEvents.ApiKeyCreated;
import io.assistantcore.messages.apikey.ApiKeyEvents.ApiKeyRevoked;
import io.assistantcore.projections.tenant.RoleColumn;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps {@code api_key_view} in step with the ApiKey events. A replay keeps the rows instead of emptying the table
 * first (no reset handler): otherwise a revoked key would be accepted again between its creation and its revocation
 * being replayed. Both handlers are idempotent, so replaying over the rows changes nothing.
 */
@Component
@ProcessingGroup(ApiKeyProjection.PROCESSING_GROUP)
public class ApiKeyProjection {

    public static final String PROCESSING_GROUP = "api-keys";

    private final JdbcTemplate jdbc;

    public ApiKeyProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(ApiKeyCreated event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO api_key_view (key_id, tenant_id, name, roles, key_hash, hint, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING""",
                event.keyId(), event.tenantId(), event.name(), RoleColumn.write(event.roles()), event.keyHash(),
                event.hint(), event.createdBy(), utc(at));
    }

    @EventHandler
    public void on(ApiKeyRevoked event, @Timestamp Instant at) {
        jdbc.update("UPDATE api_key_view SET revoked_at = ?, revoked_by = ? WHERE key_id = ? AND revoked_at IS NULL",
                utc(at), event.revokedBy(), event.keyId());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
