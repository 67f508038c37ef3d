package io.assistantcore.messages.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /**
     * Works on the JSON text with exact decimals: read as a plain tree, an amount such as 50.00 would come back as
     * the double 50.0 and the event would no longer say what was stored.
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Set<String> TYPES = Set.of(TenantCreated.class.getName(), TenantAiPolicySet.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPES.contains(representation.getType().getName())
                && "1".equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                String.class, AiPolicyCacheFlagsUpcaster::addCacheFlags);
    }

    static String addCacheFlags(String payload) {
        try {
            return JSON.writeValueAsString(addCacheFlags(JSON.readTree(payload)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored tenant event is not JSON: " + e.getOriginalMessage(), e);
        }
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
