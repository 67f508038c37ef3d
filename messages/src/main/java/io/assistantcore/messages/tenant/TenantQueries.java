package io.assistantcore.messages.tenant;

import io.assistantcore.messages.common.Role;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Queries about tenants and their answers. */
public final class TenantQueries {

    private TenantQueries() {
    }

    /** Answers a {@link TenantView}, or nothing when the tenant does not exist. */
    public record TenantQuery(String tenantId) {
    }

    /**
     * The aggregate version the tenant read model shows (-1 when it has no such tenant yet), for waits until a write
     * is visible. Answers a {@code Long}.
     */
    public record TenantVersionQuery(String tenantId) {
    }

    /**
     * The tenant's chat routing rules now. Answers {@link RoutingRules}: {@link RoutingRules#DEFAULT} when the tenant
     * never set any (or the read model does not know the tenant; whether it exists is {@link MemberAccessQuery}'s
     * answer).
     */
    public record RoutingRulesQuery(String tenantId) {
    }

    /** The roles a user holds inside a tenant (empty when not a member) and whether the tenant is active. */
    public record MemberAccessQuery(String tenantId, String userId) {
    }

    public record MemberAccess(boolean tenantExists, boolean tenantActive, Set<Role> roles) {
    }

    public record MemberView(String userId, Set<Role> roles) {
    }

    public record TenantView(String tenantId, String name, Plan plan, TenantStatus status, Quotas quotas,
                             AiPolicy aiPolicy, List<MemberView> members, long version, Instant createdAt,
                             Instant updatedAt) {
    }
}
