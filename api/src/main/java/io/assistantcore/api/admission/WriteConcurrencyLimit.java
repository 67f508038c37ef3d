package io.assistantcore.api.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.openai.OpenAiErrors;
import io.assistantcore.api.web.Problems;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Bounds the writes one node works on at once (a Resilience4j bulkhead). A write beyond the bound waits, at most
 * {@code maxWait}, for a turn; then it is refused at once with 503 {@code overloaded} and {@code Retry-After}, instead
 * of queueing without bound on threads and connections until everything times out. Reads and open streams are not
 * counted: they hold no aggregate lock and answer from read models.
 */
public class WriteConcurrencyLimit extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Bulkhead bulkhead;
    private final Problems problems;
    private final ObjectMapper json;
    private final long retryAfterSeconds;
    private final Counter refused;

    public WriteConcurrencyLimit(AdmissionProperties properties, Problems problems, ObjectMapper json,
                                 MeterRegistry meters) {
        this.bulkhead = Bulkhead.of("api-writes", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxConcurrentWrites())
                .maxWaitDuration(properties.maxWait())
                .fairCallHandlingStrategyEnabled(true)
                .build());
        this.problems = problems;
        this.json = json;
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
        this.refused = Counter.builder("assistant.admission.refused")
                .description("Writes refused because the node was working on as many as it may").register(meters);
        Gauge.builder("assistant.admission.writes.available", bulkhead,
                b -> b.getMetrics().getAvailableConcurrentCalls()).register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // the OpenAI-compatible surface's calls are writes too: each posts a message
        return !WRITES.contains(request.getMethod()) || !(path.startsWith("/api/") || OpenAiErrors.applies(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!bulkhead.tryAcquirePermission()) {
            refused.increment();
            refuse(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            bulkhead.onComplete();
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = problems.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too busy",
                "This node is working on as many requests as it may; nothing was changed. Try again in "
                        + retryAfterSeconds + " s.");
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        if (OpenAiErrors.applies(request)) {
            OpenAiErrors.write(response, json, problem);
            return;
        }
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
