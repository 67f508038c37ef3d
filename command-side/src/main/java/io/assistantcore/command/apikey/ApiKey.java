package io.assistantcore.command.apikey;

import io.assistantcore.messages.apikey.ApiKeyCommands.CreateApiKey;
import io.assistantcore.messages.apikey.ApiKeyCommands.RevokeApiKey;
import io.assistantcore.messages.apikey.ApiKeyEvents.ApiKeyCreated;
import io.assistantcore.messages.apikey.ApiKeyEvents.ApiKeyRevoked;
import io.assistantcore.messages.common.Role;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant API key: its name, the roles it acts with, and the SHA-256 of the key (the key itself is shown once by
 * the API and stored nowhere). Revoked once, refused for good. Command handlers answer the aggregate version.
 */
@Aggregate
public class ApiKey {

    static final int MAX_NAME = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    @AggregateIdentifier
    private String keyId;
    private String tenantId;
    private boolean revoked;

    protected ApiKey() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(CreateApiKey command) {
        if (keyId != null) {
            throw conflict("api-key-exists", "API key '" + command.keyId() + "' already exists");
        }
        if (command.keyId() == null || !ID.matcher(command.keyId()).matches()) {
            throw invalid("keyId", "keyId must be an id: 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        if (command.tenantId() == null || command.tenantId().isBlank()) {
            throw invalid("tenantId", "an API key belongs to a tenant");
        }
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || CONTROL.matcher(name).find()) {
            throw invalid("name", "name must be 1-" + MAX_NAME + " characters without control characters");
        }
        if (command.roles().isEmpty()) {
            throw invalid("roles", "roles must not be empty");
        }
        if (command.roles().stream().anyMatch(role -> !role.grantableWithinTenant())) {
            throw invalid("roles", Role.PLATFORM_ADMIN + " is a platform role and cannot be given to an API key");
        }
        if (command.keyHash() == null || !SHA_256.matcher(command.keyHash()).matches()) {
            throw invalid("keyHash", "keyHash must be a SHA-256 in lower-case hex");
        }
        if (command.hint() == null || command.hint().length() > 16 || CONTROL.matcher(command.hint()).find()) {
            throw invalid("hint", "hint must be at most 16 characters");
        }
        apply(new ApiKeyCreated(command.keyId(), command.tenantId(), name, command.roles(), command.keyHash(),
                command.hint(), command.createdBy()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(RevokeApiKey command) {
        if (!tenantId.equals(command.tenantId())) {
            throw notFound("api-key-not-found", "API key '" + command.keyId() + "' does not exist");
        }
        if (!revoked) {
            apply(new ApiKeyRevoked(keyId, tenantId, command.revokedBy()));
        }
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        keyId = event.keyId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
