package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.ReplySpec;

import java.util.Set;

/**
 * Where a {@link Summarizer} may send a conversation's turns to have them condensed: to a remote model only when the
 * reply may use one, only to a provider or model the tenant's AI policy allows, and with e-mail addresses, phone and
 * card numbers masked when the policy says so.
 *
 * @param remoteAllowed false: the summary is written offline, nothing leaves the platform
 * @param allowedModels the tenant's allowed providers/models, by provider id, model or {@code provider:model}
 *                      (empty: any configured one)
 * @param maskPii       mask personal data before the turns leave the platform
 */
public record SummaryPolicy(boolean remoteAllowed, Set<String> allowedModels, boolean maskPii) {

    /** Nothing leaves the platform. */
    public static final SummaryPolicy OFFLINE_ONLY = new SummaryPolicy(false, Set.of(), true);

    public SummaryPolicy {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    }

    /** The policy a reply was requested with. */
    public static SummaryPolicy of(ReplySpec spec) {
        return new SummaryPolicy(true, spec.allowedModels(), spec.maskPii());
    }

    /** Whether turns may go to {@code model} of {@code provider}. */
    public boolean allows(String provider, String model) {
        return remoteAllowed && (allowedModels.isEmpty() || allowedModels.contains(provider)
                || allowedModels.contains(model) || allowedModels.contains(provider + ":" + model));
    }
}
