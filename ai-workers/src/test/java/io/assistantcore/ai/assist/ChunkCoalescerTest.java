package io.assistantcore.ai.assist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkCoalescerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> chunks = new CopyOnWriteArrayList<>();
    private final List<Integer> seqs = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private ChunkCoalescer coalescer(int maxChars, Duration maxDelay) {
        return new ChunkCoalescer(maxChars, maxDelay, timer, (seq, text) -> {
            seqs.add(seq);
            chunks.add(text);
        });
    }

    @Test
    void theFirstTokenGoesOutAtOnceAndTheRestWhenTheSizeBoundIsReached() {
        ChunkCoalescer coalescer = coalescer(10, Duration.ofHours(1));
        for (String token : List.of("There ", "is ", "an ", "error ", "in ", "it.")) {
            coalescer.add(token);
        }
        assertThat(chunks).containsExactly("There ", "is an error ");
        assertThat(coalescer.close()).isEqualTo(3);
        assertThat(chunks).containsExactly("There ", "is an error ", "in it.");
        assertThat(seqs).containsExactly(1, 2, 3);
    }

    @Test
    void emitsWhenTheTimeBoundIsReached() throws InterruptedException {
        ChunkCoalescer coalescer = coalescer(1000, Duration.ofMillis(30));
        coalescer.add("first ");
        assertThat(chunks).containsExactly("first ");
        coalescer.add("slow ");
        assertThat(chunks).containsExactly("first ");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (chunks.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(chunks).containsExactly("first ", "slow ");
        coalescer.add("stream");
        assertThat(coalescer.close()).isEqualTo(3);
        assertThat(String.join("", chunks)).isEqualTo("first slow stream");
    }

    @Test
    void zeroDelayEmitsEveryToken() {
        ChunkCoalescer coalescer = coalescer(1000, Duration.ZERO);
        coalescer.add("a");
        coalescer.add("b");
        assertThat(chunks).containsExactly("a", "b");
    }

    @Test
    void ignoresTokensAfterClose() {
        ChunkCoalescer coalescer = coalescer(5, Duration.ofHours(1));
        coalescer.add("abc");
        coalescer.add("de");
        coalescer.close();
        coalescer.add("late");
        assertThat(chunks).containsExactly("abc", "de");
    }
}
