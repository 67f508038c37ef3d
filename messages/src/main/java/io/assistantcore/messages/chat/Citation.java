package io.assistantcore.messages.chat;

/** A citation in a grounded reply's text: its marker ("[1]") and the source it names. */
public record Citation(String marker, String sourceId) {
}
