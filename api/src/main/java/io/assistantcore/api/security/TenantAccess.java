package io.assistantcore.api.security;

import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Tenant scoping and role checks in the order API.md fixes: another tenant's resource is 404 (its existence is not
 * revealed), a missing role in one's own tenant is 403. Platform admins may act on every tenant.
 */
@Component
public class TenantAccess {

    /** Who may read a tenant's working data (sessions, conversations, files, leads). */
    public static final Role[] READERS = {Role.MEMBER, Role.TENANT_ADMIN, Role.AUDITOR};
    /** Who may change it. */
    public static final Role[] WRITERS = {Role.MEMBER, Role.TENANT_ADMIN};

    /**
     * The caller, in the tenant its token names, holding one of {@code roles} there. For the endpoints whose path
     * names no tenant (the tenant is the caller's own): a token that names none is 403 with {@code refusal} as the
     * detail ("Leads belong to a tenant; your token names none"); then as {@link #require}.
     */
    public Caller requireOwnTenant(String refusal, Role... roles) {
        Caller caller = currentCaller();
        if (caller.tenantId() == null || caller.tenantId().isBlank()) {
            throw ApiException.forbidden(refusal);
        }
        return require(caller.tenantId(), roles);
    }

    /**
     * Whether {@code caller} may read what the user {@code ownerId} owns in the caller's tenant (a conversation, an
     * uploaded file): the owner, and the tenant's admins and auditors.
     */
    public static boolean mayReadOwnedBy(Caller caller, String ownerId) {
        return caller.userId().equals(ownerId) || caller.has(Role.TENANT_ADMIN) || caller.has(Role.AUDITOR);
    }

    /** The caller, after checking that it may see {@code tenantId} at all and holds one of {@code roles} there. */
    public Caller require(String tenantId, Role... roles) {
        Caller caller = CurrentCaller.get().orElseThrow(() -> ApiException.forbidden("No authenticated caller"));
        if (caller.isPlatformAdmin()) {
            return caller;
        }
        if (!tenantId.equals(caller.tenantId())) {
            throw ApiException.notFound("Tenant '" + tenantId + "' does not exist");
        }
        if (caller.tenantDeactivated()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "tenant-deactivated", "Forbidden",
                    "Tenant '" + tenantId + "' is deactivated");
        }
        if (Arrays.stream(roles).noneMatch(caller::has)) {
            throw ApiException.forbidden("This needs one of the roles " + Arrays.stream(roles).map(Role::name)
                    .collect(Collectors.joining(", ")) + " in tenant '" + tenantId + "'; you have "
                    + (caller.roles().isEmpty() ? "none" : caller.roles()));
        }
        return caller;
    }

    public Caller currentCaller() {
        return CurrentCaller.get().orElseThrow(() -> ApiException.forbidden("No authenticated caller"));
    }

    /** The caller, after checking it is a platform administrator. */
    public Caller requirePlatformAdmin() {
        Caller caller = CurrentCaller.get().orElseThrow(() -> ApiException.forbidden("No authenticated caller"));
        if (!caller.isPlatformAdmin()) {
            throw ApiException.forbidden("This needs the PLATFORM_ADMIN role");
        }
        return caller;
    }
}
