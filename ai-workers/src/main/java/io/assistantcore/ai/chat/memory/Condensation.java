package io.assistantcore.ai.chat.memory;

/**
 * A running summary as a {@link Summarizer} wrote it.
 *
 * @param text      the summary ("" when there is nothing to summarize or no room for it)
 * @param truncated the summary had to be cut to fit its budget: something the turns or the previous summary said
 *                  is no longer in it
 * @param call      the model call that wrote it; null when written offline
 */
public record Condensation(String text, boolean truncated, SummaryCall call) {

    public Condensation {
        text = text == null ? "" : text;
    }

    public static Condensation offline(String text, boolean truncated) {
        return new Condensation(text, truncated, null);
    }
}
