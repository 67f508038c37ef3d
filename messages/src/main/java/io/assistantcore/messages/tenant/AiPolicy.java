package io.assistantcore.messages.tenant;

import io.assistantcore.messages.assist.AiAction;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant allows the AI to do. An empty {@code allowedModels} allows every configured model;
 * {@code allowedContextKinds} lists the context kinds that may leave the platform in a prompt.
 */
public record AiPolicy(Set<AiAction> enabledActions, Set<String> allowedModels, Set<String> allowedContextKinds,
                       boolean maskPii) {

    /** Sets are kept sorted, so the policy always reads (and serializes) the same way. */
    public AiPolicy {
        EnumSet<AiAction> actions = EnumSet.noneOf(AiAction.class);
        actions.addAll(enabledActions);
        enabledActions = Collections.unmodifiableSet(actions);
        allowedModels = Collections.unmodifiableSortedSet(new TreeSet<>(allowedModels));
        allowedContextKinds = Collections.unmodifiableSortedSet(new TreeSet<>(allowedContextKinds));
    }
}
