package io.assistantcore.ai.generation;

/** Controls a running generation. */
public interface GenerationHandle {

    /**
     * Stops the generation and closes the provider connection (we stop paying); the listener then receives
     * {@code onComplete} with {@code cancelled = true} and the text produced so far. Idempotent.
     */
    void cancel();
}
