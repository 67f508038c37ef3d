package io.assistantcore.ai.generation;

import io.assistantcore.messages.assist.TokenUsage;

/**
 * A generation that failed. The message is for the user ("The provider openai rejected the API key"); {@code
 * fallbackAllowed} says whether the next provider in the chain may try (true for outages, rate limits after retries,
 * broken streams; false for a request no provider can serve). {@code partialText} is what was streamed before the
 * failure, if anything. {@code usage} is what the provider reported for a request it answered (an empty answer is
 * still billed), or null when it reported nothing and the caller has to estimate.
 */
public class GenerationException extends RuntimeException {

    private final boolean fallbackAllowed;
    private final String partialText;
    private final TokenUsage usage;

    public GenerationException(String message, boolean fallbackAllowed, String partialText, Throwable cause) {
        this(message, fallbackAllowed, partialText, null, cause);
    }

    public GenerationException(String message, boolean fallbackAllowed, String partialText, TokenUsage usage,
                               Throwable cause) {
        super(message, cause);
        this.fallbackAllowed = fallbackAllowed;
        this.partialText = partialText == null ? "" : partialText;
        this.usage = usage;
    }

    /** The usage the provider reported for this failed request, or null. */
    public TokenUsage usage() {
        return usage;
    }

    public boolean fallbackAllowed() {
        return fallbackAllowed;
    }

    public String partialText() {
        return partialText;
    }
}
