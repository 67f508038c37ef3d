package io.assistantcore.api.web.errors;

import io.assistantcore.api.web.input.ControlCharacterFreeStrings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Refuses, with 400 Problem Details naming the parameter, a query parameter whose name or value holds a control
 * character (U+0000–U+001F, U+007F–U+009F, encoded as {@code %00} and the like), by the same check as every string of
 * a request body ({@link ControlCharacterFreeStrings}): no parameter of the API is free
 * text with line breaks, and such a value would otherwise travel to a read model's SQL (PostgreSQL refuses a NUL in
 * text, which came back as a 500) or to a log. Spring Security's firewall checks paths and header values, not
 * parameters. Only the query string is read, never a form body.
 */
public class QueryParameterFilter extends OncePerRequestFilter {

    private final StatusProblems problems;

    public QueryParameterFilter(StatusProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String refused = query == null ? null : refusedParameter(query);
        if (refused != null) {
            String message = "must not contain control characters";
            ProblemDetail problem = problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request",
                    "'" + refused + "' " + message);
            problem.setProperty("errors", Map.of(refused, message));
            problem.setInstance(URI.create(request.getRequestURI()));
            problems.write(request, response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The name of the first parameter whose name or value holds a control character (a bounded, printable name). */
    static String refusedParameter(String query) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
            if (name == null || value == null) {
                continue; // not decodable: left to the container and the controller, which refuse it
            }
            if (ControlCharacterFreeStrings.firstRefused(name, false) >= 0
                    || ControlCharacterFreeStrings.firstRefused(value, false) >= 0) {
                String printable = name.codePoints().filter(c -> !Character.isISOControl(c)).limit(64)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                return printable.isEmpty() ? "(parameter name)" : printable;
            }
        }
        return null;
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
