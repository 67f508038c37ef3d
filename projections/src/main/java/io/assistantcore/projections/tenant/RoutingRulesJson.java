package io.assistantcore.projections.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.tenant.RoutingRules;
import org.springframework.stereotype.Component;

/** The routing rules column is JSON, like the AI policy; public for the reader of the table in query-side. */
@Component
public class RoutingRulesJson {

    private final ObjectMapper objectMapper;

    public RoutingRulesJson(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public String write(RoutingRules rules) {
        try {
            return objectMapper.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Routing rules cannot be written as JSON", e);
        }
    }

    /** The rules stored in the column; {@link RoutingRules#DEFAULT} for a tenant that never set any (NULL). */
    public RoutingRules read(String json) {
        if (json == null) {
            return RoutingRules.DEFAULT;
        }
        try {
            return objectMapper.readValue(json, RoutingRules.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored routing rules are not readable: " + e.getOriginalMessage(), e);
        }
    }
}
