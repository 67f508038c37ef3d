package io.assistantcore.ai.provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The background warm-ups of a starting node (the tokenizer, LanguageTool, the embedding model and what is embedded
 * with it: router examples, attack patterns, lead examples). A node answers at once while they run — the first
 * requests that need one of them wait for it — but it works at full speed only once they are done, which is what
 * {@link #pending()} tells operators (the gauge {@code assistant.warmups.pending}) and {@link #await(Duration)} lets a
 * benchmark wait for.
 */
public class WarmUps {

    private static final Logger log = LoggerFactory.getLogger(WarmUps.class);

    private final Executor executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final long started = System.nanoTime();

    public WarmUps(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code task} in the background; a failure is logged (with {@code failureHint}: what happens instead) and
     * ends the warm-up like a success, since the first use retries.
     */
    public void run(String name, String failureHint, Runnable task) {
        pending.add(name);
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Warm-up '{}' failed; {}: {}", name, failureHint, e.toString());
                } finally {
                    finished(name);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Warm-up '{}' not started; {}: {}", name, failureHint, e.toString());
            finished(name);
        }
    }

    private void finished(String name) {
        synchronized (pending) {
            pending.remove(name);
            if (pending.isEmpty()) {
                log.info("Warm-ups done {} ms after the first began",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
            pending.notifyAll();
        }
    }

    /** The warm-ups still running, by name. */
    public Set<String> pending() {
        return Set.copyOf(pending);
    }

    /** @return true when every warm-up started so far finished within {@code timeout} */
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pending) {
            while (!pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(pending, left);
            }
            return true;
        }
    }
}
