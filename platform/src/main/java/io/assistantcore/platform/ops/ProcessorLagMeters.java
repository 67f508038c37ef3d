package io.assistantcore.platform.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each event processor trails the event store (docs/observability.md): the gauge {@value #LAG} per processor
 * — the global index of the newest stored event minus the lowest position the processor's segments reached (all of it
 * while it has no token yet) — and {@value #HEAD}, that newest index. Registered once the application is ready (every
 * processor exists then); read from the token store at most once per {@code refresh}, however often it is scraped.
 */
public class ProcessorLagMeters implements ApplicationListener<ApplicationReadyEvent> {

    public static final String LAG = "assistant.processor.lag";
    public static final String HEAD = "assistant.eventstore.head";

    private static final Logger log = LoggerFactory.getLogger(ProcessorLagMeters.class);

    private final ProjectionOperations operations;
    private final MeterRegistry registry;
    private final long refreshNanos;
    private Map<String, Long> lags = Map.of();
    private long head;
    private long readAt;
    private boolean read;

    public ProcessorLagMeters(ProjectionOperations operations, MeterRegistry registry, Duration refresh) {
        this.operations = operations;
        this.registry = registry;
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Gauge.builder(HEAD, this, meters -> meters.current(null))
                .description("Global index of the newest event in the event store")
                .baseUnit("events").register(registry);
        for (ProjectionStatus status : operations.list()) {
            String name = status.name();
            Gauge.builder(LAG, this, meters -> meters.current(name))
                    .description("Events an event processor trails the event store by (head minus its position)")
                    .baseUnit("events").tag("processor", name).register(registry);
        }
    }

    /** The lag of {@code processor}, or the head for null; NaN when the token store cannot be read. */
    private synchronized double current(String processor) {
        long now = System.nanoTime();
        if (!read || now - readAt > refreshNanos) {
            try {
                Map<String, Long> fresh = new HashMap<>();
                long newest = 0;
                for (ProjectionStatus status : operations.list()) {
                    newest = status.headPosition() == null ? newest : Math.max(newest, status.headPosition());
                    long headPosition = status.headPosition() == null ? 0 : status.headPosition();
                    long position = status.position() == null ? 0 : status.position();
                    fresh.put(status.name(), Math.max(0, headPosition - position));
                }
                lags = fresh;
                head = newest;
            } catch (RuntimeException e) {
                log.debug("Reading processor positions for the lag gauges failed: {}", e.toString());
                lags = Map.of();
            }
            readAt = now;
            read = true;
        }
        if (processor == null) {
            return head;
        }
        Long lag = lags.get(processor);
        return lag == null ? Double.NaN : lag;
    }
}
