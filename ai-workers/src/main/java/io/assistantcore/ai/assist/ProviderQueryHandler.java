package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.ProviderQueries.ProviderModel;
import io.assistantcore.messages.assist.ProviderQueries.ProviderModels;
import io.assistantcore.messages.assist.ProviderQueries.ProviderModelsQuery;
import io.assistantcore.messages.assist.ProviderQueries.Providers;
import io.assistantcore.messages.assist.ProviderQueries.ProvidersQuery;
import org.axonframework.queryhandling.QueryHandler;

/** Answers which providers this node's workers call, in fallback order. */
public class ProviderQueryHandler {

    private final ProviderChain providers;

    public ProviderQueryHandler(ProviderChain providers) {
        this.providers = providers;
    }

    @QueryHandler
    public Providers handle(ProvidersQuery query) {
        return new Providers(providers.providerIds());
    }

    @QueryHandler
    public ProviderModels handle(ProviderModelsQuery query) {
        return new ProviderModels(providers.providerIds().stream()
                .map(id -> providers.find(id).orElseThrow())
                .map(generator -> new ProviderModel(generator.providerId(), generator.defaultModel()))
                .toList());
    }
}
