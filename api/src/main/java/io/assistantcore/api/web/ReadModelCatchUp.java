package io.assistantcore.api.web;

import io.assistantcore.api.config.AssistantProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Read-your-writes: after a command, wait (briefly, bounded by {@code assistant.consistency.read-model-wait}) until
 * the read model shows its effect. Polling the database works on every node, whichever one runs the projection.
 */
@Component
public class ReadModelCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ReadModelCatchUp.class);
    private final Duration maximumWait;

    public ReadModelCatchUp(AssistantProperties properties) {
        this.maximumWait = properties.consistency().readModelWait();
    }

    /**
     * @return true when {@code caughtUp} held in time; false when it did not, or when the read model cannot be read
     * because the database is unreachable — the command is stored by then, so its success is answered, not a 503
     */
    public boolean await(String what, BooleanSupplier caughtUp) {
        long deadline = System.nanoTime() + maximumWait.toNanos();
        long pause = 2;
        while (true) {
            try {
                if (caughtUp.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException failure) {
                if (DatabaseUnavailable.causedBy(failure)) {
                    log.warn("Read model cannot show {}: the database is unreachable", what);
                    return false;
                }
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                log.warn("Read model has not shown {} within {}", what, maximumWait);
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
