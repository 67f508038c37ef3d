package io.assistantcore.ai.provider;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.util.Objects;

/**
 * Builds the non-streaming langchain4j {@link ChatModel} for a {@link ProviderSettings}: for short structured
 * answers (a classification, a verdict) where streaming buys nothing. Like {@link StreamingModelFactory}, every
 * model talks through {@link ProviderHttpClient} with the settings' connect timeout and their first-token timeout as
 * the limit for the whole answer, and langchain4j repeats a failed call {@link ProviderSettings#maxRetries()} times.
 */
public final class ChatModelFactory {

    /**
     * @param maxOutputTokens the longest answer asked for
     */
    public ChatModel create(ProviderSettings settings, int maxOutputTokens) {
        Objects.requireNonNull(settings, "settings");
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive");
        }
        ProviderHttpClient.Builder http =
                new ProviderHttpClient.Builder(settings.connectTimeout(), settings.firstTokenTimeout());
        String baseUrl = settings.effectiveBaseUrl();
        return switch (settings.id()) {
            case ProviderSettings.OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxCompletionTokens(maxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            case ProviderSettings.ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxTokens(maxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            case ProviderSettings.GEMINI -> GoogleAiGeminiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .returnThinking(false)
                    .maxOutputTokens(maxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            case ProviderSettings.OLLAMA -> OllamaChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .modelName(settings.model())
                    .numPredict(maxOutputTokens)
                    .maxRetries(settings.maxRetries())
                    .build();
            default -> throw new IllegalArgumentException("Unknown provider id " + settings.id());
        };
    }
}
