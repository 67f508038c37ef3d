package io.assistantcore.command.tenant;

import io.assistantcore.command.AggregateCaches;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantCommands.CreateTenant;
import io.assistantcore.messages.tenant.TenantCommands.DeactivateTenant;
import io.assistantcore.messages.tenant.TenantCommands.ForgetMemberData;
import io.assistantcore.messages.tenant.TenantCommands.RemoveMember;
import io.assistantcore.messages.tenant.TenantCommands.SetMemberRoles;
import io.assistantcore.messages.tenant.TenantCommands.SetRoutingRules;
import io.assistantcore.messages.tenant.TenantCommands.SetTenantAiPolicy;
import io.assistantcore.messages.tenant.TenantCommands.SetTenantQuotas;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.messages.tenant.TenantEvents.MemberRemoved;
import io.assistantcore.messages.tenant.TenantEvents.MemberRolesSet;
import io.assistantcore.messages.tenant.TenantEvents.RoutingRulesSet;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import io.assistantcore.messages.tenant.TenantEvents.TenantDeactivated;
import io.assistantcore.messages.tenant.TenantEvents.TenantQuotasSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer organisation: plan, quotas, AI policy and members with their roles. Command handlers answer the
 * aggregate version after the command, so an API can wait until read models have caught up with it.
 */
@Aggregate(cache = AggregateCaches.TENANTS)
public class Tenant {

    @AggregateIdentifier
    private String tenantId;
    private boolean active;
    private Quotas quotas;
    private AiPolicy policy;
    private RoutingRules routingRules = RoutingRules.DEFAULT;
    private final Map<String, Set<Role>> members = new HashMap<>();

    protected Tenant() {
        // for Axon
    }

    /** Creation is idempotent-safe: a second create for the same id is refused instead of overwriting. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(CreateTenant command) {
        if (tenantId != null) {
            throw conflict("tenant-exists", "Tenant '" + tenantId + "' already exists");
        }
        TenantRules.checkTenantId(command.tenantId());
        TenantRules.checkName(command.name());
        if (command.plan() == null) {
            throw invalid("plan", "plan is required: one of FREE, TEAM, BUSINESS, ENTERPRISE");
        }
        if (command.initialAdminUserId() != null) {
            TenantRules.checkUserId("initialAdminUserId", command.initialAdminUserId());
        }
        apply(new TenantCreated(command.tenantId(), command.name().strip(), command.plan(),
                PlanDefaults.quotas(command.plan()), PlanDefaults.policy()));
        if (command.initialAdminUserId() != null) {
            apply(new MemberRolesSet(command.tenantId(), command.initialAdminUserId(), Set.of(Role.TENANT_ADMIN)));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(SetTenantQuotas command) {
        requireActive();
        TenantRules.checkQuotas(command.quotas());
        if (!command.quotas().equals(quotas)) {
            apply(new TenantQuotasSet(tenantId, command.quotas()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(SetTenantAiPolicy command) {
        requireActive();
        TenantRules.checkPolicy(command.policy());
        if (!command.policy().equals(policy)) {
            apply(new TenantAiPolicySet(tenantId, command.policy()));
        }
        return AggregateLifecycle.getVersion();
    }

    /** The rules are stored as given, with blocked topics trimmed; setting the same rules again records nothing. */
    @CommandHandler
    public long handle(SetRoutingRules command) {
        requireActive();
        RoutingRules rules = TenantRules.checkRoutingRules(command.rules());
        if (!rules.equals(routingRules)) {
            apply(new RoutingRulesSet(tenantId, rules));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(SetMemberRoles command) {
        requireActive();
        TenantRules.checkUserId("userId", command.userId());
        if (command.roles().isEmpty()) {
            throw invalid("roles", "roles must not be empty; remove the member instead");
        }
        if (command.roles().stream().anyMatch(role -> !role.grantableWithinTenant())) {
            throw invalid("roles", "PLATFORM_ADMIN is a platform role and cannot be granted within a tenant");
        }
        if (!command.roles().contains(Role.TENANT_ADMIN)) {
            requireAnotherAdminThan(command.userId(), "take TENANT_ADMIN away from");
        }
        if (!command.roles().equals(members.get(command.userId()))) {
            apply(new MemberRolesSet(tenantId, command.userId(), command.roles()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(RemoveMember command) {
        requireActive();
        if (!members.containsKey(command.userId())) {
            throw notFound("member-not-found",
                    "User '" + command.userId() + "' is not a member of tenant '" + tenantId + "'");
        }
        requireAnotherAdminThan(command.userId(), "remove");
        apply(new MemberRemoved(tenantId, command.userId()));
        return AggregateLifecycle.getVersion();
    }

    /**
     * Allowed also for a user who is no member any more, and on a deactivated tenant: forgetting must stay possible
     * after someone left. Repeating it records it again (the key is destroyed already; nothing else changes).
     */
    @CommandHandler
    public long handle(ForgetMemberData command) {
        TenantRules.checkUserId("userId", command.userId());
        apply(new MemberDataForgotten(tenantId, command.userId()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(DeactivateTenant command) {
        requireActive();
        apply(new TenantDeactivated(tenantId, command.reason() == null ? "" : command.reason().strip()));
        return AggregateLifecycle.getVersion();
    }

    private void requireActive() {
        if (!active) {
            throw conflict("tenant-deactivated", "Tenant '" + tenantId + "' is deactivated and cannot be changed");
        }
    }

    /** A tenant that has an admin must keep at least one, or nobody could administer it any more. */
    private void requireAnotherAdminThan(String userId, String verb) {
        boolean isAdmin = members.getOrDefault(userId, Set.of()).contains(Role.TENANT_ADMIN);
        boolean otherAdminExists = members.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(userId) && e.getValue().contains(Role.TENANT_ADMIN));
        if (isAdmin && !otherAdminExists) {
            throw conflict("last-admin", "Cannot " + verb + " '" + userId + "': it is the last TENANT_ADMIN of tenant '"
                    + tenantId + "'; grant TENANT_ADMIN to another member first");
        }
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        tenantId = event.tenantId();
        active = true;
        quotas = event.quotas();
        policy = event.policy();
    }

    @EventSourcingHandler
    void on(TenantQuotasSet event) {
        quotas = event.quotas();
    }

    @EventSourcingHandler
    void on(TenantAiPolicySet event) {
        policy = event.policy();
    }

    @EventSourcingHandler
    void on(RoutingRulesSet event) {
        routingRules = event.rules();
    }

    @EventSourcingHandler
    void on(MemberRolesSet event) {
        members.put(event.userId(), event.roles());
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.userId());
    }

    @EventSourcingHandler
    void on(TenantDeactivated event) {
        active = false;
    }
}
