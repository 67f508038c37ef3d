package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.TextGenerator;

import java.util.ArrayList;
import java.util.List;
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

    /** The providers a request may use, in order, starting at {@code startAt} (null: from the first). */
    public List<TextGenerator> candidates(Set<String> allowedModels, String startAt) {
        List<TextGenerator> allowed = new ArrayList<>();
        for (TextGenerator generator : generators) {
            if (allowedModels.isEmpty() || allowedModels.contains(generator.providerId())
                    || allowedModels.contains(generator.defaultModel())
                    || allowedModels.contains(generator.providerId() + ":" + generator.defaultModel())) {
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

    public List<String> providerIds() {
        return generators.stream().map(TextGenerator::providerId).toList();
    }
}
