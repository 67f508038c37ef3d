package io.assistantcore.ai.generation;

import io.assistantcore.messages.assist.TokenUsage;

/**
 * How a generation ended.
 *
 * @param text      the full text produced (for a cancelled generation: what was produced until then)
 * @param usage     tokens used: reported by the provider when it sent them, else estimated
 * @param model     the model that actually answered
 * @param cancelled true when it ended because of {@link GenerationHandle#cancel()}
 */
public record GenerationOutcome(String text, TokenUsage usage, String model, boolean cancelled) {
}
