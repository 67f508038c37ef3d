package io.assistantcore.ai.generation;

/** Receives one generation's output. */
public interface GenerationListener {

    /** A piece of output text, in order; the concatenation of all pieces is the full text. */
    void onToken(String text);

    /** The generation ended normally or was cancelled. */
    void onComplete(GenerationOutcome outcome);

    /**
     * The generation failed. {@code failure} is a {@link GenerationException} whose message a user can read and
     * which says whether another provider could serve the request instead.
     */
    void onError(GenerationException failure);
}
