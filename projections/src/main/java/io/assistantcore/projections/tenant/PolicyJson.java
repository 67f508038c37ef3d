package io.assistantcore.projections.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.tenant.AiPolicy;
import org.springframework.stereotype.Component;

/** The AI policy column is JSON, so new policy fields need no schema change. */
@Component
public class PolicyJson {

    private final ObjectMapper objectMapper;

    public PolicyJson(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public String write(AiPolicy policy) {
        try {
            return objectMapper.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("AI policy cannot be written as JSON", e);
        }
    }

    public AiPolicy read(String json) {
        try {
            return objectMapper.readValue(json, AiPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored AI policy is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
