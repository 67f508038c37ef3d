package io.assistantcore.api.openai;

import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.assist.ProviderQueries.ProviderModel;
import io.assistantcore.messages.assist.ProviderQueries.ProviderModels;
import io.assistantcore.messages.assist.ProviderQueries.ProviderModelsQuery;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The models a tenant may name in {@code model}: {@code auto} (the router decides), the model each configured
 * provider answers with, and the models of the tenant's routing rules — those its AI policy allows.
 */
@Component
class OpenAiModels {

    static final String AUTO = "auto";

    private final QueryGateway queries;

    OpenAiModels(QueryGateway queries) {
        this.queries = queries;
    }

    /** A model a request may name, and the provider that serves it. */
    record Model(String id, String provider, String model) {
    }

    /** The models besides {@code auto}, in the fallback order of their providers, then the tenant's own routes. */
    List<Model> models(Set<String> allowedModels, RoutingRules rules) {
        Map<String, Model> models = new LinkedHashMap<>();
        for (ProviderModel configured : queries.query(new ProviderModelsQuery(), ProviderModels.class).join()
                .models()) {
            add(models, allowedModels, configured.provider(), configured.model());
        }
        for (Route route : rules.routes().values()) {
            if (route.model() != null) {
                add(models, allowedModels, route.provider(), route.model());
            }
        }
        return new ArrayList<>(models.values());
    }

    private static void add(Map<String, Model> models, Set<String> allowed, String provider, String model) {
        String id = model == null ? provider : model;
        if (allows(allowed, provider, model)) {
            models.putIfAbsent(id, new Model(id, provider, model));
        }
    }

    /** As the workers' provider chain decides it: empty allows all; else by provider, model or provider:model. */
    static boolean allows(Set<String> allowed, String provider, String model) {
        return allowed.isEmpty() || allowed.contains(provider) || model != null
                && (allowed.contains(model) || allowed.contains(provider + ":" + model));
    }

    /**
     * The routing rules a request is answered with: the tenant's for {@code auto}; otherwise every category routed to
     * the named model (blocked topics, the router and answer reuse stay the tenant's).
     *
     * @throws ApiException 404 {@code model-not-found} for a model the tenant may not name
     */
    RoutingRules rulesFor(String requested, Set<String> allowedModels, RoutingRules rules) {
        if (AUTO.equals(requested)) {
            return rules;
        }
        Model model = models(allowedModels, rules).stream()
                .filter(m -> m.id().equals(requested) || (m.provider() + ":" + m.model()).equals(requested))
                .findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "model-not-found", "Model not found",
                        "The model '" + requested + "' does not exist or is not allowed for this tenant; "
                                + "GET /v1/models lists those you may use, 'auto' lets the router choose"));
        Map<RouteCategory, Route> routes = new EnumMap<>(RouteCategory.class);
        for (RouteCategory category : RouteCategory.values()) {
            if (category.routable()) {
                routes.put(category, new Route(model.provider(), model.model()));
            }
        }
        return new RoutingRules(routes, rules.router(), rules.blockedTopics(), rules.answerReuse());
    }
}
