package io.assistantcore.ai.provider;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.util.Objects;

/**
 * Builds a non-streaming langchain4j {@link ChatModel} for a {@link ProviderSettings}, for short calls that want one
 * whole answer (the chat router's classification, the chat memory's summaries). Like {@link StreamingModelFactory},
 * every model talks through {@link ProviderHttpClient}: connect timeout from the settings, and the settings'
 * first-token timeout as the limit for the whole response. langchain4j's own retries are switched off: the caller
 * decides whether to try another provider.
 * <p>
 * Structured output is asked for per request ({@code ChatRequest.responseFormat} with a JSON schema): OpenAI sends
 * it as {@code response_format: {type: json_schema, json_schema: {strict: true, ...}}}, Anthropic (langchain4j 1.17)
 * as {@code output_config: {format: {type: json_schema, schema}}}, Gemini as a response schema, Ollama as
 * {@code format}.
 */
public final class ChatModelFactory {

    private final int maxOutputTokens;

    /** @param maxOutputTokens the answer length each provider is asked to stay within */
    public ChatModelFactory(int maxOutputTokens) {
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive");
        }
        this.maxOutputTokens = maxOutputTokens;
    }

    public ChatModel create(ProviderSettings settings) {
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
                    .maxCompletionTokens(maxOutputTokens)
                    .strictJsonSchema(true)
                    .maxRetries(0)
                    .build();
            case ProviderSettings.ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxTokens(maxOutputTokens)
                    .maxRetries(0)
                    .build();
            case ProviderSettings.GEMINI -> GoogleAiGeminiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .returnThinking(false)
                    .maxOutputTokens(maxOutputTokens)
                    .maxRetries(0)
                    .build();
            case ProviderSettings.OLLAMA -> OllamaChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .modelName(settings.model())
                    .numPredict(maxOutputTokens)
                    .maxRetries(0)
                    .build();
            default -> throw new IllegalArgumentException("Unknown provider id " + settings.id());
        };
    }
}
