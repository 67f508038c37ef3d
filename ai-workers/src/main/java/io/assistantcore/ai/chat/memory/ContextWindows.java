package io.assistantcore.ai.chat.memory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Context windows (in tokens) per model, which the memory budget is derived from. A model is found by its exact name
 * or, failing that, by the longest known name it begins with followed by {@code -} or {@code :} (so
 * {@code gpt-4o-mini-2024-07-18} is {@code gpt-4o-mini}, {@code llama3.2:3b} is {@code llama3.2}); an unknown model
 * gets the conservative default. Names are compared ignoring case.
 */
public final class ContextWindows {

    /** The window assumed for a model nobody told us about. */
    public static final int DEFAULT_WINDOW = 8_192;

    /**
     * Published context windows of common models. Ollama serves a model with the context its own {@code num_ctx}
     * setting gives (4096 by default), not the model's maximum, hence the small figure for {@code llama3.2}. The
     * offline engine has no language model; its small window keeps its prompts short.
     */
    public static final Map<String, Integer> DEFAULTS = Map.ofEntries(
            Map.entry("gpt-4o", 128_000),
            Map.entry("gpt-4o-mini", 128_000),
            Map.entry("gpt-4-turbo", 128_000),
            Map.entry("gpt-4", 8_192),
            Map.entry("gpt-3.5-turbo", 16_385),
            Map.entry("gpt-4.1", 1_047_576),
            Map.entry("gpt-5", 400_000),
            Map.entry("o1", 200_000),
            Map.entry("o1-mini", 128_000),
            Map.entry("o3", 200_000),
            Map.entry("o3-mini", 200_000),
            Map.entry("o4-mini", 200_000),
            Map.entry("claude-3", 200_000),
            Map.entry("claude-haiku-4", 200_000),
            Map.entry("claude-sonnet-4", 200_000),
            Map.entry("claude-opus-4", 200_000),
            Map.entry("gemini-1.5-flash", 1_048_576),
            Map.entry("gemini-1.5-pro", 2_097_152),
            Map.entry("gemini-2.0", 1_048_576),
            Map.entry("gemini-2.5", 1_048_576),
            Map.entry("llama3.2", 4_096),
            Map.entry("offline-engine-v1", 4_096));

    /**
     * The window assumed for an unknown model of a known provider: its common models' window (Ollama's default
     * {@code num_ctx}; the offline engine's small window).
     */
    public static final Map<String, Integer> PROVIDER_DEFAULTS = Map.of(
            "openai", 128_000,
            "anthropic", 200_000,
            "gemini", 1_048_576,
            "ollama", 4_096,
            "local", 4_096);

    private final Map<String, Integer> windows;
    private final int defaultWindow;

    /** The {@link #DEFAULTS} and {@link #DEFAULT_WINDOW}. */
    public ContextWindows() {
        this(Map.of(), DEFAULT_WINDOW);
    }

    /**
     * @param configured    windows per model, taking precedence over the {@link #DEFAULTS}
     * @param defaultWindow the window of an unknown model
     */
    public ContextWindows(Map<String, Integer> configured, int defaultWindow) {
        if (defaultWindow <= 0) {
            throw new IllegalArgumentException("the default context window must be positive");
        }
        Map<String, Integer> all = new HashMap<>();
        DEFAULTS.forEach((model, tokens) -> all.put(model.toLowerCase(Locale.ROOT), tokens));
        if (configured != null) {
            configured.forEach((model, tokens) -> {
                if (model == null || model.isBlank() || tokens == null || tokens <= 0) {
                    throw new IllegalArgumentException("a context window needs a model name and a positive number "
                            + "of tokens: " + model + "=" + tokens);
                }
                all.put(model.strip().toLowerCase(Locale.ROOT), tokens);
            });
        }
        this.windows = Map.copyOf(all);
        this.defaultWindow = defaultWindow;
    }

    /** The context window of {@code model}, or the default for an unknown (or null) model. */
    public int forModel(String model) {
        Integer known = known(model);
        return known == null ? defaultWindow : known;
    }

    /**
     * The context window of {@code model} served by {@code provider} ({@code openai}, {@code anthropic},
     * {@code gemini}, {@code ollama}, {@code local}): the model's own when known, else the provider's
     * {@link #PROVIDER_DEFAULTS}, else the default.
     */
    public int forModel(String provider, String model) {
        Integer known = known(model);
        if (known != null) {
            return known;
        }
        return provider == null ? defaultWindow
                : PROVIDER_DEFAULTS.getOrDefault(provider.toLowerCase(Locale.ROOT), defaultWindow);
    }

    private Integer known(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String name = model.strip().toLowerCase(Locale.ROOT);
        Integer exact = windows.get(name);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String known : windows.keySet()) {
            if (name.length() > known.length() && name.startsWith(known)
                    && (name.charAt(known.length()) == '-' || name.charAt(known.length()) == ':')
                    && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? null : windows.get(best);
    }

    public int defaultWindow() {
        return defaultWindow;
    }
}
