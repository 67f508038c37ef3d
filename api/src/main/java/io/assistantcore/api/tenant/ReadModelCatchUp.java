package io.assistantcore.api.tenant;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.projections.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Read-your-writes for the tenant endpoints: after a command, wait (briefly, bounded) until the tenant read model
 * shows the aggregate version the command produced. Polling the database works on every node, whichever one runs
 * the projection.
 */
@Component
class ReadModelCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ReadModelCatchUp.class);
    private final TenantDirectory directory;
    private final Duration maximumWait;

    ReadModelCatchUp(TenantDirectory directory, AssistantProperties properties) {
        this.directory = directory;
        this.maximumWait = properties.consistency().readModelWait();
    }

    /** @return true when the read model caught up in time */
    boolean awaitTenantVersion(String tenantId, long version) {
        long deadline = System.nanoTime() + maximumWait.toNanos();
        long pause = 5;
        while (directory.version(tenantId) < version) {
            if (System.nanoTime() > deadline) {
                log.warn("Tenant read model has not reached version {} of {} within {}", version, tenantId, maximumWait);
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 100);
        }
        return true;
    }
}
