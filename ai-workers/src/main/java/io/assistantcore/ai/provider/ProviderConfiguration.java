package io.assistantcore.ai.provider;

import io.assistantcore.ai.AiWorkersConfiguration.AiProperties;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.chat.OfflineChatAnswers;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.ai.billing.PriceBook;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AI providers in fallback order: every remote provider configured by its environment variables (or the
 * matching {@code assistant.ai.<provider>.*} property), in the order OpenAI, Anthropic, Gemini, Ollama, then the
 * offline engine, which is always there (answering chat messages with the {@link OfflineChatAnswers} bean when
 * there is one).
 */
@Configuration(proxyBeanMethods = false)
public class ProviderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProviderConfiguration.class);

    /** Environment variable → the property that may stand in for it. */
    static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("OPENAI_API_KEY", "assistant.ai.openai.api-key"),
            Map.entry("OPENAI_BASE_URL", "assistant.ai.openai.base-url"),
            Map.entry("OPENAI_MODEL", "assistant.ai.openai.model"),
            Map.entry("ANTHROPIC_API_KEY", "assistant.ai.anthropic.api-key"),
            Map.entry("ANTHROPIC_BASE_URL", "assistant.ai.anthropic.base-url"),
            Map.entry("ANTHROPIC_MODEL", "assistant.ai.anthropic.model"),
            Map.entry("GEMINI_API_KEY", "assistant.ai.gemini.api-key"),
            Map.entry("GEMINI_BASE_URL", "assistant.ai.gemini.base-url"),
            Map.entry("GEMINI_MODEL", "assistant.ai.gemini.model"),
            Map.entry("OLLAMA_BASE_URL", "assistant.ai.ollama.base-url"),
            Map.entry("OLLAMA_MODEL", "assistant.ai.ollama.model"));

    @Bean
    public OfflineTextEngine offlineTextEngine() {
        return new OfflineTextEngine();
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService offlineEngineExecutor() {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "offline-engine-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Provider call meters (docs/observability.md). */
    @Bean
    public ProviderMeters providerMeters(ObjectProvider<MeterRegistry> meterRegistry) {
        return new ProviderMeters(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** The node's background warm-ups; how many still run is the gauge {@code assistant.warmups.pending}. */
    @Bean
    public WarmUps warmUps(ExecutorService offlineEngineExecutor, ObjectProvider<MeterRegistry> meterRegistry) {
        WarmUps warmUps = new WarmUps(offlineEngineExecutor);
        meterRegistry.ifAvailable(registry -> Gauge.builder("assistant.warmups.pending", warmUps,
                        w -> w.pending().size())
                .description("background warm-ups of this node still running (models loading, examples embedded); "
                        + "AI requests that need one wait for it")
                .register(registry));
        return warmUps;
    }

    @Bean
    public ProviderChain providerChain(Environment environment, OfflineTextEngine offlineTextEngine,
                                       ExecutorService offlineEngineExecutor, AiProperties properties, WarmUps warmUps,
                                       ObjectProvider<OfflineChatAnswers> offlineChatAnswers,
                                       ProviderMeters providerMeters,
                                       ObjectProvider<ObservationRegistry> observationRegistry,
                                       PriceBook priceBook) {
        List<TextGenerator> generators = new ArrayList<>();
        for (ProviderSettings settings : configuredProviders(environment)) {
            generators.add(new LangChainTextGenerator(settings));
        }
        generators.add(new OfflineTextGenerator(offlineTextEngine, offlineEngineExecutor,
                properties.localTokenDelay(), offlineChatAnswers.getIfAvailable()));
        ObservationRegistry observations = observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP);
        generators.replaceAll(generator -> new ObservedTextGenerator(generator, observations, providerMeters,
                priceBook));
        ProviderChain chain = new ProviderChain(generators);
        log.info("AI providers in fallback order: {}", chain.providerIds());
        warmUp(offlineTextEngine, warmUps);
        return chain;
    }

    /**
     * The remote providers configured in {@code environment} (environment variables, else the matching
     * {@code assistant.ai.<provider>.*} properties), in the order OpenAI, Anthropic, Gemini, Ollama.
     */
    public static List<ProviderSettings> configuredProviders(Environment environment) {
        return ProviderSettings.fromEnvironment(settings(environment));
    }

    /** Reads each setting from its environment variable name, else from its {@code assistant.ai.*} property. */
    static Map<String, String> settings(Environment environment) {
        Map<String, String> values = new HashMap<>();
        SETTINGS.forEach((variable, property) -> {
            String value = environment.getProperty(variable);
            if (value == null || value.isBlank()) {
                value = environment.getProperty(property);
            }
            if (value != null && !value.isBlank()) {
                values.put(variable, value.strip());
            }
        });
        return values;
    }

    /**
     * Loads the tokenizer (every cost estimate counts tokens: without this the first requests all wait for its
     * vocabulary), LanguageTool and the embedding model in the background, so the first request does not wait.
     */
    private static void warmUp(OfflineTextEngine engine, WarmUps warmUps) {
        warmUps.run("offline engine", "the first request will load it", () -> {
            long started = System.nanoTime();
            TokenEstimator.count("warm up");
            engine.warmUp();
            log.info("Offline engine ready after {} ms", (System.nanoTime() - started) / 1_000_000);
        });
    }
}
