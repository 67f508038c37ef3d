package io.assistantcore.ai.lead;

import io.assistantcore.messages.common.CommandRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs one step of a workflow with retries: up to {@code attempts} tries, waiting {@code backoff} doubled after each
 * failure (plus up to 20% jitter). A command the write model refused is not retried (it would be refused again).
 * When the last try fails the exception goes up, the event processor's dead-letter queue takes the event, and
 * {@code POST /api/v1/admin/dead-letters/{id}/retry} runs it again. Hand-written (a loop of a few lines) rather than
 * Resilience4j's Retry, for the reason decision 0008 gives: the worker thread is the one that waits.
 */
public final class StepRetry {

    private static final Logger log = LoggerFactory.getLogger(StepRetry.class);

    private final int attempts;
    private final Duration backoff;

    public StepRetry(int attempts, Duration backoff) {
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
    }

    public <T> T run(String step, Supplier<T> action) {
        long wait = backoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (CommandRejectedException refused) {
                throw refused;
            } catch (RuntimeException failed) {
                if (attempt >= attempts) {
                    log.warn("Lead step {} failed {} times, giving up: {}", step, attempt,
                            failed.getClass().getSimpleName());
                    throw failed;
                }
                log.info("Lead step {} failed (try {} of {}), retrying in {} ms: {}", step, attempt, attempts, wait,
                        failed.getClass().getSimpleName());
                try {
                    Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait / 5 + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failed;
                }
                wait *= 2;
            }
        }
    }
}
