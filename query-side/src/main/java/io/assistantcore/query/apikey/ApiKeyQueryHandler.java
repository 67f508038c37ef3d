package io.assistantcore.query.apikey;

import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrant;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrantQuery;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyList;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyQuery;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyView;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeysQuery;
import io.assistantcore.messages.tenant.TenantStatus;
import io.assistantcore.projections.tenant.RoleColumn;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Optional;

/** Answers API key queries from {@code api_key_view} (and the tenant's status from {@code tenant_view}). */
@Component
public class ApiKeyQueryHandler {

    /** The most keys a list shows (a tenant rarely has more than a handful). */
    static final int MAX_LIST = 500;

    private static final RowMapper<ApiKeyView> VIEW = (rs, row) -> new ApiKeyView(rs.getString("key_id"),
            rs.getString("name"), RoleColumn.read(rs.getString("roles")), rs.getString("hint"),
            rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("revoked_at", OffsetDateTime.class) == null ? null
                    : rs.getObject("revoked_at", OffsetDateTime.class).toInstant());

    private final JdbcTemplate jdbc;

    public ApiKeyQueryHandler(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public ApiKeyList handle(ApiKeysQuery query) {
        return new ApiKeyList(jdbc.query("SELECT * FROM api_key_view WHERE tenant_id = ? "
                + "ORDER BY created_at DESC, key_id LIMIT " + MAX_LIST, VIEW, query.tenantId()));
    }

    @QueryHandler
    public Optional<ApiKeyView> handle(ApiKeyQuery query) {
        return jdbc.query("SELECT * FROM api_key_view WHERE tenant_id = ? AND key_id = ?", VIEW, query.tenantId(),
                query.keyId()).stream().findFirst();
    }

    /** One indexed read per authenticated request: the key by its hash, with its tenant's status. */
    @QueryHandler
    public Optional<ApiKeyGrant> handle(ApiKeyGrantQuery query) {
        return jdbc.query("""
                SELECT k.key_id, k.tenant_id, k.roles, k.revoked_at IS NOT NULL AS revoked, t.status
                FROM api_key_view k LEFT JOIN tenant_view t ON t.tenant_id = k.tenant_id
                WHERE k.key_hash = ?""", (rs, row) -> new ApiKeyGrant(rs.getString("key_id"),
                rs.getString("tenant_id"), RoleColumn.read(rs.getString("roles")), rs.getBoolean("revoked"),
                TenantStatus.ACTIVE.name().equals(rs.getString("status"))), query.keyHash()).stream().findFirst();
    }
}
