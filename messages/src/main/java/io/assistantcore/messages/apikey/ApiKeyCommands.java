package io.assistantcore.messages.apikey;

import io.assistantcore.messages.common.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Commands of the ApiKey aggregate: one aggregate per tenant API key. */
public final class ApiKeyCommands {

    private ApiKeyCommands() {
    }

    /**
     * Creates a key of {@code tenantId} that acts with {@code roles}. The key itself never reaches the write model:
     * only its SHA-256 ({@code keyHash}, 64 lower-case hex digits) and a short {@code hint} of its first characters.
     *
     * @param createdBy the user who created it
     */
    public record CreateApiKey(@TargetAggregateIdentifier String keyId, String tenantId, String name,
                               Set<Role> roles, String keyHash, String hint, String createdBy) {
        public CreateApiKey {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }

    /** Revokes the key; revoking a revoked key again changes nothing. */
    public record RevokeApiKey(@TargetAggregateIdentifier String keyId, String tenantId, String revokedBy) {
    }
}
