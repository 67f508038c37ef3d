package io.assistantcore.api.web;

import org.springframework.http.HttpStatus;

import java.util.Map;

/** A failure the API answers itself, with its status and Problem Details type. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, String> errors;
    private Long retryAfterSeconds;

    public ApiException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    private ApiException(HttpStatus status, String type, String title, String detail, Map<String, String> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors;
    }

    /** 400 validation failure of one request parameter, named in the problem's {@code errors}. */
    public static ApiException invalidParameter(String name, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request",
                "'" + name + "' " + message, Map.of(name, message));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    /** Tells the client, in a {@code Retry-After} header, when trying again makes sense. */
    public ApiException withRetryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Seconds for the {@code Retry-After} header; null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Parameter → message, for validation failures; empty otherwise. */
    public Map<String, String> errors() {
        return errors;
    }
}
