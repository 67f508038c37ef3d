package io.assistantcore.ai.chat.routing;

import dev.langchain4j.model.chat.ChatModel;
import io.assistantcore.ai.provider.ChatModelFactory;
import io.assistantcore.ai.provider.ProviderSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The router models of the configured providers: a router model of a provider without settings is unavailable; a
 * router model without a model name gets the provider's router default (Anthropic and OpenAI: the configured small
 * models, others: the provider's configured model). Models are built once per provider and model name and kept
 * (at most {@value #MAX_CACHED} of them; tenants may name further models, which are then built per call).
 */
final class ConfiguredRouterModels implements LlmRouter.ModelSource {

    static final int MAX_CACHED = 64;
    static final int MAX_MODEL_NAME = 200;

    private final Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    private final Map<String, String> defaultModels;
    private final Function<ProviderSettings, ChatModel> factory;
    private final Map<String, ChatModel> built = new ConcurrentHashMap<>();

    /**
     * @param providers     the configured providers
     * @param defaultModels router model per provider id when a choice names none (missing: the provider's model)
     * @param connectTimeout limit for opening a connection to a provider
     * @param answerTimeout  limit for a provider's whole answer
     * @param factory        builds a model for settings
     */
    ConfiguredRouterModels(List<ProviderSettings> providers, Map<String, String> defaultModels,
                           Duration connectTimeout, Duration answerTimeout,
                           Function<ProviderSettings, ChatModel> factory) {
        for (ProviderSettings settings : providers) {
            this.providers.put(settings.id(), settings.withTimeouts(connectTimeout, answerTimeout, answerTimeout)
                    .withRetries(0, Duration.ZERO));
        }
        this.defaultModels = Map.copyOf(defaultModels);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    ConfiguredRouterModels(List<ProviderSettings> providers, Map<String, String> defaultModels,
                           Duration connectTimeout, Duration answerTimeout, int maxOutputTokens) {
        this(providers, defaultModels, connectTimeout, answerTimeout, new ChatModelFactory(maxOutputTokens)::create);
    }

    boolean isConfigured(String provider) {
        return providers.containsKey(provider);
    }

    @Override
    public Optional<LlmRouter.ResolvedModel> resolve(LlmRouter.RouterModel routerModel) {
        ProviderSettings settings = providers.get(routerModel.provider());
        if (settings == null) {
            return Optional.empty();
        }
        String model = routerModel.model() != null ? routerModel.model().strip()
                : defaultModels.getOrDefault(settings.id(), settings.model());
        if (model.isEmpty() || model.length() > MAX_MODEL_NAME || model.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String key = settings.id() + "\n" + model;
        ChatModel chatModel = built.get(key);
        if (chatModel == null) {
            chatModel = factory.apply(settings.withModel(model));
            if (built.size() < MAX_CACHED) {
                ChatModel raced = built.putIfAbsent(key, chatModel);
                chatModel = raced != null ? raced : chatModel;
            }
        }
        return Optional.of(new LlmRouter.ResolvedModel(settings.id(), model, chatModel));
    }
}
