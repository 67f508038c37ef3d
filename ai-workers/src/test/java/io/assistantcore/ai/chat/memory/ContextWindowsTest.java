package io.assistantcore.ai.chat.memory;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextWindowsTest {

    private final ContextWindows windows = new ContextWindows();

    @Test
    void knownModelsByNameOrByTheLongestNameTheyBeginWith() {
        assertThat(windows.forModel("gpt-4o-mini")).isEqualTo(128_000);
        assertThat(windows.forModel("gpt-4o-mini-2024-07-18")).isEqualTo(128_000);
        assertThat(windows.forModel("gpt-4")).isEqualTo(8_192);
        assertThat(windows.forModel("gpt-4-turbo-2024-04-09")).isEqualTo(128_000);
        assertThat(windows.forModel("gpt-4.1-mini")).isEqualTo(1_047_576);
        assertThat(windows.forModel("claude-3-5-haiku-latest")).isEqualTo(200_000);
        assertThat(windows.forModel("claude-sonnet-4-20250514")).isEqualTo(200_000);
        assertThat(windows.forModel("gemini-2.0-flash")).isEqualTo(1_048_576);
        assertThat(windows.forModel("llama3.2:3b")).isEqualTo(4_096);
        assertThat(windows.forModel("offline-engine-v1")).isEqualTo(4_096);
        assertThat(windows.forModel("GPT-4O")).isEqualTo(128_000);
    }

    @Test
    void anUnknownModelGetsTheConservativeDefault() {
        assertThat(windows.forModel("mistral-large")).isEqualTo(ContextWindows.DEFAULT_WINDOW);
        assertThat(windows.forModel("gpt-4oo")).isEqualTo(ContextWindows.DEFAULT_WINDOW);
        assertThat(windows.forModel(null)).isEqualTo(ContextWindows.DEFAULT_WINDOW);
    }

    @Test
    void anUnknownModelOfAKnownProviderGetsTheProvidersWindow() {
        assertThat(windows.forModel("anthropic", "claude-next-preview")).isEqualTo(200_000);
        assertThat(windows.forModel("openai", "gpt-4o-mini")).isEqualTo(128_000);
        assertThat(windows.forModel("ollama", "qwen2.5")).isEqualTo(4_096);
        assertThat(windows.forModel("local", "offline-engine-v1")).isEqualTo(4_096);
        assertThat(windows.forModel("someone", "something")).isEqualTo(ContextWindows.DEFAULT_WINDOW);
        assertThat(windows.forModel(null, null)).isEqualTo(ContextWindows.DEFAULT_WINDOW);
    }

    @Test
    void configuredWindowsComeFirst() {
        ContextWindows configured = new ContextWindows(Map.of("llama3.2", 32_768, "mistral-large", 131_072), 16_000);
        assertThat(configured.forModel("llama3.2:3b")).isEqualTo(32_768);
        assertThat(configured.forModel("mistral-large-2411")).isEqualTo(131_072);
        assertThat(configured.forModel("something-else")).isEqualTo(16_000);
        assertThat(configured.forModel("gpt-4o")).isEqualTo(128_000);
        assertThat(configured.forModel("ollama", "llama3.2:3b")).isEqualTo(32_768);
    }

    @Test
    void windowsMustBePositive() {
        assertThatThrownBy(() -> new ContextWindows(Map.of("x", 0), 8_192))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContextWindows(Map.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
