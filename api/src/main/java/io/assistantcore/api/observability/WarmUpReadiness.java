package io.assistantcore.api.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The node's readiness waits for its warm-ups (the offline engine, the embedding model and what is embedded with it):
 * while any is running this reports {@link #WARMING_UP}, which the {@code readiness} health group ranks above
 * {@code UP} and answers with 503, so a load balancer or an orchestrator sends the node traffic only once it works at
 * full speed; the overall health ranks it below {@code UP}, so {@code /actuator/health} and liveness stay 200 (the
 * node answers meanwhile, docs/operations.md). Read from the gauge {@code assistant.warmups.pending} that the workers
 * keep, the API module depending on no worker class; without that gauge (no workers on this node) there is nothing
 * to wait for.
 */
public class WarmUpReadiness implements HealthIndicator {

    /** The status while warm-ups run: "not ready yet", not "down". */
    public static final Status WARMING_UP = new Status("WARMING_UP", "Warm-ups still running");

    static final String PENDING_GAUGE = "assistant.warmups.pending";

    private final ObjectProvider<MeterRegistry> registry;

    public WarmUpReadiness(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        MeterRegistry meters = registry.getIfAvailable();
        Gauge gauge = meters == null ? null : meters.find(PENDING_GAUGE).gauge();
        if (gauge == null) {
            return Health.up().build();
        }
        long pending = Math.round(gauge.value());
        return (pending > 0 ? Health.status(WARMING_UP) : Health.up()).withDetail("pending", pending).build();
    }
}
