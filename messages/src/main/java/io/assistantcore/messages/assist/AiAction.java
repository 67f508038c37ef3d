package io.assistantcore.messages.assist;

/** What the "Enhance with AI" panel can do with a text. */
public enum AiAction {
    IMPROVE,
    SHORTEN,
    SUMMARIZE,
    FIX_GRAMMAR,
    CHANGE_TONE,
    FREE_PROMPT
}
