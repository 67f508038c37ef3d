package io.assistantcore.api.bench;

import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.assist.TokenUsage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that streams {@code tokens} words at a fixed rate, each word unique ({@code g12t7 }), and notes when each
 * left it, so a client can measure how long a word took to reach it. Generations wait at a gate until the benchmark
 * has its clients subscribed, so every word is measured live.
 */
final class SyntheticProvider implements TextGenerator {

    private final int tokens;
    private final Duration interval;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger generations = new AtomicInteger();
    final Map<String, Long> emittedAt = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    SyntheticProvider(int tokens, Duration interval) {
        this.tokens = tokens;
        this.interval = interval;
    }

    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void openGate() {
        gate.countDown();
    }

    @Override
    public String providerId() {
        return "synthetic";
    }

    @Override
    public String defaultModel() {
        return "fixed-rate";
    }

    @Override
    public GenerationHandle generate(GenerationRequest request, GenerationListener listener) {
        int generation = generations.incrementAndGet();
        CountDownLatch myGate = gate;
        executor.execute(() -> stream(generation, myGate, listener));
        return () -> {
        };
    }

    /** Streams into {@code listener}; also used to consume the provider directly, without the platform. */
    void stream(int generation, CountDownLatch startGate, GenerationListener listener) {
        try {
            startGate.await(60, TimeUnit.SECONDS);
            StringBuilder text = new StringBuilder();
            long next = System.nanoTime();
            for (int i = 0; i < tokens; i++) {
                next += interval.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String token = "g" + generation + "t" + i + " ";
                emittedAt.put(token.strip(), System.nanoTime());
                text.append(token);
                listener.onToken(token);
            }
            listener.onComplete(new GenerationOutcome(text.toString(), new TokenUsage(10, tokens, true), "fixed-rate",
                    false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int nextGeneration() {
        return generations.incrementAndGet();
    }
}
