package io.assistantcore.api.web;

import io.assistantcore.api.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;

/**
 * The last line for a database outage: a failure that escapes every handler (a servlet filter's, say) and means the
 * database is unreachable is answered 503 Problem Details with {@code Retry-After} here, instead of the container's
 * error page. Handlers answer it themselves ({@code ApiExceptionHandler}, {@code ProblemSecurityHandlers}); this
 * filter only sees what they could not.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);
    private final Problems problems;
    private final ObjectMapper objectMapper;

    public DatabaseUnavailableFilter(Problems problems, ObjectMapper objectMapper) {
        this.problems = problems;
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException failure) {
            if (!DatabaseUnavailable.causedBy(failure) || response.isCommitted()) {
                throw failure;
            }
            log.warn("Request answered 503, the database is unreachable: {}", failure.toString());
            response.resetBuffer();
            ProblemDetail problem = problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.TYPE,
                    DatabaseUnavailable.TITLE, DatabaseUnavailable.DETAIL);
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(problem.getStatus());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            if (OpenAiErrors.applies(request)) {
                OpenAiErrors.write(response, objectMapper, problem);
                return;
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            objectMapper.writeValue(response.getOutputStream(), problem);
        }
    }
}
