package io.assistantcore.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.audit.AuditRefusals;
import io.assistantcore.api.openai.OpenAiErrors;
import io.assistantcore.api.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.assistantcore.api.web.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;

/** 401 and 403 (and 503/500 when the caller's roles cannot be read) answered by the security filters as Problem Details, like every other error, and audited. */
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

    private final Problems problems;
    private final ObjectMapper objectMapper;
    private final AuditRefusals refusals;
    private final BearerTokenAuthenticationEntryPoint bearerHeaders = new BearerTokenAuthenticationEntryPoint();

    public ProblemSecurityHandlers(Problems problems, ObjectMapper objectMapper, AuditRefusals refusals) {
        this.problems = problems;
        this.objectMapper = objectMapper;
        this.refusals = refusals;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        if (exception instanceof MemberLookupFailedException failed) {
            lookupFailed(request, response, failed);
            return;
        }
        // Sets the standard WWW-Authenticate header (with the token error, if any) and the 401 status.
        bearerHeaders.commence(request, response, exception);
        String detail = request.getHeader("Authorization") == null
                ? "This endpoint needs 'Authorization: Bearer <token>'. On the embedded defaults, POST /api/v1/dev/tokens "
                  + "from this machine issues a development token."
                : "The bearer token was not accepted: " + exception.getMessage();
        write(request, response, problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        write(request, response, problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                exception.getMessage() == null || exception.getMessage().equals("Access Denied")
                        ? "Your roles do not allow this request" : exception.getMessage()));
    }

    /** 503 (database unreachable) or 500, as Problem Details; not audited: the audit trail is stored there too. */
    private void lookupFailed(HttpServletRequest request, HttpServletResponse response,
                              MemberLookupFailedException failure) throws IOException {
        ProblemDetail problem;
        if (failure.databaseUnavailable()) {
            log.warn("Request answered 503, the caller's roles could not be read: {}", failure.getCause().toString());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            problem = problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.TYPE, DatabaseUnavailable.TITLE,
                    DatabaseUnavailable.DETAIL);
        } else {
            log.error("The caller's roles could not be read", failure.getCause());
            problem = problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                    "The caller's roles could not be read. Quote the X-Request-Id response header when reporting this.");
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        refusals.answered(request, problem.getStatus(), problem.getType(), problem.getDetail());
        if (OpenAiErrors.applies(request)) {
            // the OpenAI-compatible surface answers errors in OpenAI's shape (decision 0015)
            OpenAiErrors.write(response, objectMapper, problem);
            return;
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
