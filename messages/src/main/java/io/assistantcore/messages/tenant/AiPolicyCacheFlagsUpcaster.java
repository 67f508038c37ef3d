package io.assistantcore.messages.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Set;

/**
 * Revision 1 of {@link TenantCreated} and {@link TenantAiPolicySet} was stored before the AI policy had cache flags.
 * Reading such an event gives the policy the flags every tenant had then in effect: the exact cache is on (the
 * platform default) and the semantic cache off (it is opt-in).
 */
public class AiPolicyCacheFlagsUpcaster extends SingleEventUpcaster {

    private static final Set<String> TYPES = Set.of(TenantCreated.class.getName(), TenantAiPolicySet.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPES.contains(representation.getType().getName())
                && "1".equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                JsonNode.class, AiPolicyCacheFlagsUpcaster::addCacheFlags);
    }

    static JsonNode addCacheFlags(JsonNode payload) {
        if (payload.get("policy") instanceof ObjectNode policy) {
            if (!policy.has("exactCache")) {
                policy.put("exactCache", true);
            }
            if (!policy.has("semanticCache")) {
                policy.put("semanticCache", false);
            }
        }
        return payload;
    }
}
