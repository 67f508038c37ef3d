package io.assistantcore.messages.tenant;

import io.assistantcore.messages.assist.AiAction;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant allows the AI to do. An empty {@code allowedModels} allows every configured model;
 * {@code allowedContextKinds} lists the context kinds that may leave the platform in a prompt.
 *
 * @param exactCache    answer a request that repeats an earlier one exactly (same tenant, provider, model, prompt
 *                      version, prompt and parameters) from the response cache; on unless the tenant turns it off
 * @param semanticCache also answer requests whose text is nearly the same (embedding similarity at or above the
 *                      configured threshold); off unless the tenant opts in
 */
public record AiPolicy(Set<AiAction> enabledActions, Set<String> allowedModels, Set<String> allowedContextKinds,
                       boolean maskPii, boolean exactCache, boolean semanticCache) {

    /** Sets are kept sorted, so the policy always reads (and serializes) the same way. */
    public AiPolicy {
        EnumSet<AiAction> actions = EnumSet.noneOf(AiAction.class);
        actions.addAll(enabledActions);
        enabledActions = Collections.unmodifiableSet(actions);
        allowedModels = Collections.unmodifiableSortedSet(new TreeSet<>(allowedModels));
        allowedContextKinds = Collections.unmodifiableSortedSet(new TreeSet<>(allowedContextKinds));
    }

    /** A policy with the cache defaults: exact cache on, semantic cache off. */
    public AiPolicy(Set<AiAction> enabledActions, Set<String> allowedModels, Set<String> allowedContextKinds,
                    boolean maskPii) {
        this(enabledActions, allowedModels, allowedContextKinds, maskPii, true, false);
    }
}
