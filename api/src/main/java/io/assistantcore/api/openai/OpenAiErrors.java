package io.assistantcore.api.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors of the {@code /v1} surface in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, with
 * the HTTP status the platform's Problem Details would have had (decision 0015): {@code type} is OpenAI's category
 * for the status, {@code code} the platform's problem type ({@code budget-exhausted}, {@code rate-limited}, …).
 */
public final class OpenAiErrors {

    public static final String PATH_PREFIX = "/v1/";

    private OpenAiErrors() {
    }

    /** Whether an error of this request is answered in OpenAI's shape. */
    public static boolean applies(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path != null && path.startsWith(PATH_PREFIX);
    }

    /** OpenAI's error type for a status (and the platform's problem code). */
    static String type(int status, String code) {
        return switch (status) {
            case 400, 409, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "budget-exhausted".equals(code) ? "insufficient_quota" : "rate_limit_error";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    static Map<String, Object> body(int status, String code, String message, String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type(status, code));
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }

    /** The problem's content in OpenAI's shape: its detail, its type's last segment as code, its first field. */
    public static Map<String, Object> body(ProblemDetail problem) {
        String type = problem.getType() == null ? "error" : problem.getType().toString();
        String code = type.substring(type.lastIndexOf('/') + 1);
        String param = null;
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof Map<?, ?> errors
                && !errors.isEmpty()) {
            param = String.valueOf(errors.keySet().iterator().next());
        }
        String message = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
        return body(problem.getStatus(), code, message, param);
    }

    /** Writes {@code problem} in OpenAI's shape (status and headers set by the caller stay). */
    public static void write(HttpServletResponse response, ObjectMapper objectMapper, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), body(problem));
    }
}
