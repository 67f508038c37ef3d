package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.chat.offline.OfflineChatResponder;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.ChatModelFactory;
import io.assistantcore.ai.provider.ProviderConfiguration;
import io.assistantcore.ai.provider.ProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wires the chat's memory: the context windows per model, the profile extractor, the prompt assembler (the chat
 * worker's {@code ChatPromptBuilder}), the summarizer (a remote model when one is configured and
 * {@code assistant.chat.memory.summarizer} is {@code auto}, else offline), the token-budget memory planner, and the
 * offline engine's chat responder (its {@code OfflineChatAnswers}). Settings in docs/configuration.md and
 * docs/chat.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ChatMemoryConfiguration.MemoryProperties.class,
        ChatMemoryConfiguration.ContextWindowProperties.class})
public class ChatMemoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatMemoryConfiguration.class);

    /**
     * {@code assistant.chat.memory.*}.
     *
     * @param share                 share of the routed model's context window the memory may use
     * @param maxTokens             the most tokens the memory may use whatever the window
     * @param outputReserveTokens   room kept for the reply (at most a quarter of the window)
     * @param summaryShare          share of the memory budget the running summary may use
     * @param summaryMaxTokens      the most tokens the running summary may have
     * @param summarizer            {@code auto}: a configured remote model writes the summary (the first the
     *                              tenant's policy allows), offline otherwise; {@code extractive}: always offline
     * @param profileMaxFacts       the most profile facts a conversation keeps
     * @param profileMaxValueChars  the longest profile fact (longer statements are not kept)
     */
    @ConfigurationProperties("assistant.chat.memory")
    public record MemoryProperties(@DefaultValue("0.5") double share,
                                   @DefaultValue("16000") int maxTokens,
                                   @DefaultValue("4096") int outputReserveTokens,
                                   @DefaultValue("0.25") double summaryShare,
                                   @DefaultValue("1000") int summaryMaxTokens,
                                   @DefaultValue("auto") String summarizer,
                                   @DefaultValue("12") int profileMaxFacts,
                                   @DefaultValue("120") int profileMaxValueChars) {

        public MemoryProperties {
            String mode = summarizer == null ? "auto" : summarizer.strip().toLowerCase(Locale.ROOT);
            if (!mode.equals("auto") && !mode.equals("extractive")) {
                throw new IllegalArgumentException("assistant.chat.memory.summarizer must be auto or extractive, not "
                        + summarizer);
            }
            summarizer = mode;
        }

        TokenBudgetMemoryPlanner.Budget budget() {
            return new TokenBudgetMemoryPlanner.Budget(share, maxTokens, outputReserveTokens, summaryShare,
                    summaryMaxTokens);
        }
    }

    /**
     * {@code assistant.chat.context-windows.<model>=tokens} (a model name with dots in brackets:
     * {@code assistant.chat.context-windows[gpt-4.1]=1047576}) over the built-in {@link ContextWindows#DEFAULTS};
     * {@code assistant.chat.default-context-window} for a model found in neither.
     */
    @ConfigurationProperties("assistant.chat")
    public record ContextWindowProperties(Map<String, Integer> contextWindows,
                                          @DefaultValue("8192") int defaultContextWindow) {
        public ContextWindowProperties {
            contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
        }
    }

    @Bean
    public ContextWindows contextWindows(ContextWindowProperties properties) {
        return new ContextWindows(properties.contextWindows(), properties.defaultContextWindow());
    }

    @Bean
    public ProfileExtractor profileExtractor(MemoryProperties properties) {
        return new ProfileExtractor(properties.profileMaxFacts(), properties.profileMaxValueChars());
    }

    @Bean
    public ChatPromptAssembler chatPromptAssembler() {
        return new ChatPromptAssembler(new ChatPromptTemplates());
    }

    @Bean
    public Summarizer chatSummarizer(MemoryProperties properties, OfflineTextEngine offlineTextEngine,
                                     ChatPromptAssembler chatPromptAssembler, ContextWindows contextWindows,
                                     Environment environment) {
        Summarizer extractive = new ExtractiveSummarizer(offlineTextEngine);
        if (properties.summarizer().equals("extractive")) {
            return extractive;
        }
        List<ModelSummarizer.Target> targets = new ArrayList<>();
        ChatModelFactory factory = new ChatModelFactory(properties.summaryMaxTokens());
        for (ProviderSettings settings : ProviderConfiguration.configuredProviders(environment)) {
            targets.add(new ModelSummarizer.Target(settings.id(), settings.model(), factory.create(settings)));
        }
        if (targets.isEmpty()) {
            return extractive;
        }
        log.info("Chat summaries are written by {} (offline when a tenant's policy allows none of them)",
                targets.stream().map(t -> t.provider() + ":" + t.model()).toList());
        return new ModelSummarizer(targets, extractive, chatPromptAssembler.templates(), contextWindows);
    }

    @Bean
    public MemoryPlanner memoryPlanner(MemoryProperties properties, ChatPromptAssembler chatPromptAssembler,
                                       Summarizer chatSummarizer, ProfileExtractor profileExtractor) {
        return new TokenBudgetMemoryPlanner(properties.budget(), chatPromptAssembler, chatSummarizer,
                profileExtractor);
    }

    @Bean
    public OfflineChatResponder offlineChatResponder(OfflineTextEngine offlineTextEngine,
                                                     ProfileExtractor profileExtractor) {
        return new OfflineChatResponder(offlineTextEngine, profileExtractor);
    }
}
