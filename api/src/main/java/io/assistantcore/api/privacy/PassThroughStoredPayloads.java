package io.assistantcore.api.privacy;

import com.fasterxml.jackson.databind.JsonNode;

/** Stored payloads shown as stored: the default while no field is stored encrypted. */
public class PassThroughStoredPayloads implements StoredPayloads {

    @Override
    public JsonNode readable(String type, JsonNode storedPayload) {
        return storedPayload;
    }
}
