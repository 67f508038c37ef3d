package io.assistantcore.api.tenant;

import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.tenant.TenantRequests.AiPolicyRequest;
import io.assistantcore.api.tenant.TenantRequests.CreateTenantRequest;
import io.assistantcore.api.tenant.TenantRequests.DeactivateRequest;
import io.assistantcore.api.tenant.TenantRequests.MemberRolesRequest;
import io.assistantcore.api.tenant.TenantRequests.QuotasRequest;
import io.assistantcore.api.tenant.TenantRequests.TenantCreatedResponse;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.TenantCommands.CreateTenant;
import io.assistantcore.messages.tenant.TenantCommands.DeactivateTenant;
import io.assistantcore.messages.tenant.TenantCommands.RemoveMember;
import io.assistantcore.messages.tenant.TenantCommands.SetMemberRoles;
import io.assistantcore.messages.tenant.TenantCommands.SetTenantAiPolicy;
import io.assistantcore.messages.tenant.TenantCommands.SetTenantQuotas;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** The tenant endpoints of API.md: commands in, the tenant read model out. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants", description = "Tenants, their quotas, AI policy and members")
public class TenantController {

    private final CommandGateway commands;
    private final TenantAccess access;
    private final TenantReadModel tenants;

    TenantController(CommandGateway commands, TenantAccess access, TenantReadModel tenants) {
        this.commands = commands;
        this.access = access;
        this.tenants = tenants;
    }

    @PostMapping
    @Operation(summary = "Create a tenant (PLATFORM_ADMIN); 409 if the id is taken")
    public ResponseEntity<TenantCreatedResponse> create(@Valid @RequestBody CreateTenantRequest request) {
        access.requirePlatformAdmin();
        long version = commands.sendAndWait(new CreateTenant(request.tenantId(), request.name(), request.plan(),
                request.initialAdminUserId()));
        tenants.awaitVersion(request.tenantId(), version);
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + request.tenantId()))
                .body(new TenantCreatedResponse(request.tenantId()));
    }

    @GetMapping("/{tenantId}")
    @Operation(summary = "Read a tenant with its plan, quotas, AI policy and members (any role in that tenant)")
    public TenantView get(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN, Role.MEMBER, Role.AUDITOR);
        return read(tenantId);
    }

    @PutMapping("/{tenantId}/quotas")
    @Operation(summary = "Set the monthly budget and rate limits (TENANT_ADMIN)")
    public TenantView setQuotas(@PathVariable String tenantId, @Valid @RequestBody QuotasRequest request) {
        access.require(tenantId, Role.TENANT_ADMIN);
        return writeThenRead(tenantId, new SetTenantQuotas(tenantId, request.toQuotas()));
    }

    @PutMapping("/{tenantId}/ai-policy")
    @Operation(summary = "Set which actions, models and context kinds the AI may use (TENANT_ADMIN)")
    public TenantView setAiPolicy(@PathVariable String tenantId, @Valid @RequestBody AiPolicyRequest request) {
        access.require(tenantId, Role.TENANT_ADMIN);
        return writeThenRead(tenantId, new SetTenantAiPolicy(tenantId, request.toPolicy()));
    }

    @PutMapping("/{tenantId}/members/{userId}")
    @Operation(summary = "Grant exactly these roles to a user, adding the member if needed (TENANT_ADMIN)")
    public TenantView setMemberRoles(@PathVariable String tenantId, @PathVariable String userId,
                                     @Valid @RequestBody MemberRolesRequest request) {
        access.require(tenantId, Role.TENANT_ADMIN);
        return writeThenRead(tenantId, new SetMemberRoles(tenantId, userId, request.roles()));
    }

    @DeleteMapping("/{tenantId}/members/{userId}")
    @Operation(summary = "Remove a member; the last TENANT_ADMIN cannot be removed (TENANT_ADMIN)")
    public ResponseEntity<Void> removeMember(@PathVariable String tenantId, @PathVariable String userId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        long version = commands.sendAndWait(new RemoveMember(tenantId, userId));
        tenants.awaitVersion(tenantId, version);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{tenantId}/deactivate")
    @Operation(summary = "Deactivate a tenant: its users lose access, its history stays (PLATFORM_ADMIN)")
    public TenantView deactivate(@PathVariable String tenantId,
                                 @Valid @RequestBody(required = false) DeactivateRequest request) {
        access.requirePlatformAdmin();
        return writeThenRead(tenantId, new DeactivateTenant(tenantId, request == null ? null : request.reason()));
    }

    private TenantView writeThenRead(String tenantId, Object command) {
        long version = commands.sendAndWait(command);
        tenants.awaitVersion(tenantId, version);
        return read(tenantId);
    }

    private TenantView read(String tenantId) {
        return tenants.tenant(tenantId);
    }
}
