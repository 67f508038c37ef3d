package io.assistantcore.messages.assist;

/**
 * One piece of context a client offers with a session: its kind (e.g. {@code record}, {@code tab},
 * {@code related-field}), a label a person reads, and the text.
 */
public record ContextItem(String kind, String label, String text) {
}
