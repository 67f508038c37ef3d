package io.assistantcore.api.web.errors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.util.Set;

/**
 * What Spring Security's firewall refuses ({@code ..}, {@code ;}, {@code %25}, encoded line breaks, TRACE, ...),
 * answered as Problem Details: 405 for a method the API does not serve, 400 otherwise. The firewall's reason is not
 * repeated (it quotes the request).
 */
public class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final StatusProblems problems;

    public ProblemRequestRejectedHandler(StatusProblems problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       RequestRejectedException rejection) throws IOException {
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, String.join(", ", METHODS.stream().sorted().toList()));
            problems.write(request, response, problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "Method not allowed", "The API does not serve the " + safe(request.getMethod()) + " method"));
            return;
        }
        problems.write(request, response, problems.of(HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected",
                "The request URL or headers contain what this server refuses: encoded '/', '\\', '%' or '.' "
                        + "segments, ';', '//' or control characters"));
    }

    private static String safe(String method) {
        return method != null && method.matches("[A-Z]{1,20}") ? method : "requested";
    }
}
