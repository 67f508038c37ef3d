package io.assistantcore.api.ratelimit;

import io.assistantcore.api.web.Problems;
import io.assistantcore.messages.ratelimit.RateLimitEvents.RateLimitRefused;
import io.assistantcore.platform.ratelimit.RateLimitExceededException;
import io.assistantcore.platform.ratelimit.RateLimitStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link RateLimitExceededException} with 429 {@code /rate-limited} and the {@code Retry-After} and
 * {@code RateLimit-*} headers of the refusing limit, and records the refusal as a {@link RateLimitRefused} event.
 * Ordered before {@code ApiExceptionHandler}, whose catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RateLimitExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RateLimitExceptionHandler.class);

    private final Problems problems;
    private final EventGateway events;

    public RateLimitExceptionHandler(Problems problems, EventGateway events) {
        this.problems = problems;
        this.events = events;
    }

    @ExceptionHandler(RateLimitExceededException.class)
    public ResponseEntity<ProblemDetail> handle(RateLimitExceededException refusal, HttpServletRequest request) {
        record(refusal, request);
        ProblemDetail problem = problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limit reached",
                refusal.getMessage());
        problem.setProperty("limit", refusal.limit().code());
        problem.setProperty("limitValue", refusal.limitValue());
        problem.setProperty("retryAfterSeconds", refusal.retryAfterSeconds());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        RateLimitHeaders.write(refusal.status(), headers::set);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).headers(headers).body(problem);
    }

    /** Stored with the request's metadata (tenant, user, request id); a failure here must not turn 429 into 500. */
    private void record(RateLimitExceededException refusal, HttpServletRequest request) {
        try {
            events.publish(new RateLimitRefused(refusal.tenantId(), refusal.userId(), refusal.limit().code(),
                    refusal.limitValue(), refusal.retryAfterSeconds(), request.getMethod(), request.getRequestURI()));
        } catch (RuntimeException e) {
            log.warn("Could not record the rate-limit refusal of {} in tenant {} ({}): {}", refusal.userId(),
                    refusal.tenantId(), refusal.limit().code(), e.toString());
        }
    }
}
