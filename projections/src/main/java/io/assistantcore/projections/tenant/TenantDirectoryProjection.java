package io.assistantcore.projections.tenant;

import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.TenantEvents.MemberRemoved;
import io.assistantcore.messages.tenant.TenantEvents.MemberRolesSet;
import io.assistantcore.messages.tenant.TenantEvents.RoutingRulesSet;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import io.assistantcore.messages.tenant.TenantEvents.TenantDeactivated;
import io.assistantcore.messages.tenant.TenantEvents.TenantQuotasSet;
import io.assistantcore.messages.tenant.TenantStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps {@code tenant_view} and {@code tenant_member_view} in step with the Tenant events. Runs in a pooled streaming
 * processor whose token lives in the same database, so each event changes the tables exactly once.
 */
@Component
@ProcessingGroup(TenantDirectoryProjection.PROCESSING_GROUP)
public class TenantDirectoryProjection {

    public static final String PROCESSING_GROUP = "tenant-directory";

    private final JdbcTemplate jdbc;
    private final PolicyJson policyJson;
    private final RoutingRulesJson routingRulesJson;

    public TenantDirectoryProjection(JdbcTemplate jdbc, PolicyJson policyJson, RoutingRulesJson routingRulesJson) {
        this.jdbc = jdbc;
        this.policyJson = policyJson;
        this.routingRulesJson = routingRulesJson;
    }

    @EventHandler
    public void on(TenantCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        Quotas quotas = event.quotas();
        jdbc.update("""
                INSERT INTO tenant_view (tenant_id, name, plan, status, budget_amount, budget_currency,
                    requests_per_minute_per_user, tokens_per_minute_per_tenant, ai_policy, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)
                ON CONFLICT (tenant_id) DO NOTHING""",
                event.tenantId(), event.name(), event.plan().name(), TenantStatus.ACTIVE.name(),
                quotas.monthlyBudget().amount(), quotas.monthlyBudget().currency(), quotas.requestsPerMinutePerUser(),
                quotas.tokensPerMinutePerTenant(), policyJson.write(event.policy()), version, utc(at), utc(at));
    }

    @EventHandler
    public void on(TenantQuotasSet event, @SequenceNumber long version, @Timestamp Instant at) {
        Quotas quotas = event.quotas();
        jdbc.update("""
                UPDATE tenant_view SET budget_amount = ?, budget_currency = ?, requests_per_minute_per_user = ?,
                    tokens_per_minute_per_tenant = ?, version = ?, updated_at = ?
                WHERE tenant_id = ?""",
                quotas.monthlyBudget().amount(), quotas.monthlyBudget().currency(), quotas.requestsPerMinutePerUser(),
                quotas.tokensPerMinutePerTenant(), version, utc(at), event.tenantId());
    }

    @EventHandler
    public void on(TenantAiPolicySet event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("UPDATE tenant_view SET ai_policy = CAST(? AS jsonb), version = ?, updated_at = ? WHERE tenant_id = ?",
                policyJson.write(event.policy()), version, utc(at), event.tenantId());
    }

    @EventHandler
    public void on(MemberRolesSet event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO tenant_member_view (tenant_id, user_id, roles, granted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, user_id) DO UPDATE SET roles = excluded.roles, granted_at = excluded.granted_at""",
                event.tenantId(), event.userId(), RoleColumn.write(event.roles()), utc(at));
        touch(event.tenantId(), version, at);
    }

    @EventHandler
    public void on(MemberRemoved event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("DELETE FROM tenant_member_view WHERE tenant_id = ? AND user_id = ?",
                event.tenantId(), event.userId());
        touch(event.tenantId(), version, at);
    }

    /** The rules as now in force, all of them. */
    @EventHandler
    public void on(RoutingRulesSet event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("UPDATE tenant_view SET routing_rules = CAST(? AS jsonb), version = ?, updated_at = ? "
                + "WHERE tenant_id = ?", routingRulesJson.write(event.rules()), version, utc(at), event.tenantId());
    }

    @EventHandler
    public void on(TenantDeactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        jdbc.update("UPDATE tenant_view SET status = ?, version = ?, updated_at = ? WHERE tenant_id = ?",
                TenantStatus.DEACTIVATED.name(), version, utc(at), event.tenantId());
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM tenant_member_view");
        jdbc.update("DELETE FROM tenant_view");
    }

    private void touch(String tenantId, long version, Instant at) {
        jdbc.update("UPDATE tenant_view SET version = ?, updated_at = ? WHERE tenant_id = ?", version, utc(at), tenantId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
