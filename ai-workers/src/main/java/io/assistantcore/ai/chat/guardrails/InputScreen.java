package io.assistantcore.ai.chat.guardrails;

/**
 * The input guardrail: screens a user message before anything (the router included) leaves the platform. Runs
 * locally; only what the local screen finds ambiguous may be checked by a language model when one is configured.
 */
public interface InputScreen {

    Screening screen(String text);
}
