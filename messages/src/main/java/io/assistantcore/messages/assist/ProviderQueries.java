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
}
