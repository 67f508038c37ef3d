package io.assistantcore.messages.apikey;

import io.assistantcore.messages.common.Role;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Queries about tenant API keys and their answers. No answer ever holds a key or its hash. */
public final class ApiKeyQueries {

    private ApiKeyQueries() {
    }

    /** The tenant's keys, newest first, revoked ones included. Answers {@link ApiKeyList}. */
    public record ApiKeysQuery(String tenantId) {
    }

    /** One key of the tenant. Answers an optional {@link ApiKeyView}. */
    public record ApiKeyQuery(String tenantId, String keyId) {
    }

    /**
     * Who a presented key is, by its SHA-256: answers an optional {@link ApiKeyGrant} (empty: no such key). Read per
     * request, so a revocation holds on every node as soon as the read model shows it.
     */
    public record ApiKeyGrantQuery(String keyHash) {
    }

    /**
     * @param revoked      whether the key was revoked
     * @param tenantActive whether its tenant exists and is active
     */
    public record ApiKeyGrant(String keyId, String tenantId, Set<Role> roles, boolean revoked, boolean tenantActive) {
        public ApiKeyGrant {
            roles = Set.copyOf(roles);
        }
    }

    /** A key as listed: never the key, only a hint of its first characters. */
    public record ApiKeyView(String keyId, String name, Set<Role> roles, String hint, String createdBy,
                             Instant createdAt, Instant revokedAt) {
        public ApiKeyView {
            roles = Set.copyOf(roles);
        }
    }

    public record ApiKeyList(List<ApiKeyView> keys) {
        public ApiKeyList {
            keys = List.copyOf(keys);
        }
    }
}
