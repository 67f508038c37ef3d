package io.assistantcore.api.observability;

import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A node is ready for traffic once its warm-ups are done; it stays alive and healthy meanwhile. */
class WarmUpReadinessIntegrationTest extends ApiIntegrationTest {

    @Autowired
    WarmUps warmUps;

    @Test
    void readinessAnswers503WhileAWarmUpRunsAndUpOnceItIsDone() throws InterruptedException {
        ApiClient api = api();
        CountDownLatch release = new CountDownLatch(1);
        warmUps.run("readiness-test", "nothing to do", () -> {
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Response readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
            assertThat(readiness.json().path("status").asText()).isEqualTo("WARMING_UP");
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(api.get("/actuator/health", null).json().path("status").asText()).isEqualTo("UP");
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        } finally {
            release.countDown();
        }

        assertThat(warmUps.await(Duration.ofMinutes(5))).as("warm-ups done").isTrue();
        Response readiness = api.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    }
}
