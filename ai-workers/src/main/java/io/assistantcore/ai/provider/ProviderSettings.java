package io.assistantcore.ai.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one remote model provider.
 *
 * @param id                {@code openai}, {@code anthropic}, {@code gemini} or {@code ollama}
 * @param apiKey            the API key; required except for {@code ollama}
 * @param baseUrl           the API base URL (e.g. {@code https://api.openai.com/v1}), or null for the provider's
 *                          default (for {@code ollama}: {@value #DEFAULT_OLLAMA_BASE_URL})
 * @param model             the model used when a request names none
 * @param connectTimeout    limit for opening the TCP/TLS connection
 * @param firstTokenTimeout limit from sending a request until the first piece of output arrives; an attempt that
 *                          runs into it counts as a timeout and may be retried
 * @param totalTimeout      limit for the whole generation, retries and backoff included
 * @param maxRetries        how often a request is repeated after HTTP 408/429/5xx/529 or a connection failure,
 *                          only while no output has arrived yet (0 = no retries)
 * @param initialBackoff    wait before the first retry; doubled for every further one
 * @param maxRetryAfter     the longest {@code Retry-After} the client is willing to wait; a provider asking for
 *                          longer is reported as failed at once so the next provider can serve the request
 */
public record ProviderSettings(String id, String apiKey, String baseUrl, String model,
                               Duration connectTimeout, Duration firstTokenTimeout, Duration totalTimeout,
                               int maxRetries, Duration initialBackoff, Duration maxRetryAfter) {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String GEMINI = "gemini";
    public static final String OLLAMA = "ollama";

    /** Provider ids in the order {@link #fromEnvironment(Map)} lists them. */
    public static final List<String> PROVIDER_IDS = List.of(OPENAI, ANTHROPIC, GEMINI, OLLAMA);

    public static final Map<String, String> DEFAULT_MODELS = Map.of(
            OPENAI, "gpt-4o-mini",
            ANTHROPIC, "claude-3-5-haiku-latest",
            GEMINI, "gemini-2.0-flash",
            OLLAMA, "llama3.2");

    public static final String DEFAULT_OLLAMA_BASE_URL = "http://localhost:11434";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

    public ProviderSettings {
        Objects.requireNonNull(id, "id");
        if (!PROVIDER_IDS.contains(id)) {
            throw new IllegalArgumentException("Unknown provider id '" + id + "'; known: " + PROVIDER_IDS);
        }
        apiKey = blankToNull(apiKey);
        if (apiKey == null && !OLLAMA.equals(id)) {
            throw new IllegalArgumentException("Provider " + id + " needs an API key");
        }
        baseUrl = blankToNull(baseUrl);
        if (baseUrl != null) {
            while (baseUrl.endsWith("/")) {
                baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
            }
        }
        model = blankToNull(model) == null ? DEFAULT_MODELS.get(id) : model.trim();
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        firstTokenTimeout = positive(firstTokenTimeout, DEFAULT_FIRST_TOKEN_TIMEOUT, "firstTokenTimeout");
        totalTimeout = positive(totalTimeout, DEFAULT_TOTAL_TIMEOUT, "totalTimeout");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        initialBackoff = nonNegative(initialBackoff, DEFAULT_INITIAL_BACKOFF, "initialBackoff");
        maxRetryAfter = nonNegative(maxRetryAfter, DEFAULT_MAX_RETRY_AFTER, "maxRetryAfter");
    }

    /** Settings with the default timeouts and retry policy; null baseUrl/model mean the provider defaults. */
    public static ProviderSettings of(String id, String apiKey, String baseUrl, String model) {
        return new ProviderSettings(id, apiKey, baseUrl, model, null, null, null, DEFAULT_MAX_RETRIES, null, null);
    }

    /**
     * The providers configured in {@code env}, in the order openai, anthropic, gemini, ollama. A cloud provider is
     * configured by its API key ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY}), with
     * optional {@code *_BASE_URL} and {@code *_MODEL}; Ollama needs no key and is configured by
     * {@code OLLAMA_BASE_URL} or {@code OLLAMA_MODEL}. Blank values count as unset.
     */
    public static List<ProviderSettings> fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        List<ProviderSettings> result = new ArrayList<>();
        for (String id : List.of(OPENAI, ANTHROPIC, GEMINI)) {
            String prefix = id.toUpperCase(Locale.ROOT);
            String key = blankToNull(env.get(prefix + "_API_KEY"));
            if (key != null) {
                result.add(of(id, key, env.get(prefix + "_BASE_URL"), env.get(prefix + "_MODEL")));
            }
        }
        String ollamaUrl = blankToNull(env.get("OLLAMA_BASE_URL"));
        String ollamaModel = blankToNull(env.get("OLLAMA_MODEL"));
        if (ollamaUrl != null || ollamaModel != null) {
            result.add(of(OLLAMA, null, ollamaUrl, ollamaModel));
        }
        return List.copyOf(result);
    }

    /** The base URL to use: the configured one, or the provider's default (null = langchain4j's default). */
    public String effectiveBaseUrl() {
        if (baseUrl != null) {
            return baseUrl;
        }
        return OLLAMA.equals(id) ? DEFAULT_OLLAMA_BASE_URL : null;
    }

    public ProviderSettings withBaseUrl(String newBaseUrl) {
        return new ProviderSettings(id, apiKey, newBaseUrl, model, connectTimeout, firstTokenTimeout, totalTimeout,
                maxRetries, initialBackoff, maxRetryAfter);
    }

    public ProviderSettings withModel(String newModel) {
        return new ProviderSettings(id, apiKey, baseUrl, newModel, connectTimeout, firstTokenTimeout, totalTimeout,
                maxRetries, initialBackoff, maxRetryAfter);
    }

    public ProviderSettings withTimeouts(Duration connect, Duration firstToken, Duration total) {
        return new ProviderSettings(id, apiKey, baseUrl, model, connect, firstToken, total,
                maxRetries, initialBackoff, maxRetryAfter);
    }

    public ProviderSettings withRetries(int retries, Duration backoff) {
        return new ProviderSettings(id, apiKey, baseUrl, model, connectTimeout, firstTokenTimeout, totalTimeout,
                retries, backoff, maxRetryAfter);
    }

    public ProviderSettings withMaxRetryAfter(Duration limit) {
        return new ProviderSettings(id, apiKey, baseUrl, model, connectTimeout, firstTokenTimeout, totalTimeout,
                maxRetries, initialBackoff, limit);
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "ProviderSettings[id=" + id + ", apiKey=" + (apiKey == null ? "none" : "***") + ", baseUrl="
                + (baseUrl == null ? "default" : baseUrl) + ", model=" + model + ", connectTimeout=" + connectTimeout
                + ", firstTokenTimeout=" + firstTokenTimeout + ", totalTimeout=" + totalTimeout + ", maxRetries="
                + maxRetries + ", initialBackoff=" + initialBackoff + ", maxRetryAfter=" + maxRetryAfter + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return result;
    }

    private static Duration nonNegative(Duration value, Duration fallback, String name) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return result;
    }
}
