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

    /** The model used when a request names none. */
    String defaultModel();

    /** Starts generating; returns at once. */
    GenerationHandle generate(GenerationRequest request, GenerationListener listener);
}
