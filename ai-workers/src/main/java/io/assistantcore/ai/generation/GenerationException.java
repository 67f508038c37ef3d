package io.assistantcore.ai.generation;

/**
 * A generation that failed. The message is for the user ("The provider openai rejected the API key"); {@code
 * fallbackAllowed} says whether the next provider in the chain may try (true for outages, rate limits after retries,
 * broken streams; false for a request no provider can serve). {@code partialText} is what was streamed before the
 * failure, if anything.
 */
public class GenerationException extends RuntimeException {

    private final boolean fallbackAllowed;
    private final String partialText;

    public GenerationException(String message, boolean fallbackAllowed, String partialText, Throwable cause) {
        super(message, cause);
        this.fallbackAllowed = fallbackAllowed;
        this.partialText = partialText == null ? "" : partialText;
    }

    public boolean fallbackAllowed() {
        return fallbackAllowed;
    }

    public String partialText() {
        return partialText;
    }
}
