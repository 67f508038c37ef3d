package io.assistantcore.ai.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpsTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theGaugeCountsTheWarmUpsStillRunningAndAwaitReturnsWhenAllAreDone() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        WarmUps warmUps = new ProviderConfiguration().warmUps(executor,
                new StaticListableBeanFactory(Map.of("meterRegistry", registry)).getBeanProvider(MeterRegistry.class));
        CountDownLatch release = new CountDownLatch(1);
        warmUps.run("slow model", "the first request loads it", () -> await(release));
        warmUps.run("failing model", "the first request tries again", () -> {
            throw new IllegalStateException("no such model");
        });

        // the failing one ends like a success; the slow one is still pending
        assertThat(warmUps.await(Duration.ofMillis(50))).isFalse();
        assertThat(warmUps.pending()).containsExactly("slow model");
        assertThat(registry.get("assistant.warmups.pending").gauge().value()).isEqualTo(1.0);

        release.countDown();
        assertThat(warmUps.await(Duration.ofSeconds(30))).isTrue();
        assertThat(warmUps.pending()).isEmpty();
        assertThat(registry.get("assistant.warmups.pending").gauge().value()).isZero();
    }

    @Test
    void aWarmUpTheExecutorRefusesIsNotLeftPending() throws Exception {
        executor.shutdown();
        WarmUps warmUps = new WarmUps(executor);
        warmUps.run("model", "the first request loads it", () -> {
        });
        assertThat(warmUps.pending()).isEmpty();
        assertThat(warmUps.await(Duration.ZERO)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
