package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.MemoryInput.Turn;

import java.util.List;

/** Condenses turns that no longer fit the prompt verbatim into the conversation's running summary. */
public interface Summarizer {

    /**
     * @param previousSummary the running summary so far ("" when none)
     * @param turns           the turns to add to it, oldest first (may be empty: then only the previous summary is
     *                        fitted into {@code maxTokens})
     * @param maxTokens       the most tokens (as {@link io.assistantcore.ai.generation.TokenEstimator} counts) the
     *                        new summary may have
     * @param policy          where the turns may be sent to be condensed
     * @return the new running summary; never longer than {@code maxTokens}
     */
    Condensation summarize(String previousSummary, List<Turn> turns, int maxTokens, SummaryPolicy policy);

    /** Condenses offline ({@link SummaryPolicy#OFFLINE_ONLY}). */
    default Condensation summarize(String previousSummary, List<Turn> turns, int maxTokens) {
        return summarize(previousSummary, turns, maxTokens, SummaryPolicy.OFFLINE_ONLY);
    }
}
