package io.assistantcore.ai.chat.routing;

import io.assistantcore.messages.tenant.RoutingRules;

import java.util.Set;

/**
 * Classifies a user message into a {@link io.assistantcore.messages.chat.RouteCategory}: by a small language model
 * with structured output when one is configured, else by the offline semantic router. Never throws for a bad router
 * answer: it falls back and says so in the decision.
 */
public interface MessageRouter {

    /**
     * @param text  the user's message (already PII-masked when the tenant asks for it)
     * @param rules the tenant's routing rules (its router choice)
     */
    RouteDecision classify(String text, RoutingRules rules);

    /**
     * The same, sending the message only to router models the tenant's AI policy allows ({@code allowedModels} by
     * provider id, model or {@code provider:model}; empty: any). A router that runs locally ignores the policy.
     */
    default RouteDecision classify(String text, RoutingRules rules, Set<String> allowedModels) {
        return classify(text, rules);
    }
}
