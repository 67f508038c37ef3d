package io.assistantcore.messages.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointConfigured;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Revision 1 of {@link WebhookEndpointConfigured} was stored when endpoint ids were global, under the bare endpoint
 * id as aggregate id. Such an event reads with that id as its {@code aggregateId}, so the endpoint's aggregate keeps
 * the stream it was stored in (its tenant still finds it; see the command side).
 */
public class WebhookEndpointScopeUpcaster extends SingleEventUpcaster {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return WebhookEndpointConfigured.class.getName().equals(representation.getType().getName())
                && "1".equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                String.class, WebhookEndpointScopeUpcaster::addLegacyAggregateId);
    }

    static String addLegacyAggregateId(String payload) {
        try {
            JsonNode event = JSON.readTree(payload);
            if (event instanceof ObjectNode fields && !fields.hasNonNull("aggregateId")) {
                fields.set("aggregateId", fields.get("endpointId"));
            }
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored webhook endpoint event is not JSON: " + e.getOriginalMessage(),
                    e);
        }
    }
}
