package io.assistantcore.messages.apikey;

import io.assistantcore.messages.common.Role;
import org.axonframework.serialization.Revision;

import java.util.Set;

/** Events of the ApiKey aggregate. Changing one means a new revision and an upcaster, never an edit. */
public final class ApiKeyEvents {

    private ApiKeyEvents() {
    }

    /** A key was created; {@code keyHash} is the SHA-256 of the key (the key itself is stored nowhere). */
    @Revision("1")
    public record ApiKeyCreated(String keyId, String tenantId, String name, Set<Role> roles, String keyHash,
                                String hint, String createdBy) {
        public ApiKeyCreated {
            roles = Set.copyOf(roles);
        }
    }

    /** The key is refused from now on. */
    @Revision("1")
    public record ApiKeyRevoked(String keyId, String tenantId, String revokedBy) {
    }
}
