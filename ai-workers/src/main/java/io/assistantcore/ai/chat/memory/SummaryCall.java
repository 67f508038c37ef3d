package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.assist.TokenUsage;

import java.util.Objects;

/**
 * A model call made to condense turns into the running summary: which provider and model served it and what it
 * consumed, so that it is billed once like every other model call.
 */
public record SummaryCall(String provider, String model, TokenUsage usage) {

    public SummaryCall {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
    }
}
