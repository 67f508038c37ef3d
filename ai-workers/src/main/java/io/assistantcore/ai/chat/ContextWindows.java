package io.assistantcore.ai.chat;

import io.assistantcore.ai.offline.OfflineTextGenerator;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The context window (in tokens) of the model a reply is routed to, for the memory policy. Known model families by
 * name prefix, else the provider's typical window; an unknown provider gets a conservative 8k. These are the
 * published windows of the families, not read from the provider; a smaller figure only means the memory condenses
 * earlier.
 */
public final class ContextWindows {

    /** Used when neither the model nor the provider is known. */
    public static final int DEFAULT_TOKENS = 8_192;

    /** Model name prefixes, most specific first. */
    private static final List<Map.Entry<String, Integer>> MODELS = List.of(
            Map.entry("gpt-4.1", 1_047_576),
            Map.entry("gpt-4o", 128_000),
            Map.entry("gpt-4-turbo", 128_000),
            Map.entry("gpt-4", 8_192),
            Map.entry("gpt-3.5", 16_385),
            Map.entry("o1", 200_000),
            Map.entry("o3", 200_000),
            Map.entry("o4", 200_000),
            Map.entry("claude", 200_000),
            Map.entry("gemini-1.5", 1_048_576),
            Map.entry("gemini", 1_048_576));

    private static final Map<String, Integer> PROVIDERS = Map.of(
            "openai", 128_000,
            "anthropic", 200_000,
            "gemini", 1_048_576,
            // Ollama's server-side default context, whatever the model could take
            "ollama", 4_096,
            // the offline engine answers from the latest message and the profile; a small window keeps memory short
            OfflineTextGenerator.PROVIDER_ID, 4_096);

    private ContextWindows() {
    }

    public static int tokens(String provider, String model) {
        if ("ollama".equals(provider) || OfflineTextGenerator.PROVIDER_ID.equals(provider)) {
            return PROVIDERS.get(provider);
        }
        if (model != null) {
            String name = model.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, Integer> family : MODELS) {
                if (name.startsWith(family.getKey())) {
                    return family.getValue();
                }
            }
        }
        return provider == null ? DEFAULT_TOKENS : PROVIDERS.getOrDefault(provider, DEFAULT_TOKENS);
    }
}
