package io.assistantcore.ai.provider;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.util.Objects;

/**
 * Builds a non-streaming langchain4j {@link ChatModel} for a {@link ProviderSettings}, for short internal calls
 * whose answer is needed whole (such as condensing a conversation into its running summary). Like
 * {@link StreamingModelFactory}: every model talks through {@link ProviderHttpClient}; the request as a whole (until
 * the response headers, which for a non-streaming call come with the answer) is limited by the settings'
 * first-token timeout; langchain4j retries retryable failures {@code maxRetries} times; each call states its own
 * output limit ({@code ChatRequest.maxOutputTokens}), {@code defaultMaxOutputTokens} applies otherwise.
 */
public final class ChatModelFactory {

    public ChatModel create(ProviderSettings settings, int defaultMaxOutputTokens) {
        Objects.requireNonNull(settings, "settings");
        ProviderHttpClient.Builder http =
                new ProviderHttpClient.Builder(settings.connectTimeout(), settings.firstTokenTimeout());
        String baseUrl = settings.effectiveBaseUrl();
        return switch (settings.id()) {
            case ProviderSettings.OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxCompletionTokens(defaultMaxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            case ProviderSettings.ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxTokens(defaultMaxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            case ProviderSettings.GEMINI -> GoogleAiGeminiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .returnThinking(false)
                    .maxOutputTokens(defaultMaxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            case ProviderSettings.OLLAMA -> OllamaChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .modelName(settings.model())
                    .numPredict(defaultMaxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            default -> throw new IllegalArgumentException("Unknown provider id " + settings.id());
        };
    }
}
