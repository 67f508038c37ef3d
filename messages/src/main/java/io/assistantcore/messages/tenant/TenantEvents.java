package io.assistantcore.messages.tenant;

import io.assistantcore.messages.common.Role;
import org.axonframework.serialization.Revision;

import java.util.Set;

/** Events of the Tenant aggregate. Changing one means a new revision and an upcaster, never an edit. */
public final class TenantEvents {

    private TenantEvents() {
    }

    /** Revision 2: the policy carries the cache flags (revision 1 is upcast, see {@link AiPolicyCacheFlagsUpcaster}). */
    @Revision("2")
    public record TenantCreated(String tenantId, String name, Plan plan, Quotas quotas, AiPolicy policy) {
    }

    @Revision("1")
    public record TenantQuotasSet(String tenantId, Quotas quotas) {
    }

    /** Revision 2: the policy carries the cache flags (revision 1 is upcast, see {@link AiPolicyCacheFlagsUpcaster}). */
    @Revision("2")
    public record TenantAiPolicySet(String tenantId, AiPolicy policy) {
    }

    @Revision("1")
    public record MemberRolesSet(String tenantId, String userId, Set<Role> roles) {
        public MemberRolesSet {
            roles = Set.copyOf(roles);
        }
    }

    @Revision("1")
    public record MemberRemoved(String tenantId, String userId) {
    }

    /** The user's data key is to be destroyed: their personal texts read as forgotten from now on. */
    @Revision("1")
    public record MemberDataForgotten(String tenantId, String userId) {
    }

    @Revision("1")
    public record TenantDeactivated(String tenantId, String reason) {
    }

    /** The tenant's chat routing rules changed (all of them, as now in force). */
    @Revision("1")
    public record RoutingRulesSet(String tenantId, RoutingRules rules) {
    }
}
