package io.assistantcore.api.audit;

import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.CurrentCaller;
import io.assistantcore.messages.audit.AuditEvents.CommandRefused;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records refused and denied requests in the audit trail as {@link CommandRefused} events. What is recorded:
 * every 403 and every 401 of an authenticated caller; every refusal of a command by the write model (400, 404,
 * 409); and 404s of access checks on writes (non-GET requests). 401s without a caller (no or an invalid token) are
 * recorded one by one only up to a few per remote address and per minute (10, and 100 over all addresses) ({@link UnauthenticatedRefusals}); the
 * rest are counted ({@code assistant.refusals.unauthenticated}, tagged {@code recorded}) and recorded as one
 * summary {@code CommandRefused} (code {@value #SUMMARY_CODE}) per minute, so anonymous traffic cannot fill the
 * event store. Not recorded: reads of unknown ids, malformed or invalid request bodies that never became a command,
 * and 429s (rate limits and budgets record their own refusal events). Recording never fails the response: a failure
 * is logged.
 */
@Component
public class AuditRefusals {

    private static final Logger log = LoggerFactory.getLogger(AuditRefusals.class);
    private static final int MAX_REASON = 1000;

    /** Code of the summary of unauthenticated refusals that were counted, not recorded one by one. */
    public static final String SUMMARY_CODE = "unauthenticated-summary";
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Per window: remote addresses told apart. */
    static final int MAX_SOURCES = 10_000;

    private final EventGateway events;
    private final UnauthenticatedRefusals unauthenticated;
    private final Counter recordedUnauthenticated;
    private final Counter countedUnauthenticated;
    private final ScheduledExecutorService summaries;

    /**
     * @param perSource 401s without a caller recorded one by one per remote address and minute
     * @param overall   the same, over all addresses
     */
    @Autowired
    public AuditRefusals(EventGateway events, ObjectProvider<MeterRegistry> meters,
                         @Value("${assistant.audit.unauthenticated-per-source:10}") int perSource,
                         @Value("${assistant.audit.unauthenticated-overall:100}") int overall) {
        this(events, meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC(), perSource, overall);
    }

    AuditRefusals(EventGateway events, MeterRegistry meters, Clock clock, int perSource, int overall) {
        this.events = events;
        this.unauthenticated = new UnauthenticatedRefusals(clock, WINDOW, perSource, overall, MAX_SOURCES);
        this.recordedUnauthenticated = Counter.builder("assistant.refusals.unauthenticated").tag("recorded", "true")
                .description("401s without a caller").register(meters);
        this.countedUnauthenticated = Counter.builder("assistant.refusals.unauthenticated").tag("recorded", "false")
                .description("401s without a caller").register(meters);
        this.summaries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unauthenticated-refusal-summaries");
            thread.setDaemon(true);
            return thread;
        });
        long period = WINDOW.toMillis() / 4;
        summaries.scheduleWithFixedDelay(() -> unauthenticated.rollOver(this::recordSummary), period, period,
                TimeUnit.MILLISECONDS);
    }

    /** Records the summary of the current window now, without waiting for it to end. */
    public void flushUnauthenticatedSummary() {
        unauthenticated.flush(this::recordSummary);
    }

    /** What the last, unfinished window held back stays in the metric only; its summary is not waited for. */
    @PreDestroy
    void close() {
        summaries.shutdownNow();
    }

    /** A refusal of a command by the write model. */
    public void commandRejected(HttpServletRequest request, int status, String code, String reason) {
        record(request, status, code, reason);
    }

    /** An error the api answered itself (access checks among others): only denials and refused writes count. */
    public void answered(HttpServletRequest request, int status, URI type, String reason) {
        if (status == 401 && CurrentCaller.get().isEmpty()) {
            String source = request == null ? null : request.getRemoteAddr();
            if (!unauthenticated.admit(source, this::recordSummary)) {
                countedUnauthenticated.increment();
                return;
            }
            recordedUnauthenticated.increment();
            record(request, status, code(type), reason);
        } else if (status == 401 || status == 403 || (status == 404 && isWrite(request))) {
            record(request, status, code(type), reason);
        }
    }

    private void recordSummary(UnauthenticatedRefusals.Summary summary) {
        try {
            events.publish(new CommandRefused(null, null, "unauthenticated requests",
                    summary.count() + " further requests without a valid token from " + summary.sources()
                            + (summary.sources() == 1 ? " source" : " sources") + " between " + summary.from()
                            + " and " + summary.to() + " were counted, not recorded one by one",
                    SUMMARY_CODE, 401, null, null));
        } catch (RuntimeException e) {
            log.warn("Could not record the summary of {} unauthenticated requests in the audit trail: {}",
                    summary.count(), e.toString());
        }
    }

    private void record(HttpServletRequest request, int status, String code, String reason) {
        try {
            Optional<Caller> caller = CurrentCaller.get();
            Object dispatched = request == null ? null : request.getAttribute(DispatchedCommands.ATTRIBUTE);
            String method = request == null ? null : request.getMethod();
            String path = request == null ? null : request.getRequestURI();
            String command = dispatched != null ? dispatched.toString() : method + " " + path;
            events.publish(new CommandRefused(caller.map(Caller::tenantId).orElse(null),
                    caller.map(Caller::userId).orElse(null), command, truncated(reason), code, status, method, path));
        } catch (RuntimeException e) {
            log.warn("Could not record a refused request in the audit trail: {}", e.toString());
        }
    }

    private static boolean isWrite(HttpServletRequest request) {
        if (request == null) {
            return false;
        }
        String method = request.getMethod();
        return !(HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method) || HttpMethod.OPTIONS.matches(method));
    }

    static String code(URI type) {
        if (type == null) {
            return null;
        }
        String text = type.toString();
        return text.substring(text.lastIndexOf('/') + 1);
    }

    private static String truncated(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }
}
