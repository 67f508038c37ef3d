package io.assistantcore.api.security;

import io.assistantcore.messages.common.Role;

import java.util.Set;

/**
 * The authenticated user of a request: the token's subject and tenant, and the effective roles (the token's own
 * roles plus those the tenant's member list grants). A deactivated tenant grants nothing but PLATFORM_ADMIN.
 */
public record Caller(String userId, String tenantId, Set<Role> roles, boolean tenantDeactivated) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isPlatformAdmin() {
        return has(Role.PLATFORM_ADMIN);
    }
}
