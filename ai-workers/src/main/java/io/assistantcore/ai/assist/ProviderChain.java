package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.TextGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured providers in fallback order: remote providers as configured, the offline engine last. A tenant's
 * {@code allowedModels} (when not empty) keeps only providers named there by provider id, by model, or as
 * {@code provider:model}.
 */
public final class ProviderChain {

    private final List<TextGenerator> generators;

    public ProviderChain(List<TextGenerator> generators) {
        if (generators.isEmpty()) {
            throw new IllegalArgumentException("at least one provider is needed");
        }
        this.generators = List.copyOf(generators);
    }

    /** Whether a tenant's {@code allowedModels} (empty: everything) admit this provider and model. */
    public static boolean allows(Set<String> allowedModels, String provider, String model) {
        return allowedModels.isEmpty() || allowedModels.contains(provider) || model != null
                && (allowedModels.contains(model) || allowedModels.contains(provider + ":" + model));
    }

    /** The providers a request may use, in order, starting at {@code startAt} (null: from the first). */
    public List<TextGenerator> candidates(Set<String> allowedModels, String startAt) {
        List<TextGenerator> allowed = new ArrayList<>();
        for (TextGenerator generator : generators) {
            if (allows(allowedModels, generator.providerId(), generator.defaultModel())) {
                allowed.add(generator);
            }
        }
        if (startAt == null) {
            return allowed;
        }
        for (int i = 0; i < allowed.size(); i++) {
            if (allowed.get(i).providerId().equals(startAt)) {
                return allowed.subList(i, allowed.size());
            }
        }
        return List.of();
    }

    /** The allowed providers that follow {@code providerId} in the chain, in order (its fallbacks). */
    public List<TextGenerator> after(String providerId, Set<String> allowedModels) {
        List<TextGenerator> allowed = candidates(allowedModels, null);
        int position = providerIds().indexOf(providerId);
        return allowed.stream().filter(generator -> providerIds().indexOf(generator.providerId()) > position)
                .toList();
    }

    /** The configured provider with this id. */
    public Optional<TextGenerator> find(String providerId) {
        return generators.stream().filter(generator -> generator.providerId().equals(providerId)).findFirst();
    }

    public List<String> providerIds() {
        return generators.stream().map(TextGenerator::providerId).toList();
    }
}
