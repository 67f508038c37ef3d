package io.assistantcore.ai.assist;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Coalesces streamed tokens into chunks: a chunk is emitted when it holds {@code maxChars} characters or its first
 * token has waited {@code maxDelay}, whichever comes first. Fewer, larger chunks mean fewer stored events; a short
 * delay bound keeps the stream feeling live. The first token is emitted at once, on its own: the wait for the first
 * word is what a user feels most, and it costs one small event per stream. Chunks are numbered from 1 and emitted in
 * order, never concurrently.
 */
public final class ChunkCoalescer {

    private final int maxChars;
    private final Duration maxDelay;
    private final ScheduledExecutorService timer;
    private final BiConsumer<Integer, String> emit;
    private final StringBuilder buffer = new StringBuilder();
    private ScheduledFuture<?> pendingFlush;
    private int seq;
    private boolean closed;

    /** @param emit receives (seq, text) of each chunk */
    public ChunkCoalescer(int maxChars, Duration maxDelay, ScheduledExecutorService timer,
                          BiConsumer<Integer, String> emit) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1");
        }
        this.maxChars = maxChars;
        this.maxDelay = maxDelay;
        this.timer = timer;
        this.emit = emit;
    }

    public synchronized void add(String text) {
        if (closed || text == null || text.isEmpty()) {
            return;
        }
        buffer.append(text);
        if (seq == 0 || buffer.length() >= maxChars || maxDelay.isZero()) {
            flushLocked();
        } else if (pendingFlush == null) {
            pendingFlush = timer.schedule(this::flush, maxDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Streams a whole text that is already known (a reused or fixed answer) word by word, as a model would, and
     * closes; answers the number of chunks emitted in all.
     */
    public int streamText(String text) {
        for (String word : text.split("(?<=\\s)")) {
            add(word);
        }
        return close();
    }

    public synchronized void flush() {
        flushLocked();
    }

    /** Emits what is buffered and stops accepting tokens; answers the number of chunks emitted in all. */
    public synchronized int close() {
        flushLocked();
        closed = true;
        return seq;
    }

    private void flushLocked() {
        if (pendingFlush != null) {
            pendingFlush.cancel(false);
            pendingFlush = null;
        }
        if (buffer.isEmpty() || closed) {
            return;
        }
        String text = buffer.toString();
        buffer.setLength(0);
        emit.accept(++seq, text);
    }
}
