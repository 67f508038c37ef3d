package io.assistantcore.ai.cache;

import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * A change of a tenant's AI policy deletes the tenant's cached responses: they were produced under the old policy
 * (other models, other context kinds, masking on or off) and must not answer requests under the new one. So does
 * forgetting a member of the tenant.
 */
@ProcessingGroup(ResponseCacheInvalidation.PROCESSING_GROUP)
@DisallowReplay
public class ResponseCacheInvalidation {

    public static final String PROCESSING_GROUP = "response-cache";

    private final ResponseCache cache;

    public ResponseCacheInvalidation(ResponseCache cache) {
        this.cache = cache;
    }

    @EventHandler
    void on(TenantAiPolicySet event) {
        cache.invalidateTenant(event.tenantId());
    }

    /** Cached texts may be a forgotten user's; entries name no user, so the tenant's whole cache goes. */
    @EventHandler
    void on(MemberDataForgotten event) {
        cache.invalidateTenant(event.tenantId());
    }
}
