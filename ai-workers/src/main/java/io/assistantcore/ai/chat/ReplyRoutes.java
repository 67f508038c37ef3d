package io.assistantcore.ai.chat;

import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a routed category to the provider and model that answer it: the tenant's route for the category, else the
 * platform default (general, creative and code on OpenAI; reasoning, long context and safety-sensitive messages on
 * Anthropic). Only configured providers that the tenant's {@code allowedModels} admit are used; when the wanted one
 * is not, the reply goes to the first allowed provider of the chain instead, and the reason says so. After the
 * chosen provider come its fallbacks, in chain order, ending with the offline engine.
 */
public final class ReplyRoutes {

    static final Map<RouteCategory, String> DEFAULT_PROVIDERS = defaults();

    private final ProviderChain chain;

    public ReplyRoutes(ProviderChain chain) {
        this.chain = chain;
    }

    /**
     * @param candidates the provider that answers, then its fallbacks (empty: no configured provider is allowed)
     * @param model      the model the first candidate answers with
     * @param note       how the provider was chosen, for the route's reason (names no message text)
     */
    public record Choice(List<TextGenerator> candidates, String model, String note) {

        public Choice {
            candidates = List.copyOf(candidates);
        }

        /** The provider that answers, or null when none may. */
        public String provider() {
            return candidates.isEmpty() ? null : candidates.get(0).providerId();
        }
    }

    public Choice choose(RouteCategory category, RoutingRules rules, Set<String> allowedModels) {
        Route route = rules.routes().get(category);
        String source = route != null ? "your organisation's route for " : "the default route for ";
        if (route == null) {
            route = new Route(DEFAULT_PROVIDERS.get(category), null);
        }
        String problem;
        Optional<TextGenerator> wanted = route.provider() == null ? Optional.empty() : chain.find(route.provider());
        if (wanted.isPresent()) {
            TextGenerator generator = wanted.get();
            String model = route.model() == null || route.model().isBlank() ? generator.defaultModel()
                    : route.model();
            if (ProviderChain.allows(allowedModels, generator.providerId(), model)) {
                List<TextGenerator> candidates = new ArrayList<>();
                candidates.add(generator);
                candidates.addAll(chain.after(generator.providerId(), allowedModels));
                return new Choice(candidates, model, source + category.wireName());
            }
            problem = route.provider() + "/" + model + " is not allowed by your organisation's AI policy";
        } else {
            problem = route.provider() + " is not configured";
        }
        List<TextGenerator> candidates = chain.candidates(allowedModels, null);
        if (candidates.isEmpty()) {
            return new Choice(candidates, null, source + category.wireName() + ": " + problem);
        }
        TextGenerator first = candidates.get(0);
        return new Choice(candidates, first.defaultModel(), source + category.wireName() + ": " + problem + ", so "
                + first.providerId() + " answers");
    }

    private static Map<RouteCategory, String> defaults() {
        Map<RouteCategory, String> defaults = new EnumMap<>(RouteCategory.class);
        for (RouteCategory category : List.of(RouteCategory.GENERAL, RouteCategory.CREATIVE, RouteCategory.CODE)) {
            defaults.put(category, "openai");
        }
        for (RouteCategory category : List.of(RouteCategory.REASONING, RouteCategory.LONG_CONTEXT,
                RouteCategory.SAFETY_SENSITIVE)) {
            defaults.put(category, "anthropic");
        }
        return Map.copyOf(defaults);
    }
}
