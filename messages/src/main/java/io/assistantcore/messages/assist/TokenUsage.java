package io.assistantcore.messages.assist;

/**
 * Tokens a generation consumed. {@code reportedByProvider} tells whether the provider reported the numbers or they
 * were estimated from the text with a tokenizer.
 */
public record TokenUsage(long inputTokens, long outputTokens, boolean reportedByProvider) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, false);

    public long total() {
        return inputTokens + outputTokens;
    }
}
