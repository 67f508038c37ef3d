package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.ChatModelFactory;
import io.assistantcore.ai.provider.ProviderConfiguration;
import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.ai.provider.ProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The chat's guardrails: the {@link InputScreen} (the local {@link InjectionDetector}, and for flagged messages the
 * {@link LlmInjectionJudge} when a remote provider is configured), the {@link TopicGuard} for tenants' blocked topics
 * and the {@link OutputCheck} on replies. Settings under {@code assistant.chat.guardrails} (docs/configuration.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GuardrailsConfiguration.GuardrailsProperties.class)
public class GuardrailsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GuardrailsConfiguration.class);

    /**
     * @param blockThreshold      injection score from which a message is refused before any model sees it
     * @param flagThreshold       injection score from which a message is flagged (answered, the flag recorded, and
     *                            judged by a model when one is configured)
     * @param similarityFloor     similarity to a known attack pattern below which resemblance counts for nothing
     * @param similarityStrong    similarity at which resemblance alone counts strongly
     * @param topicSimilarity     sentence similarity from which a message is about a tenant's blocked topic
     * @param topicWordSimilarity the same for one content word of the message
     * @param leakRunWords        consecutive words of the system prompt that, repeated in a reply, reveal it
     * @param leakShingleShare    share of a stretch of the system prompt's three-word shingles that, found in a
     *                            reply, reveals it
     */
    @ConfigurationProperties("assistant.chat.guardrails")
    public record GuardrailsProperties(@DefaultValue("0.8") double blockThreshold,
                                       @DefaultValue("0.45") double flagThreshold,
                                       @DefaultValue("0.6") double similarityFloor,
                                       @DefaultValue("0.85") double similarityStrong,
                                       @DefaultValue Judge judge,
                                       @DefaultValue("0.5") double topicSimilarity,
                                       @DefaultValue("0.6") double topicWordSimilarity,
                                       @DefaultValue("8") int leakRunWords,
                                       @DefaultValue("0.5") double leakShingleShare) {

        /**
         * The second opinion on flagged messages.
         *
         * @param enabled    false: the local verdict is final even with a remote provider configured
         * @param provider   the provider asked ({@code openai}, {@code anthropic}, {@code gemini}, {@code ollama});
         *                   empty: the first configured one, in fallback order
         * @param model      the model asked; empty: the provider's configured model
         * @param confidence the judge's confidence from which its "attack" blocks the message
         * @param timeout    the longest wait for its answer (no retries: without an answer the flag stands)
         */
        public record Judge(@DefaultValue("true") boolean enabled, String provider, String model,
                            @DefaultValue("0.7") double confidence, @DefaultValue("PT10S") Duration timeout) {
        }
    }

    @Bean
    public InputScreen inputScreen(OfflineTextEngine offlineTextEngine, Environment environment,
                                   GuardrailsProperties properties,
                                   WarmUps warmUps) {
        InjectionDetector detector = new InjectionDetector(offlineTextEngine::embeddingModel,
                new InjectionDetector.Settings(properties.blockThreshold(), properties.flagThreshold(),
                        properties.similarityFloor(), properties.similarityStrong()));
        warmUps.run("injection screen", "the first screened message will embed the attack patterns and train the "
                + "classifier", detector::warmUp);
        LlmInjectionJudge judge = judge(ProviderConfiguration.configuredProviders(environment), properties.judge());
        ScreeningPipeline pipeline = new ScreeningPipeline(detector, judge, properties.judge().confidence());
        if (judge == null) {
            log.info("Input screen: local injection detector; flagged messages are not judged by a model");
        } else {
            log.info("Input screen: local injection detector; flagged messages are judged by {}", judge.providerId());
        }
        return pipeline;
    }

    /** The judge of flagged messages, or null when none is configured or it is switched off. */
    static LlmInjectionJudge judge(List<ProviderSettings> configured, GuardrailsProperties.Judge settings) {
        if (!settings.enabled() || configured.isEmpty()) {
            return null;
        }
        String wanted = settings.provider() == null || settings.provider().isBlank() ? null
                : settings.provider().strip();
        ProviderSettings provider = wanted == null ? configured.get(0) : configured.stream()
                .filter(candidate -> candidate.id().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("assistant.chat.guardrails.judge.provider is '" + wanted
                        + "', which is not configured; configured: "
                        + configured.stream().map(ProviderSettings::id).toList()));
        if (settings.model() != null && !settings.model().isBlank()) {
            provider = provider.withModel(settings.model());
        }
        if (settings.timeout() == null || settings.timeout().isNegative() || settings.timeout().isZero()) {
            throw new IllegalStateException("assistant.chat.guardrails.judge.timeout must be positive");
        }
        ProviderSettings judged = provider
                .withTimeouts(provider.connectTimeout(), settings.timeout(), settings.timeout())
                .withRetries(0, Duration.ZERO);
        return new LlmInjectionJudge(new ChatModelFactory(LlmInjectionJudge.MAX_OUTPUT_TOKENS).create(judged),
                judged.id(), judged.model() == null ? ProviderSettings.DEFAULT_MODELS.get(judged.id()) : judged.model());
    }

    @Bean
    public TopicGuard topicGuard(OfflineTextEngine offlineTextEngine, GuardrailsProperties properties) {
        return new SemanticTopicGuard(offlineTextEngine::embeddingModel, properties.topicSimilarity(),
                properties.topicWordSimilarity());
    }

    @Bean
    public OutputCheck outputCheck(GuardrailsProperties properties) {
        return new SystemPromptLeakCheck(properties.leakRunWords(), properties.leakShingleShare());
    }
}
