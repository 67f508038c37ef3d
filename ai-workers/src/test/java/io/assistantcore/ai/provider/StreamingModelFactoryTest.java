package io.assistantcore.ai.provider;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingModelFactoryTest {

    private final StreamingModelFactory factory = new StreamingModelFactory();

    @Test
    void buildsTheLangchain4jModelOfEachProviderWithTheConfiguredModel() {
        StreamingChatModel openai = factory.create(ProviderSettings.of("openai", "k", null, "gpt-4.1-mini"));
        StreamingChatModel anthropic = factory.create(ProviderSettings.of("anthropic", "k", null, null));
        StreamingChatModel gemini = factory.create(ProviderSettings.of("gemini", "k", "http://127.0.0.1:9/v1beta", null));
        StreamingChatModel ollama = factory.create(ProviderSettings.of("ollama", null, null, null));

        assertThat(openai).isInstanceOf(OpenAiStreamingChatModel.class);
        assertThat(anthropic).isInstanceOf(AnthropicStreamingChatModel.class);
        assertThat(gemini).isInstanceOf(GoogleAiGeminiStreamingChatModel.class);
        assertThat(ollama).isInstanceOf(OllamaStreamingChatModel.class);
        assertThat(openai.defaultRequestParameters().modelName()).isEqualTo("gpt-4.1-mini");
        assertThat(anthropic.defaultRequestParameters().modelName()).isEqualTo("claude-3-5-haiku-latest");
        // every provider is held to the output limit that budget reservations assume
        // (OpenAI's limit goes out as max_completion_tokens, which newer models require instead of max_tokens)
        assertThat(((dev.langchain4j.model.openai.OpenAiChatRequestParameters) openai.defaultRequestParameters())
                .maxCompletionTokens()).isEqualTo(StreamingModelFactory.MAX_OUTPUT_TOKENS);
        for (StreamingChatModel model : java.util.List.of(anthropic, gemini, ollama)) {
            assertThat(model.defaultRequestParameters().maxOutputTokens())
                    .as(model.getClass().getSimpleName())
                    .isEqualTo(StreamingModelFactory.MAX_OUTPUT_TOKENS);
        }
        assertThat(gemini.defaultRequestParameters().modelName()).isEqualTo("gemini-2.0-flash");
        assertThat(ollama.defaultRequestParameters().modelName()).isEqualTo("llama3.2");
    }
}
