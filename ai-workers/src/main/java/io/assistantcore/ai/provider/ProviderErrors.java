package io.assistantcore.ai.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import dev.langchain4j.model.ollama.OllamaStreamingException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what went wrong with a provider into a message a user can read and into the two decisions the generator
 * needs: may the same provider be asked again (before any output), and may the next provider in the chain try.
 * <p>
 * Fallback policy ({@link Failure#fallbackAllowed()}):
 * <ul>
 *     <li>Outages, overload, rate limits, timeouts, broken or malformed streams: fallback allowed; the request is
 *     fine, this provider just cannot serve it now.</li>
 *     <li>Authentication and configuration problems (401, 403, 404 unknown model or endpoint, 402 billing, an
 *     exhausted quota, Gemini's 400 for an invalid key): fallback allowed; the request is fine, this provider is
 *     misconfigured, and another one may well be set up correctly.</li>
 *     <li>The provider refused the request content itself (400, 413, 422: invalid parameters, input too long,
 *     content policy): no fallback; the next provider would most likely refuse the same input, and the user has
 *     to change it.</li>
 * </ul>
 * Retries ({@link Failure#retryable()}) only cover transient conditions: 408, 429 (not an exhausted quota), 5xx,
 * 529, connection failures, a stream that broke before any output and Anthropic's in-stream
 * {@code overloaded_error}/{@code api_error}. A first-token timeout is not retried: waiting that long again is worse
 * than handing the request to the next provider.
 */
final class ProviderErrors {

    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ERROR_STRING = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ProviderErrors() {
    }

    /**
     * @param message         for the user, names the provider
     * @param retryable       the same provider may be asked again, if no output was produced yet
     * @param fallbackAllowed the next provider may try
     * @param retryAfter      the wait the provider asked for ({@code Retry-After}), or null
     * @param cause           the original failure
     */
    record Failure(String message, boolean retryable, boolean fallbackAllowed, Duration retryAfter, Throwable cause) {

        Failure withMessage(String newMessage) {
            return new Failure(newMessage, retryable, fallbackAllowed, retryAfter, cause);
        }

        Failure notRetryable() {
            return new Failure(message, false, fallbackAllowed, retryAfter, cause);
        }
    }

    /** The stream ended (EOF) without the provider's completion marker. */
    static final class TruncatedStreamException extends RuntimeException {
        TruncatedStreamException(String detail) {
            super(detail);
        }
    }

    /** No output within the first-token timeout. */
    static final class FirstTokenTimeoutException extends RuntimeException {
        FirstTokenTimeoutException(Duration timeout) {
            super("No output within " + timeout);
        }
    }

    static Failure classify(String provider, String model, Throwable error, StreamTransport transport,
                            boolean outputStarted, Duration firstTokenTimeout) {
        int status = transport == null ? 0 : transport.httpStatus();
        HttpException http = find(error, HttpException.class);
        if (status == 0 && http != null) {
            status = http.statusCode();
        }
        if (status != 0) {
            String body = http == null ? null : http.getMessage();
            Duration retryAfter = transport == null ? null : retryAfter(transport.errorHeaders());
            return classifyStatus(provider, model, status, providerMessage(body), retryAfter, error);
        }
        boolean connectFailed = find(error, HttpConnectTimeoutException.class) != null
                || find(error, ConnectException.class) != null;
        if (!connectFailed && (error instanceof FirstTokenTimeoutException
                || find(error, HttpTimeoutException.class) != null
                || find(error, dev.langchain4j.exception.TimeoutException.class) != null)) {
            // Not retried: a provider that does not start within the limit is better replaced by the next one.
            return new Failure(provider + " did not start answering within " + seconds(firstTokenTimeout),
                    false, true, null, error);
        }
        if (connectFailed) {
            return new Failure(provider + " could not be reached (connection failed)", true, true, null, error);
        }
        if (find(error, UnresolvedModelServerException.class) != null
                || find(error, UnresolvedAddressException.class) != null
                || find(error, UnknownHostException.class) != null) {
            return new Failure(provider + " could not be reached (unknown host)", false, true, null, error);
        }
        AnthropicStreamingException anthropic = find(error, AnthropicStreamingException.class);
        if (anthropic != null) {
            String type = anthropic.type() == null ? "" : anthropic.type();
            return switch (type) {
                case "overloaded_error" -> new Failure(provider + " is overloaded", true, true, null, error);
                case "rate_limit_error" -> new Failure(provider + " is rate limiting requests", true, true, null, error);
                case "api_error" -> new Failure(provider + " failed with a server error: " + anthropic.getMessage(),
                        true, true, null, error);
                case "invalid_request_error" -> new Failure(provider + " rejected the request: "
                        + anthropic.getMessage(), false, false, null, error);
                default -> new Failure(provider + " reported an error: " + anthropic.getMessage(),
                        false, true, null, error);
            };
        }
        OllamaStreamingException ollama = find(error, OllamaStreamingException.class);
        if (ollama != null) {
            return new Failure(provider + " reported an error: " + ollama.getMessage(), false, true, null, error);
        }
        if (find(error, ProviderHttpClient.MalformedStreamException.class) != null
                || find(error, JsonProcessingException.class) != null) {
            return new Failure(provider + (outputStarted ? " sent a malformed stream chunk mid-answer"
                    : " sent a malformed stream chunk"), false, true, null, error);
        }
        if (error instanceof TruncatedStreamException) {
            return new Failure(provider + (outputStarted ? " ended the stream before finishing the answer"
                    : " ended the stream without an answer"), true, true, null, error);
        }
        if (find(error, IOException.class) != null) {
            return new Failure(provider + (outputStarted ? " stopped streaming mid-answer (connection lost)"
                    : " closed the connection unexpectedly"), true, true, null, error);
        }
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new Failure(provider + " failed: " + abbreviate(detail), false, true, null, error);
    }

    private static Failure classifyStatus(String provider, String model, int status, String detail,
                                          Duration retryAfter, Throwable error) {
        String suffix = detail == null ? "" : " (" + detail + ")";
        String lower = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        return switch (status) {
            case 400, 422 -> {
                if (lower.contains("api key") || lower.contains("api_key")) {
                    yield new Failure(provider + " answered " + status + ": the API key was rejected" + suffix,
                            false, true, null, error);
                }
                if (lower.contains("model") && (lower.contains("not found") || lower.contains("does not exist")
                        || lower.contains("not supported"))) {
                    yield new Failure(provider + " answered " + status + ": the model '" + model
                            + "' is not available" + suffix, false, true, null, error);
                }
                yield new Failure(provider + " rejected the request (" + status + ")" + colon(detail),
                        false, false, null, error);
            }
            case 401 -> new Failure(provider + " answered 401: the API key was rejected", false, true, null, error);
            case 402 -> new Failure(provider + " answered 402: the account needs payment" + suffix,
                    false, true, null, error);
            case 403 -> new Failure(provider + " answered 403: the API key may not use model '" + model + "'" + suffix,
                    false, true, null, error);
            case 404 -> new Failure(provider + " answered 404: the model '" + model
                    + "' or the API endpoint was not found" + suffix, false, true, null, error);
            case 408 -> new Failure(provider + " timed out on its side (408)", true, true, retryAfter, error);
            case 413 -> new Failure(provider + " rejected the request as too large (413)" + colon(detail),
                    false, false, null, error);
            case 429 -> lower.contains("quota") || lower.contains("billing") || lower.contains("credit")
                    ? new Failure(provider + " answered 429: the account has no quota left" + suffix,
                    false, true, null, error)
                    : new Failure(provider + " is rate limiting requests (429)", true, true, retryAfter, error);
            case 500 -> new Failure(provider + " failed with a server error (500)", true, true, retryAfter, error);
            case 502 -> new Failure(provider + " is unreachable behind its gateway (502)", true, true, retryAfter, error);
            case 503 -> new Failure(provider + " is unavailable (503)", true, true, retryAfter, error);
            case 504 -> new Failure(provider + " timed out behind its gateway (504)", true, true, retryAfter, error);
            case 529 -> new Failure(provider + " is overloaded (529)", true, true, retryAfter, error);
            default -> status >= 500
                    ? new Failure(provider + " failed with a server error (" + status + ")", true, true, retryAfter, error)
                    : new Failure(provider + " answered " + status + suffix, false, true, null, error);
        };
    }

    /**
     * The wait a provider asked for: {@code retry-after-ms} (OpenAI), else {@code retry-after} in seconds or as an
     * HTTP date; null when absent or unreadable.
     */
    static Duration retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return null;
        }
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().strip())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().strip();
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(text) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    /** The human-readable message in a provider's JSON error body, if any. */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        Matcher matcher = MESSAGE.matcher(body);
        if (!matcher.find()) {
            matcher = ERROR_STRING.matcher(body);
            if (!matcher.find()) {
                return null;
            }
        }
        String message = matcher.group(1).replace("\\n", " ").replace("\\\"", "\"").replace("\\\\", "\\").strip();
        return message.isEmpty() ? null : abbreviate(message);
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String colon(String detail) {
        return detail == null ? "" : ": " + detail;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return null;
    }
}
