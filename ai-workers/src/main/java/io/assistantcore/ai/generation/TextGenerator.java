package io.assistantcore.ai.generation;

/**
 * A provider that turns a {@link GenerationRequest} into streamed text: the offline engine or a remote model
 * reached through langchain4j. Implementations call the listener from any thread, in order, and exactly one of
 * {@link GenerationListener#onComplete} or {@link GenerationListener#onError} ends every generation (also a cancelled
 * one, with {@link GenerationOutcome#cancelled()} true).
 */
public interface TextGenerator {

    /** Stable id of the provider: {@code local}, {@code openai}, {@code anthropic}, {@code gemini}, {@code ollama}. */
    String providerId();

    /** The output limit every remote provider is asked to keep to, and that budget reservations assume. */
    int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    /** The model used when a request names none. */
    String defaultModel();

    /** The most tokens one generation may produce (the provider is asked to stop there). */
    default int maxOutputTokens() {
        return DEFAULT_MAX_OUTPUT_TOKENS;
    }

    /** Starts generating; returns at once. */
    GenerationHandle generate(GenerationRequest request, GenerationListener listener);
}
