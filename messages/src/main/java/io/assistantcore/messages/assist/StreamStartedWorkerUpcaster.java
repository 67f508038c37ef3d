package io.assistantcore.messages.assist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.assist.AssistEvents.SuggestionStreamStarted;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Revision 1 of {@link SuggestionStreamStarted} was stored before streams named the node running them and the
 * prompt's token count. Such an event reads with both unknown (null): its attempt is not restarted early for a lost
 * node (only by the stall timeout), and an abandoned attempt of it is estimated from its chunks alone.
 */
public class StreamStartedWorkerUpcaster extends SingleEventUpcaster {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return SuggestionStreamStarted.class.getName().equals(representation.getType().getName())
                && "1".equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                String.class, StreamStartedWorkerUpcaster::addUnknownWorker);
    }

    static String addUnknownWorker(String payload) {
        try {
            JsonNode event = JSON.readTree(payload);
            if (event instanceof ObjectNode fields) {
                if (!fields.has("workerNode")) {
                    fields.putNull("workerNode");
                }
                if (!fields.has("promptTokens")) {
                    fields.putNull("promptTokens");
                }
            }
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored stream start is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
