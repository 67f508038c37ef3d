package io.assistantcore.messages.assist;

import java.util.List;

/** Which AI providers this platform calls. */
public final class ProviderQueries {

    private ProviderQueries() {
    }

    /** Answers {@link Providers}. */
    public record ProvidersQuery() {
    }

    /** @param providerIds the providers in fallback order; the offline engine ({@code local}) is always last */
    public record Providers(List<String> providerIds) {
    }

    /** Answers {@link ProviderModels}: the model each configured provider answers with when a request names none. */
    public record ProviderModelsQuery() {
    }

    /** @param models in fallback order, the offline engine last */
    public record ProviderModels(List<ProviderModel> models) {
        public ProviderModels {
            models = List.copyOf(models);
        }
    }

    public record ProviderModel(String provider, String model) {
    }
}
