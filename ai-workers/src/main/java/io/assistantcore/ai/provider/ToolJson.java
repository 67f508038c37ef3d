package io.assistantcore.ai.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** Tool schemas (JSON text) as the maps langchain4j builds its JSON schema elements from. */
final class ToolJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolJson() {
    }

    static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a tool's parameters are not a JSON object");
        }
    }
}
