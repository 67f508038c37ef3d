package io.assistantcore.ai.privacy;

/**
 * Restores placeholders in streamed text, where a placeholder may arrive split over several tokens
 * ({@code "[EMA"}, {@code "IL_1]"}): text from an unclosed {@code '['} on is held back until it closes or
 * cannot be a placeholder any more, so the restored pieces concatenate to exactly {@code restore(full text)}.
 */
public final class StreamingRestorer {

    private static final int LONGEST_PLACEHOLDER = "[EMAIL_9999]".length();

    private final PiiMasker.Masked request;
    private final StringBuilder pending = new StringBuilder();

    public StreamingRestorer(PiiMasker.Masked request) {
        this.request = request;
    }

    /** Takes the next token; answers the text that can be shown now (possibly empty). */
    public String accept(String token) {
        pending.append(token);
        int open = pending.lastIndexOf("[");
        int safeEnd = pending.length();
        if (open >= 0 && pending.indexOf("]", open) < 0 && pending.length() - open < LONGEST_PLACEHOLDER) {
            safeEnd = open;
        }
        String ready = pending.substring(0, safeEnd);
        pending.delete(0, safeEnd);
        return request.restore(ready);
    }

    /** The end of the stream: whatever is still held back. */
    public String flush() {
        String rest = request.restore(pending.toString());
        pending.setLength(0);
        return rest;
    }
}
