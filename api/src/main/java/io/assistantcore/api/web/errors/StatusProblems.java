package io.assistantcore.api.web.errors;

import io.assistantcore.api.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Problem Details for a bare HTTP status: what the servlet container, the security firewall or a filter answers
 * before any controller runs. The {@code type} is stable per status; the detail never repeats the request (it may
 * be what was refused).
 */
public class StatusProblems {

    private final Problems problems;
    private final ObjectMapper json;

    public StatusProblems(Problems problems, ObjectMapper json) {
        this.problems = problems;
        this.json = json;
    }

    public ProblemDetail of(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null) {
            known = status >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        return problems.of(known, type(known), known.getReasonPhrase(), detail(known));
    }

    public ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        return problems.of(status, type, title, detail);
    }

    public URI type(String type) {
        return problems.type(type);
    }

    public byte[] bytes(ProblemDetail problem) {
        try {
            return json.writeValueAsBytes(problem);
        } catch (IOException e) {
            return ("{\"status\":" + problem.getStatus() + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes {@code problem} unless the response is already committed; under {@code /v1/} (the OpenAI-compatible
     * surface) in OpenAI's error shape, which its client libraries read.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (request == null || !OpenAiErrors.applies(request)) {
            write(response, problem);
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(OpenAiErrors.body(problem));
        } catch (IOException e) {
            body = ("{\"error\":{\"message\":null,\"type\":\"server_error\"}}").getBytes(StandardCharsets.UTF_8);
        }
        send(response, problem.getStatus(), MediaType.APPLICATION_JSON_VALUE, body);
    }

    /** Writes {@code problem} unless the response is already committed. */
    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        send(response, problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, bytes(problem));
    }

    private static void send(HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The stable type name for a status. */
    public static String type(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad-request";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case PAYLOAD_TOO_LARGE -> "request-too-large";
            case URI_TOO_LONG -> "uri-too-long";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "headers-too-large";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case INTERNAL_SERVER_ERROR -> "internal-error";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> "http-" + status.value();
        };
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request could not be read: its path, query, headers or framing are not valid "
                    + "HTTP as this server accepts it (encoded '/', '\\', '.' segments, control characters and "
                    + "oversized headers are refused)";
            case NOT_FOUND -> "There is nothing at this path";
            case METHOD_NOT_ALLOWED -> "This method is not allowed here";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than this server accepts";
            case URI_TOO_LONG -> "The request URI is longer than this server accepts";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are larger than this server accepts";
            case INTERNAL_SERVER_ERROR -> "The request failed unexpectedly; quote the X-Request-Id response header "
                    + "when reporting this";
            default -> status.getReasonPhrase();
        };
    }
}
