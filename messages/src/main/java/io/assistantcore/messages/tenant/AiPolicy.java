package io.assistantcore.messages.tenant;

import io.assistantcore.messages.assist.AiAction;

import java.util.Set;

/**
 * What a tenant allows the AI to do. An empty {@code allowedModels} allows every configured model;
 * {@code allowedContextKinds} lists the context kinds that may leave the platform in a prompt.
 */
public record AiPolicy(Set<AiAction> enabledActions, Set<String> allowedModels, Set<String> allowedContextKinds,
                       boolean maskPii) {

    public AiPolicy {
        enabledActions = Set.copyOf(enabledActions);
        allowedModels = Set.copyOf(allowedModels);
        allowedContextKinds = Set.copyOf(allowedContextKinds);
    }
}
