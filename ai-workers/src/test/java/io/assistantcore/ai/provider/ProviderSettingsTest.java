package io.assistantcore.ai.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderSettingsTest {

    @Test
    void readsAllProvidersFromTheEnvironmentInFixedOrder() {
        Map<String, String> env = Map.of(
                "OLLAMA_MODEL", "qwen2.5:3b",
                "GEMINI_API_KEY", "g-key",
                "ANTHROPIC_API_KEY", "a-key",
                "ANTHROPIC_BASE_URL", "https://proxy.example.com/anthropic/v1/",
                "OPENAI_API_KEY", "sk-test",
                "OPENAI_MODEL", "gpt-4.1-mini");

        List<ProviderSettings> settings = ProviderSettings.fromEnvironment(env);

        assertThat(settings).extracting(ProviderSettings::id)
                .containsExactly("openai", "anthropic", "gemini", "ollama");
        ProviderSettings openai = settings.get(0);
        assertThat(openai.apiKey()).isEqualTo("sk-test");
        assertThat(openai.model()).isEqualTo("gpt-4.1-mini");
        assertThat(openai.baseUrl()).isNull();
        assertThat(openai.effectiveBaseUrl()).isNull();
        ProviderSettings anthropic = settings.get(1);
        assertThat(anthropic.baseUrl()).isEqualTo("https://proxy.example.com/anthropic/v1");
        assertThat(anthropic.model()).isEqualTo("claude-3-5-haiku-latest");
        assertThat(settings.get(2).model()).isEqualTo("gemini-2.0-flash");
        ProviderSettings ollama = settings.get(3);
        assertThat(ollama.apiKey()).isNull();
        assertThat(ollama.model()).isEqualTo("qwen2.5:3b");
        assertThat(ollama.effectiveBaseUrl()).isEqualTo("http://localhost:11434");
    }

    @Test
    void providersWithoutKeyOrWithBlankValuesAreLeftOut() {
        Map<String, String> env = Map.of(
                "OPENAI_API_KEY", "  ",
                "OPENAI_MODEL", "gpt-4o",
                "ANTHROPIC_BASE_URL", "http://localhost:1234",
                "GEMINI_API_KEY", "g-key",
                "GEMINI_MODEL", "",
                "OLLAMA_BASE_URL", " ");

        List<ProviderSettings> settings = ProviderSettings.fromEnvironment(env);

        assertThat(settings).extracting(ProviderSettings::id).containsExactly("gemini");
        assertThat(settings.get(0).model()).isEqualTo("gemini-2.0-flash");
        assertThat(ProviderSettings.fromEnvironment(Map.of())).isEmpty();
        assertThat(ProviderSettings.fromEnvironment(Map.of("OLLAMA_BASE_URL", "http://gpu-box:11434")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.model()).isEqualTo("llama3.2");
                    assertThat(s.effectiveBaseUrl()).isEqualTo("http://gpu-box:11434");
                });
    }

    @Test
    void hasSaneDefaultsAndValidates() {
        ProviderSettings settings = ProviderSettings.of("openai", "sk-1", null, null);

        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.firstTokenTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.totalTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.maxRetries()).isEqualTo(2);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxRetryAfter()).isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> ProviderSettings.of("mistral", "k", null, null))
                .hasMessageContaining("openai, anthropic, gemini, ollama");
        assertThatThrownBy(() -> ProviderSettings.of("anthropic", " ", null, null))
                .hasMessageContaining("API key");
        assertThatThrownBy(() -> settings.withRetries(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsTheKey() {
        ProviderSettings settings = ProviderSettings.of("anthropic", "sk-ant-secret-value", null, null);

        assertThat(settings.toString()).doesNotContain("secret").contains("apiKey=***").contains("anthropic");
    }
}
