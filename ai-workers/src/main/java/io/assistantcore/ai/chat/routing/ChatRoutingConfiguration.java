package io.assistantcore.ai.chat.routing;

import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.ProviderConfiguration;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.ai.provider.WarmUps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat message router: an {@link LlmRouter} when any remote provider is configured (providers as in
 * {@link ProviderConfiguration}), else the offline {@link SemanticRouter}. The semantic router's examples are
 * embedded in the background at start-up.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatRoutingConfiguration.RouterProperties.class)
public class ChatRoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatRoutingConfiguration.class);

    /** Output tokens a router model may use for its answer (a short JSON object). */
    static final int ROUTER_MAX_OUTPUT_TOKENS = 400;

    /**
     * The router's {@code assistant.chat.router.*} settings.
     *
     * @param anthropicModel    Anthropic's small model, the first default router model
     * @param openaiModel       OpenAI's mini model, the default router model when Anthropic is not configured or
     *                          fails
     * @param timeout           the longest wait for one router model's answer
     * @param connectTimeout    limit for opening a connection to a router model's provider
     * @param longContextTokens a message longer than this (cl100k_base tokens) is {@code long_context} by rule
     */
    @ConfigurationProperties("assistant.chat.router")
    public record RouterProperties(@DefaultValue("claude-haiku-4-5") String anthropicModel,
                                   @DefaultValue("gpt-4o-mini") String openaiModel,
                                   @DefaultValue("PT8S") Duration timeout,
                                   @DefaultValue("PT3S") Duration connectTimeout,
                                   @DefaultValue("4000") int longContextTokens) {
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService chatRouterExecutor() {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "chat-router-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    public MessageRouter messageRouter(Environment environment, OfflineTextEngine offlineTextEngine,
                                       RouterProperties properties, ExecutorService chatRouterExecutor,
                                       WarmUps warmUps) {
        SemanticRouter semantic = new SemanticRouter(offlineTextEngine::embeddingModel,
                properties.longContextTokens());
        warmUp(semantic, warmUps);
        return create(ProviderConfiguration.configuredProviders(environment), properties, semantic,
                chatRouterExecutor);
    }

    /** The router for these providers: LLM-based when there are any, else the semantic router itself. */
    public static MessageRouter create(List<ProviderSettings> providers, RouterProperties properties,
                                       SemanticRouter semantic, ExecutorService executor) {
        if (providers.isEmpty()) {
            log.info("Chat router: offline semantic router (no remote provider configured)");
            return semantic;
        }
        ConfiguredRouterModels models = new ConfiguredRouterModels(providers,
                Map.of(ProviderSettings.ANTHROPIC, properties.anthropicModel(),
                        ProviderSettings.OPENAI, properties.openaiModel()),
                properties.connectTimeout(), properties.timeout(), ROUTER_MAX_OUTPUT_TOKENS);
        List<LlmRouter.RouterModel> defaults = new ArrayList<>();
        if (models.isConfigured(ProviderSettings.ANTHROPIC)) {
            defaults.add(new LlmRouter.RouterModel(ProviderSettings.ANTHROPIC, properties.anthropicModel()));
        }
        if (models.isConfigured(ProviderSettings.OPENAI)) {
            defaults.add(new LlmRouter.RouterModel(ProviderSettings.OPENAI, properties.openaiModel()));
        }
        log.info("Chat router: router models {} then the offline semantic router",
                defaults.stream().map(m -> m.provider() + "/" + m.model()).toList());
        return new LlmRouter(models, defaults, semantic, executor, properties.timeout());
    }

    private static void warmUp(SemanticRouter semantic, WarmUps warmUps) {
        warmUps.run("router examples", "the first message will embed them", semantic::warmUp);
    }
}
