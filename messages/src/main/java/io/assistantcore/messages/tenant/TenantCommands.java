package io.assistantcore.messages.tenant;

import io.assistantcore.messages.common.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Commands of the Tenant aggregate. */
public final class TenantCommands {

    private TenantCommands() {
    }

    /** Creates a tenant; {@code initialAdminUserId} (optional) becomes its first TENANT_ADMIN. */
    public record CreateTenant(@TargetAggregateIdentifier String tenantId, String name, Plan plan,
                               String initialAdminUserId) {
    }

    public record SetTenantQuotas(@TargetAggregateIdentifier String tenantId, Quotas quotas) {
    }

    public record SetTenantAiPolicy(@TargetAggregateIdentifier String tenantId, AiPolicy policy) {
    }

    /** Grants exactly these roles to a user of the tenant, adding the user as a member if needed. */
    public record SetMemberRoles(@TargetAggregateIdentifier String tenantId, String userId, Set<Role> roles) {
        public SetMemberRoles {
            roles = Set.copyOf(roles);
        }
    }

    public record RemoveMember(@TargetAggregateIdentifier String tenantId, String userId) {
    }

    /**
     * Forgets a user's personal data in this tenant: the user's data key is destroyed, so every text encrypted with it
     * reads as forgotten; events, counts, costs and times stay. The user need not be a member any more.
     */
    public record ForgetMemberData(@TargetAggregateIdentifier String tenantId, String userId) {
    }

    public record DeactivateTenant(@TargetAggregateIdentifier String tenantId, String reason) {
    }

    /** Replaces the tenant's chat routing rules. */
    public record SetRoutingRules(@TargetAggregateIdentifier String tenantId, RoutingRules rules) {
    }
}
