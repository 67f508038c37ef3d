package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.chat.ChatPromptBuilder;
import io.assistantcore.ai.chat.OfflineChatAnswers;
import io.assistantcore.ai.chat.offline.OfflineChatResponder;
import io.assistantcore.ai.offline.OfflineTextEngine;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wiring with Spring's property binding; the offline engine is not used, so it is never loaded. */
class ChatMemoryConfigurationTest {

    private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        context.registerBean(OfflineTextEngine.class, () -> new OfflineTextEngine(1));
        context.register(ChatMemoryConfiguration.class);
        context.refresh();
        return context;
    }

    @Test
    void defaultsWithoutAnyProvider() {
        try (AnnotationConfigApplicationContext context = context(Map.of())) {
            assertThat(context.getBean(MemoryPlanner.class)).isInstanceOf(TokenBudgetMemoryPlanner.class);
            assertThat(context.getBean(Summarizer.class)).isInstanceOf(ExtractiveSummarizer.class);
            assertThat(context.getBean(ChatPromptAssembler.class)).isNotNull();
            assertThat(context.getBean(ProfileExtractor.class)).isNotNull();
            assertThat(context.getBean(OfflineChatResponder.class)).isNotNull();
            // the chat worker's parts
            assertThat(context.getBean(ChatPromptBuilder.class)).isSameAs(context.getBean(ChatPromptAssembler.class));
            assertThat(context.getBean(OfflineChatAnswers.class)).isSameAs(context.getBean(OfflineChatResponder.class));
            ContextWindows windows = context.getBean(ContextWindows.class);
            assertThat(windows.forModel("gpt-4o")).isEqualTo(128_000);
            assertThat(windows.forModel("unknown-model")).isEqualTo(ContextWindows.DEFAULT_WINDOW);
            TokenBudgetMemoryPlanner planner = (TokenBudgetMemoryPlanner) context.getBean(MemoryPlanner.class);
            assertThat(planner.memoryBudget(128_000, "Hi")).isEqualTo(16_000);
        }
    }

    @Test
    void settingsAndAConfiguredProvider() {
        try (AnnotationConfigApplicationContext context = context(Map.of(
                "assistant.chat.memory.max-tokens", "6000",
                "assistant.chat.context-windows[llama3.2]", "32768",
                "assistant.chat.context-windows.mistral-large", "131072",
                "assistant.chat.default-context-window", "16000",
                "OPENAI_API_KEY", "sk-test"))) {
            ContextWindows windows = context.getBean(ContextWindows.class);
            assertThat(windows.forModel("llama3.2:3b")).isEqualTo(32_768);
            assertThat(windows.forModel("mistral-large-2411")).isEqualTo(131_072);
            assertThat(windows.forModel("unknown-model")).isEqualTo(16_000);
            TokenBudgetMemoryPlanner planner = (TokenBudgetMemoryPlanner) context.getBean(MemoryPlanner.class);
            assertThat(planner.memoryBudget(128_000, "Hi")).isEqualTo(6_000);
            assertThat(context.getBean(Summarizer.class)).isInstanceOf(ModelSummarizer.class);
        }
    }

    @Test
    void extractiveSummariesCanBeRequiredEvenWithAProvider() {
        try (AnnotationConfigApplicationContext context = context(Map.of(
                "assistant.chat.memory.summarizer", "extractive", "OPENAI_API_KEY", "sk-test"))) {
            assertThat(context.getBean(Summarizer.class)).isInstanceOf(ExtractiveSummarizer.class);
        }
    }

    @Test
    void wrongSettingsStopTheStart() {
        assertThatThrownBy(() -> context(Map.of("assistant.chat.memory.summarizer", "magic")))
                .hasStackTraceContaining("auto or extractive");
        assertThatThrownBy(() -> context(Map.of("assistant.chat.memory.share", "1.5")))
                .hasStackTraceContaining("memory shares must be within");
    }
}
