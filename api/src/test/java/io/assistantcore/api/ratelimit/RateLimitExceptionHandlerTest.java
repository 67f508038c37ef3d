package io.assistantcore.api.ratelimit;

import io.assistantcore.api.web.Problems;
import io.assistantcore.platform.ratelimit.RateLimit;
import io.assistantcore.platform.ratelimit.RateLimitExceededException;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class RateLimitExceptionHandlerTest {

    @Test
    void aRefusalThatCannotBeRecordedIsStillA429() {
        Problems problems = mock(Problems.class);
        when(problems.of(eq(HttpStatus.TOO_MANY_REQUESTS), eq("rate-limited"), anyString(), anyString()))
                .thenAnswer(call -> {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                            call.getArgument(3));
                    problem.setType(URI.create("https://example.test/problems/rate-limited"));
                    return problem;
                });
        EventGateway events = mock(EventGateway.class);
        doThrow(new IllegalStateException("event store down")).when(events).publish(any(Object[].class));
        doThrow(new IllegalStateException("event store down")).when(events).publish(any(java.util.List.class));

        ResponseEntity<ProblemDetail> response = new RateLimitExceptionHandler(problems, events).handle(
                new RateLimitExceededException("acme", "ann", RateLimit.REQUESTS_PER_USER, 3, 0, 60, 17),
                new MockHttpServletRequest("POST", "/api/v1/assist/sessions/s1/suggestions"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("17");
        assertThat(response.getHeaders().getFirst("RateLimit-Limit")).isEqualTo("3");
        assertThat(response.getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        assertThat(response.getHeaders().getFirst("RateLimit-Reset")).isEqualTo("60");
        assertThat(response.getBody().getDetail())
                .isEqualTo("Rate limit reached: 3 requests per minute per user; retry in 17 s");
        assertThat(response.getBody().getProperties()).containsEntry("limit", "requests-per-minute-per-user");
    }
}
