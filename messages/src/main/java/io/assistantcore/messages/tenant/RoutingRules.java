package io.assistantcore.messages.tenant;

import io.assistantcore.messages.chat.RouteCategory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's chat routing rules: data, changed at run time ({@code PUT /api/v1/tenants/{t}/routing}) and kept as
 * events. A category without a route goes to the first provider of the configured fallback chain.
 *
 * @param routes        the provider and model for each routable category (no entry for {@code image} or
 *                      {@code not_allowed})
 * @param router        the provider and model that classifies messages (null: the platform's default router
 *                      choice — Anthropic's small model, else OpenAI's mini model, else the offline semantic router)
 * @param blockedTopics topics the tenant refuses to discuss; a message about one is refused with kind POLICY
 * @param answerReuse   answer a question semantically close to an earlier one of the tenant from that reply
 */
public record RoutingRules(Map<RouteCategory, Route> routes, Route router, List<String> blockedTopics,
                           boolean answerReuse) {

    /** No routes of the tenant's own, no blocked topics, no reuse. */
    public static final RoutingRules DEFAULT = new RoutingRules(Map.of(), null, List.of(), false);

    public RoutingRules {
        EnumMap<RouteCategory, Route> copy = new EnumMap<>(RouteCategory.class);
        if (routes != null) {
            routes.forEach((category, route) -> {
                if (!category.routable()) {
                    throw new IllegalArgumentException("category " + category.wireName() + " cannot be routed");
                }
                copy.put(category, route);
            });
        }
        routes = Collections.unmodifiableMap(copy);
        blockedTopics = blockedTopics == null ? List.of() : List.copyOf(blockedTopics);
    }

    /** A provider id ({@code openai}, {@code anthropic}, {@code local}, …) and a model (null: its default). */
    public record Route(String provider, String model) {
    }
}
