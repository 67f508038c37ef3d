package io.assistantcore.api.bench;

import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.assist.TokenUsage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for the streaming benchmarks whose pace can be changed between phases: {@code words} unique words
 * ({@code g12t7}) per response, the first at once and then one every {@code intervalMillis}; each word's departure
 * is noted so a client can measure how long it took to reach it. A closed gate holds generations before their first
 * word (so every client is subscribed before any word leaves); a closed hold keeps them open after their first word
 * (streams that are open mid-response). The same {@link #stream} feeds the platform, the in-test pass-through relay
 * and the direct consumer.
 */
final class PacedProvider implements TextGenerator {

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "paced-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger generations = new AtomicInteger();
    final Map<String, Long> emittedAt = new ConcurrentHashMap<>();
    volatile int words = 40;
    volatile long intervalMillis = 20;
    /** Off for closed loops that run for a fixed time: the departure times would pile up. */
    volatile boolean noteDepartures = true;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch hold = new CountDownLatch(0);

    void pace(int words, long intervalMillis) {
        this.words = words;
        this.intervalMillis = intervalMillis;
    }

    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void openGate() {
        gate.countDown();
    }

    void closeHold() {
        hold = new CountDownLatch(1);
    }

    void openHold() {
        hold.countDown();
    }

    CountDownLatch gate() {
        return gate;
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
        int generation = nextGeneration();
        CountDownLatch myGate = gate;
        executor.execute(() -> stream(generation, myGate, listener));
        return () -> {
        };
    }

    int nextGeneration() {
        return generations.incrementAndGet();
    }

    /** Streams one response into {@code listener}. */
    void stream(int generation, CountDownLatch startGate, GenerationListener listener) {
        try {
            startGate.await(120, TimeUnit.SECONDS);
            CountDownLatch myHold = hold;
            int count = words;
            long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            StringBuilder text = new StringBuilder();
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (i == 1 && myHold.getCount() > 0) {
                    myHold.await(30, TimeUnit.MINUTES);
                    interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
                    next = System.nanoTime();
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += interval;
                String token = (i == 0 ? "" : " ") + "g" + generation + "t" + i;
                if (noteDepartures) {
                    emittedAt.put(token.strip(), System.nanoTime());
                }
                text.append(token);
                listener.onToken(token);
            }
            listener.onComplete(new GenerationOutcome(text.toString(), new TokenUsage(10, count, true), "fixed-rate",
                    false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
