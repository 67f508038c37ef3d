package io.assistantcore.ai.generation;

import io.assistantcore.messages.assist.TokenUsage;

import java.util.List;

/**
 * How a generation ended.
 *
 * @param text      the full text produced (for a cancelled generation: what was produced until then)
 * @param usage     tokens used: reported by the provider when it sent them, else estimated
 * @param model     the model that actually answered
 * @param cancelled true when it ended because of {@link GenerationHandle#cancel()}
 * @param toolRequests the tools the model asked to call (empty: none)
 */
public record GenerationOutcome(String text, TokenUsage usage, String model, boolean cancelled,
                                List<ToolRequest> toolRequests) {

    public GenerationOutcome {
        toolRequests = toolRequests == null ? List.of() : List.copyOf(toolRequests);
    }

    public GenerationOutcome(String text, TokenUsage usage, String model, boolean cancelled) {
        this(text, usage, model, cancelled, List.of());
    }

    /** The model asked for tools to be called instead of (or before) answering. */
    public boolean wantsTools() {
        return !toolRequests.isEmpty();
    }
}
