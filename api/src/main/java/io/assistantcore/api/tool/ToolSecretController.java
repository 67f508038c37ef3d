package io.assistantcore.api.tool;

import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.messages.common.Role;
import io.assistantcore.platform.toolsecret.ToolSecrets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's tool secret, which the host application verifies tool calls with (Standard Webhooks). Kept by the
 * platform (encrypted, {@link ToolSecrets}), not in events: an administrator reads it to set up the host application
 * and rotates it when it may have leaked — the new one signs every call from then on.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/tool-secret")
@Tag(name = "Tools")
public class ToolSecretController {

    private final TenantAccess access;
    private final ToolSecrets secrets;

    ToolSecretController(TenantAccess access, ToolSecrets secrets) {
        this.access = access;
        this.secrets = secrets;
    }

    record SecretView(String secret) {
    }

    @GetMapping
    @Operation(summary = "The tenant's tool secret (whsec_…), made on first use (TENANT_ADMIN)")
    public ResponseEntity<SecretView> secret(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new SecretView(secrets.secretFor(tenantId)));
    }

    @PostMapping("/rotate")
    @Operation(summary = "Replace the tenant's tool secret; calls are signed with the new one at once (TENANT_ADMIN)")
    public ResponseEntity<SecretView> rotate(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new SecretView(secrets.rotate(tenantId)));
    }
}
