package io.assistantcore.messages.assist;

/** Target tone of {@link AiAction#CHANGE_TONE}. */
public enum Tone {
    PROFESSIONAL,
    CASUAL,
    FORMAL,
    FRIENDLY,
    CONFIDENT
}
