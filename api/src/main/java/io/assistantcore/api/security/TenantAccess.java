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
