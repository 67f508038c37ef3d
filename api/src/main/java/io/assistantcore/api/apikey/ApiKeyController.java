package io.assistantcore.api.apikey;

import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.api.security.ApiKeys;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.apikey.ApiKeyCommands.CreateApiKey;
import io.assistantcore.messages.apikey.ApiKeyCommands.RevokeApiKey;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrant;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrantQuery;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyList;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyQuery;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyView;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeysQuery;
import io.assistantcore.messages.common.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tenant API keys (API.md "OpenAI-compatible surface and API keys"): created by a TENANT_ADMIN, shown once, stored
 * as their SHA-256, usable as {@code Authorization: Bearer <key>} wherever a JWT is, revoked at once.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/api-keys")
@Tag(name = "API keys", description = "Tenant API keys for programs (and any OpenAI client)")
public class ApiKeyController {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TenantAccess access;
    private final ReadModelCatchUp catchUp;

    ApiKeyController(CommandGateway commands, QueryGateway queries, TenantAccess access, ReadModelCatchUp catchUp) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.catchUp = catchUp;
    }

    record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name,
                               @NotEmpty @Size(max = 3) Set<@NotNull Role> roles) {
    }

    /** The only answer that holds the key: it is not stored and cannot be shown again. */
    record ApiKeyCreatedResponse(String keyId, String name, Set<Role> roles, String key, String hint,
                                 Instant createdAt) {
    }

    @PostMapping
    @Operation(summary = "Create an API key (TENANT_ADMIN); the answer shows the key once, it is stored hashed")
    public ResponseEntity<ApiKeyCreatedResponse> create(@PathVariable String tenantId,
                                                        @Valid @RequestBody CreateApiKeyRequest request) {
        Caller caller = access.require(tenantId, Role.TENANT_ADMIN);
        String keyId = UUID.randomUUID().toString();
        String key = ApiKeys.newKey();
        String hash = ApiKeys.hash(key);
        commands.sendAndWait(new CreateApiKey(keyId, tenantId, request.name(), request.roles(), hash,
                ApiKeys.hint(key), caller.userId()));
        // usable at once: the next request may come with this key (to any node)
        catchUp.await("API key " + keyId, () -> grant(hash).isPresent());
        ApiKeyView view = find(tenantId, keyId).orElse(null);
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId + "/api-keys/" + keyId))
                .body(new ApiKeyCreatedResponse(keyId, request.name().strip(), request.roles(), key, ApiKeys.hint(key),
                        view == null ? Instant.now() : view.createdAt()));
    }

    @GetMapping
    @Operation(summary = "The tenant's API keys, newest first, revoked ones included; never the keys (TENANT_ADMIN)")
    public ApiKeyList list(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        return queries.query(new ApiKeysQuery(tenantId), ApiKeyList.class).join();
    }

    @DeleteMapping("/{keyId}")
    @Operation(summary = "Revoke an API key (TENANT_ADMIN): refused by every node from the moment this answers 204")
    public ResponseEntity<Void> revoke(@PathVariable String tenantId, @PathVariable String keyId) {
        Caller caller = access.require(tenantId, Role.TENANT_ADMIN);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw ApiException.notFound("API key '" + keyId + "' does not exist");
        }
        Optional<ApiKeyView> key = catchUp.findCreated("API key " + keyId, AggregateTypes.API_KEY, tenantId, keyId,
                () -> find(tenantId, keyId));
        if (key.isEmpty()) {
            throw ApiException.notFound("API key '" + keyId + "' does not exist");
        }
        commands.sendAndWait(new RevokeApiKey(keyId, tenantId, caller.userId()));
        // 204 only once the read model every node authenticates against shows the revocation
        if (!catchUp.await("revocation of API key " + keyId,
                () -> find(tenantId, keyId).map(view -> view.revokedAt() != null).orElse(false))) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "revocation-pending", "Revocation pending",
                    "The revocation is stored but not in effect yet; DELETE again to confirm it").withRetryAfter(1);
        }
        return ResponseEntity.noContent().build();
    }

    private Optional<ApiKeyView> find(String tenantId, String keyId) {
        return queries.query(new ApiKeyQuery(tenantId, keyId), ResponseTypes.optionalInstanceOf(ApiKeyView.class))
                .join();
    }

    private Optional<ApiKeyGrant> grant(String hash) {
        return queries.query(new ApiKeyGrantQuery(hash), ResponseTypes.optionalInstanceOf(ApiKeyGrant.class)).join();
    }
}
