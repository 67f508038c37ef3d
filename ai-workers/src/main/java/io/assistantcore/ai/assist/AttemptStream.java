package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.privacy.PiiMasker;
import io.assistantcore.ai.privacy.StreamingRestorer;
import io.assistantcore.messages.assist.TokenUsage;

import java.time.Duration;

/**
 * Receives one provider call of an attempt (a suggestion's or a chat reply's): puts masked personal data back into
 * what the provider streams (also when a placeholder is split across tokens), coalesces the visible text into chunk
 * events, keeps what the user saw, and hands the call's single ending to the worker, which turns it into exactly one
 * command. {@code whenEnded} runs after every ending (the attempt no longer runs on this node).
 */
public final class AttemptStream implements GenerationListener {

    /** How the provider call ended, with the text the user saw. */
    public interface Ending {

        void completed(String text, GenerationOutcome outcome, int chunkCount, long latencyMillis);

        void cancelled(String text, GenerationOutcome outcome);

        /** {@code usage}: what the provider reported for the failed call, else an estimate. */
        void failed(GenerationException failure, String text, TokenUsage usage);
    }

    private final StreamingRestorer restorer;
    private final ChunkCoalescer coalescer;
    private final long promptTokens;
    private final Ending ending;
    private final Runnable whenEnded;
    private final StringBuilder shown = new StringBuilder();
    private final long started = System.nanoTime();

    /**
     * @param masked       the placeholders of the request (empty when nothing was masked)
     * @param promptTokens what the request sent, for the usage estimate of a failure the provider did not report
     */
    public AttemptStream(PiiMasker.Masked masked, ChunkCoalescer coalescer, long promptTokens, Ending ending,
                         Runnable whenEnded) {
        this.restorer = new StreamingRestorer(masked);
        this.coalescer = coalescer;
        this.promptTokens = promptTokens;
        this.ending = ending;
        this.whenEnded = whenEnded;
    }

    @Override
    public void onToken(String token) {
        String visible = restorer.accept(token);
        shown.append(visible);
        coalescer.add(visible);
    }

    @Override
    public void onComplete(GenerationOutcome outcome) {
        try {
            String tail = restorer.flush();
            shown.append(tail);
            coalescer.add(tail);
            int chunks = coalescer.close();
            if (outcome.cancelled()) {
                ending.cancelled(shown.toString(), outcome);
            } else {
                ending.completed(shown.toString(), outcome, chunks,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            }
        } finally {
            whenEnded.run();
        }
    }

    @Override
    public void onError(GenerationException failure) {
        try {
            shown.append(restorer.flush());
            coalescer.close();
            // what the provider reported for a request it answered (an empty answer), else an estimate
            TokenUsage usage = failure.usage() != null ? failure.usage()
                    : new TokenUsage(promptTokens, TokenEstimator.count(shown.toString()), false);
            ending.failed(failure, shown.toString(), usage);
        } finally {
            whenEnded.run();
        }
    }
}
