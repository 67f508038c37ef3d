package io.assistantcore.api.web;

import io.assistantcore.api.config.AssistantProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Map;

/** Builds RFC 9457 Problem Details with stable {@code type} URIs under {@code assistant.problems.base-uri}. */
@Component
public class Problems {

    private final URI baseUri;

    public Problems(AssistantProperties properties) {
        this.baseUri = properties.problems().baseUri();
    }

    public ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(baseUri.resolve(type));
        problem.setTitle(title);
        return problem;
    }

    public ProblemDetail validation(String detail, Map<String, String> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    public URI type(String type) {
        return baseUri.resolve(type);
    }
}
