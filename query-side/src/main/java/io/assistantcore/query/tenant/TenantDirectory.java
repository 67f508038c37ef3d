package io.assistantcore.query.tenant;

import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantQueries.MemberView;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.messages.tenant.TenantStatus;
import io.assistantcore.projections.tenant.PolicyJson;
import io.assistantcore.projections.tenant.RoleColumn;
import io.assistantcore.projections.tenant.RoutingRulesJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Reads the tenant directory tables written by {@link TenantDirectoryProjection}. */
@Repository
public class TenantDirectory {

    private final JdbcTemplate jdbc;
    private final PolicyJson policyJson;
    private final RoutingRulesJson routingRulesJson;

    public TenantDirectory(JdbcTemplate jdbc, PolicyJson policyJson, RoutingRulesJson routingRulesJson) {
        this.jdbc = jdbc;
        this.policyJson = policyJson;
        this.routingRulesJson = routingRulesJson;
    }

    public Optional<TenantView> find(String tenantId) {
        List<MemberView> members = jdbc.query(
                "SELECT user_id, roles FROM tenant_member_view WHERE tenant_id = ? ORDER BY user_id",
                (rs, row) -> new MemberView(rs.getString("user_id"), RoleColumn.read(rs.getString("roles"))), tenantId);
        return jdbc.query("SELECT * FROM tenant_view WHERE tenant_id = ?", (rs, row) -> new TenantView(
                rs.getString("tenant_id"),
                rs.getString("name"),
                Plan.valueOf(rs.getString("plan")),
                TenantStatus.valueOf(rs.getString("status")),
                new Quotas(new Money(moneyScale(rs.getBigDecimal("budget_amount")), rs.getString("budget_currency")),
                        rs.getInt("requests_per_minute_per_user"), rs.getLong("tokens_per_minute_per_tenant")),
                policyJson.read(rs.getString("ai_policy")),
                members,
                rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant()), tenantId).stream().findFirst();
    }

    /** The tenant's routing rules; the defaults when it never set any or is not known. */
    public RoutingRules routingRules(String tenantId) {
        List<String> stored = jdbc.query("SELECT routing_rules::text FROM tenant_view WHERE tenant_id = ?",
                (rs, row) -> rs.getString(1), tenantId);
        return stored.isEmpty() ? RoutingRules.DEFAULT : routingRulesJson.read(stored.get(0));
    }

    /** The column keeps four decimals; show what was meant: 150.0000 as 150.00, 0.1234 as is. */
    private static BigDecimal moneyScale(BigDecimal stored) {
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale()));
    }

    /** The version of the tenant as far as this read model has seen it, or -1 when it has not seen the tenant. */
    public long version(String tenantId) {
        List<Long> versions = jdbc.queryForList("SELECT version FROM tenant_view WHERE tenant_id = ?", Long.class,
                tenantId);
        return versions.isEmpty() ? -1 : versions.get(0);
    }
}
