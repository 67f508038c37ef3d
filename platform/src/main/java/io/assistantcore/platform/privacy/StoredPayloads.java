package io.assistantcore.platform.privacy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns an event payload as the event store holds it into what a reader of the audit trail may see: personal fields
 * that are stored encrypted can be shown decrypted, or as forgotten once their key is gone. Every payload the api
 * outputs from stored events goes through this.
 */
public interface StoredPayloads {

    /**
     * The payload of an event of {@code type} (the payload's class name) to show; never the stored node changed in
     * place.
     */
    JsonNode readable(String type, JsonNode storedPayload);
}
