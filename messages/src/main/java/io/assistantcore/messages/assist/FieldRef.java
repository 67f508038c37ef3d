package io.assistantcore.messages.assist;

/** The text field an assist session works on: which record of which type, and which of its fields. */
public record FieldRef(String entityType, String entityId, String fieldName) {
}
