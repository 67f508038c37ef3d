package io.assistantcore.api.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.assistantcore.api.audit.AuditRefusals;
import io.assistantcore.api.openai.OpenAiErrors;
import io.assistantcore.api.stream.StreamLimits.TooManyStreamsException;
import io.assistantcore.api.web.errors.StatusProblems;
import io.assistantcore.messages.common.CommandRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Turns every failure into Problem Details with a stable type and a detail a person can act on. Refused commands and
 * denied requests are also recorded in the audit trail ({@link AuditRefusals} says which).
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final Problems problems;
    private final AuditRefusals refusals;

    public ApiExceptionHandler(Problems problems, AuditRefusals refusals) {
        this.problems = problems;
        this.refusals = refusals;
    }

    @ExceptionHandler(ApiException.class)
    ProblemDetail handle(ApiException exception, HttpServletRequest request, HttpServletResponse response) {
        if (exception.retryAfterSeconds() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()));
        }
        ProblemDetail problem = exception.errors().isEmpty()
                ? problems.of(exception.status(), exception.type(), exception.title(), exception.getMessage())
                : problems.validation(exception.getMessage(), exception.errors());
        refusals.answered(request, problem.getStatus(), problem.getType(), exception.getMessage());
        return problem;
    }

    @ExceptionHandler(CommandRejectedException.class)
    ProblemDetail handle(CommandRejectedException rejection, HttpServletRequest request) {
        ProblemDetail problem = switch (rejection.kind()) {
            case INVALID -> problems.validation(rejection.getMessage(), Map.of(rejection.code(), rejection.getMessage()));
            case CONFLICT -> problems.of(HttpStatus.CONFLICT, rejection.code(), "Conflict", rejection.getMessage());
            case NOT_FOUND -> problems.of(HttpStatus.NOT_FOUND, rejection.code(), "Not found", rejection.getMessage());
        };
        refusals.commandRejected(request, problem.getStatus(), rejection.code(), rejection.getMessage());
        return problem;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail handle(AggregateNotFoundException exception) {
        return problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No such resource: " + exception.getAggregateIdentifier());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail handle(ConcurrencyException exception) {
        return problems.of(HttpStatus.CONFLICT, "concurrent-modification", "Conflict",
                "The resource was changed by another request at the same time; read it again and retry");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail handle(AccessDeniedException exception, HttpServletRequest request) {
        ProblemDetail problem = problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", exception.getMessage());
        refusals.answered(request, problem.getStatus(), problem.getType(), exception.getMessage());
        return problem;
    }

    /** 429 {@code too-many-streams}, with {@code Retry-After}: the caller or this node has as many streams as allowed. */
    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException refusal) {
        ProblemDetail problem = problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many streams",
                refusal.getMessage());
        problem.setProperty("limit", refusal.limit().code());
        problem.setProperty("limitValue", refusal.limitValue());
        problem.setProperty("retryAfterSeconds", refusal.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * 400: a {@code multipart/*} body that cannot be read (no boundary, cut off, not multipart at all), which the
     * dispatcher meets before any handler is chosen. Spring maps only the size limit's subclass (413) itself, and
     * its handler, naming that exact type, is chosen before this one.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException exception) {
        log.debug("Unreadable multipart body: {}", exception.getClass().getSimpleName());
        return answer(problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "The multipart body could not be read; send multipart/form-data with its boundary, or the "
                        + "Content-Type the endpoint documents"));
    }

    /**
     * 400: the security firewall refused a header value (a control character) when the application read it, which
     * happens inside a controller rather than in the filters; the value itself is neither logged nor repeated.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException exception) {
        log.debug("Request rejected by the firewall while being handled");
        return answer(problems.of(HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected",
                "A header of the request holds what this server refuses (control characters)"));
    }

    /** 503 with {@code Retry-After}: the database cannot be reached (see {@link DatabaseUnavailable}). */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception exception) {
        log.warn("Request answered 503, the database is unreachable: {}", exception.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.TYPE, DatabaseUnavailable.TITLE,
                        DatabaseUnavailable.DETAIL));
    }

    /** Command and query gateways wrap handler failures; answer for the cause. */
    @ExceptionHandler({CommandExecutionException.class, CompletionException.class})
    ResponseEntity<ProblemDetail> handleWrapped(RuntimeException wrapper, HttpServletRequest request) {
        Throwable cause = wrapper.getCause();
        if (cause instanceof CommandRejectedException rejection) {
            return answer(handle(rejection, request));
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return answer(handle(notFound));
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return answer(handle(concurrency));
        }
        return unexpected(wrapper);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        if (DatabaseUnavailable.causedBy(exception)) {
            return databaseUnavailable(exception);
        }
        log.error("Unexpected failure", exception);
        return answer(problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed unexpectedly; nothing was changed unless a later read shows it. "
                        + "Quote the X-Request-Id response header when reporting this."));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Spring's own exceptions (415, 405, 406, ...) get a stable type of ours instead of about:blank. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, @NonNull HttpHeaders headers,
                                                          @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setType(problems.type(StatusProblems.type(known == null ? HttpStatus.BAD_REQUEST : known)));
        }
        if (body instanceof ProblemDetail problem && openAi(request)) {
            return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                    .body(OpenAiErrors.body(problem));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** Whether the request is one of the OpenAI-compatible surface's, whose errors have OpenAI's shape. */
    private static boolean openAi(WebRequest request) {
        return request instanceof ServletWebRequest servlet && OpenAiErrors.applies(servlet.getRequest());
    }

    /**
     * A path no controller or static page serves: the same answer as the container's own 404, instead of Spring's
     * "No static resource …", which names an implementation detail and repeats the path.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            @NonNull org.springframework.web.servlet.resource.NoResourceFoundException exception,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        return createResponseEntity(problems.of(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                "There is nothing at this path; the API is described at /v3/api-docs"), headers, HttpStatus.NOT_FOUND,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(@NonNull MethodArgumentNotValidException exception,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : exception.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        exception.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
        String detail = errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(problems.validation(detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            @NonNull HandlerMethodValidationException exception, @NonNull HttpHeaders headers,
            @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        exception.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.putIfAbsent(result.getMethodParameter().getParameterName(), error.getDefaultMessage())));
        return ResponseEntity.badRequest().body(problems.validation("Invalid request parameters", errors));
    }

    /** A query parameter or path variable that is not of its type, named in the problem's {@code errors}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(@NonNull TypeMismatchException exception,
                                                        @NonNull HttpHeaders headers, @NonNull HttpStatusCode status,
                                                        @NonNull WebRequest request) {
        String name = exception instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : String.valueOf(exception.getPropertyName());
        Class<?> type = exception.getRequiredType();
        String message = "cannot read " + quoted(exception.getValue()) + " as "
                + (type == null ? "the expected type" : Number.class.isAssignableFrom(type) || type.isPrimitive()
                ? "a number" : describe(type));
        return ResponseEntity.badRequest().body(problems.validation("'" + name + "' " + message,
                Map.of(name, message)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException exception,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        Throwable cause = exception.getCause();
        JsonParseException syntax = syntaxError(cause);
        if (syntax != null) {
            String where = syntax.getLocation() == null ? ""
                    : " at line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr();
            return ResponseEntity.badRequest().body(problems.of(HttpStatus.BAD_REQUEST, "malformed-request",
                    "Malformed request", "The body is not valid JSON" + where + ": " + withoutSource(syntax)));
        }
        if (cause instanceof InvalidFormatException invalid) {
            String field = path(invalid);
            String message = "cannot read " + quoted(invalid.getValue()) + " as " + describe(invalid.getTargetType());
            return ResponseEntity.badRequest().body(problems.validation(field + ": " + message, Map.of(field, message)));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ResponseEntity.badRequest().body(problems.validation("Unknown field '" + field + "'",
                    Map.of(field, "unknown field; known fields: " + unknown.getKnownPropertyIds())));
        }
        if (cause instanceof MismatchedInputException trailing
                && String.valueOf(trailing.getOriginalMessage()).startsWith("Trailing token")) {
            return ResponseEntity.badRequest().body(problems.of(HttpStatus.BAD_REQUEST, "malformed-request",
                    "Malformed request", "The body must be one JSON value; more follows after it"));
        }
        if (cause instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                && String.valueOf(mismatched.getOriginalMessage()).contains("`")) {
            // Jackson's own "cannot deserialize `type` from ..." (our readers' messages are already in JSON terms)
            String expected = "must be " + expected(mismatched.getTargetType());
            if (mismatched.getPath().isEmpty()) {
                return ResponseEntity.badRequest().body(problems.of(HttpStatus.BAD_REQUEST, "malformed-request",
                        "Malformed request", "The body " + expected));
            }
            String field = path(mismatched);
            return ResponseEntity.badRequest().body(problems.validation(field + ": " + expected,
                    Map.of(field, expected)));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            String message = withoutClassNames(mapping.getOriginalMessage());
            return ResponseEntity.badRequest().body(problems.validation(field + ": " + message,
                    Map.of(field, message)));
        }
        String detail = cause instanceof JsonProcessingException json
                ? "The body could not be read: " + withoutClassNames(withoutSource(json))
                : "The request needs a JSON body";
        return ResponseEntity.badRequest().body(problems.of(HttpStatus.BAD_REQUEST, "malformed-request",
                "Malformed request", detail));
    }

    private static JsonParseException syntaxError(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof JsonParseException parse) {
                return parse;
            }
        }
        return null;
    }

    /** Jackson's messages quote where the input came from; a client needs only what was wrong. */
    private static String withoutSource(JsonProcessingException exception) {
        return exception.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^]]*]\\)", "")
                .replaceAll("\\s*at \\[Source:[^]]*]", "").strip();
    }

    /** What a field of this type looks like in JSON, in a client's words rather than Java's. */
    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return describe(type);
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (TemporalAccessor.class.isAssignableFrom(type)) {
            return "a date-time string";
        }
        return acceptsText(type) ? "a string or an object" : "an object";
    }

    /** A type that also reads from a plain string (a one-argument {@code @JsonCreator} of a {@code String}). */
    private static boolean acceptsText(Class<?> type) {
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers())
                    && method.isAnnotationPresent(JsonCreator.class)
                    && method.getParameterCount() == 1 && method.getParameterTypes()[0] == String.class) {
                return true;
            }
        }
        return false;
    }

    /** Jackson names the Java types it could not build ({@code `io.x.Outer$Inner`}); a client needs none of them. */
    static String withoutClassNames(String message) {
        return message == null ? "" : message.replaceAll("`[\\w.$]+`", "the expected value")
                .replaceAll("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:\\$\\w+)*", "the expected value");
    }

    private static String path(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return type.getSimpleName();
    }

    private static String quoted(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
