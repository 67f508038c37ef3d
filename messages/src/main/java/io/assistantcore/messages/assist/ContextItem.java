package io.assistantcore.messages.assist;

import io.assistantcore.messages.privacy.PersonalData;

/**
 * One piece of context a client offers with a session: its kind (e.g. {@code record}, {@code tab},
 * {@code related-field}), a label a person reads, and the text. Label and text are personal data (a label may
 * well be a person's name); the kind is not.
 */
public record ContextItem(String kind, @PersonalData String label, @PersonalData String text) {
}
