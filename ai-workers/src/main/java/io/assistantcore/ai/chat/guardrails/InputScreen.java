package io.assistantcore.ai.chat.guardrails;

import java.util.Set;

/**
 * The input guardrail: screens a user message before anything (the router included) leaves the platform. Runs
 * locally; only what the local screen finds ambiguous may be checked by a language model when one is configured.
 */
public interface InputScreen {

    Screening screen(String text);

    /**
     * The same, asking a remote model for a second opinion only if the tenant's AI policy allows it
     * ({@code allowedModels} by provider id, model or {@code provider:model}; empty: any).
     */
    default Screening screen(String text, Set<String> allowedModels) {
        return screen(text);
    }
}
