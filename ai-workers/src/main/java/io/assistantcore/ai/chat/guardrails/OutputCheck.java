package io.assistantcore.ai.chat.guardrails;

/** Checks a reply before it is completed. */
public interface OutputCheck {

    /** Whether the reply reveals the system prompt it was generated under (verbatim or nearly). */
    boolean revealsSystemPrompt(String reply, String systemPrompt);
}
