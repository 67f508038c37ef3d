package io.assistantcore.ai.provider.fake;

import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link GenerationListener} that records everything and checks the contract: tokens only before the one
 * terminal callback, exactly one terminal callback ({@link #contractViolations()} counts breaches).
 */
public final class RecordingListener implements GenerationListener {

    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<GenerationOutcome> completions = new CopyOnWriteArrayList<>();
    private final List<GenerationException> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger terminals = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private final CountDownLatch terminal = new CountDownLatch(1);
    private final CountDownLatch firstToken = new CountDownLatch(1);
    private volatile long terminalAtNanos = -1;

    @Override
    public void onToken(String text) {
        if (terminals.get() > 0) {
            violations.incrementAndGet();
        }
        tokens.add(text);
        firstToken.countDown();
    }

    @Override
    public void onComplete(GenerationOutcome outcome) {
        completions.add(outcome);
        terminal();
    }

    @Override
    public void onError(GenerationException failure) {
        errors.add(failure);
        terminal();
    }

    private void terminal() {
        if (terminals.incrementAndGet() > 1) {
            violations.incrementAndGet();
        }
        terminalAtNanos = System.nanoTime();
        terminal.countDown();
    }

    /** Waits for the terminal callback; true when it came. */
    public boolean awaitTerminal(Duration timeout) throws InterruptedException {
        return terminal.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits until at least {@code count} tokens arrived; true when they did. */
    public boolean awaitTokens(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        firstToken.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        while (tokens.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return tokens.size() >= count;
    }

    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** The concatenated tokens. */
    public String text() {
        return String.join("", tokens);
    }

    public List<GenerationOutcome> completions() {
        return List.copyOf(completions);
    }

    public List<GenerationException> errors() {
        return List.copyOf(errors);
    }

    /** The single completion; fails when there is none or an error instead. */
    public GenerationOutcome outcome() {
        if (completions.size() != 1 || !errors.isEmpty()) {
            throw new AssertionError("Expected one completion, got " + completions + " and errors "
                    + errors.stream().map(Throwable::getMessage).toList(),
                    errors.isEmpty() ? null : errors.get(0));
        }
        return completions.get(0);
    }

    /** The single error; fails when there is none or a completion instead. */
    public GenerationException error() {
        if (errors.size() != 1 || !completions.isEmpty()) {
            throw new AssertionError("Expected one error, got " + errors + " and completions " + completions);
        }
        return errors.get(0);
    }

    public int terminalCount() {
        return terminals.get();
    }

    /** Tokens after the terminal callback, or more than one terminal callback. */
    public int contractViolations() {
        return violations.get();
    }

    public long terminalAtNanos() {
        return terminalAtNanos;
    }
}
