package io.assistantcore.ai.provider;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.assistantcore.ai.generation.TextGenerator;

import java.util.Objects;

/**
 * Builds the langchain4j {@link StreamingChatModel} for a {@link ProviderSettings}.
 * <ul>
 *     <li>Every model talks through {@link ProviderHttpClient} (HTTP/1.1, connect timeout and response-header
 *     timeout from the settings, cancellable before the first token, strict about broken streams).</li>
 *     <li>Base URLs: OpenAI {@code .../v1} (requests go to {@code /chat/completions}), Anthropic {@code .../v1}
 *     ({@code /messages}), Gemini {@code .../v1beta} ({@code /models/<model>:streamGenerateContent?alt=sse};
 *     {@code GoogleAiGeminiStreamingChatModelBuilder.baseUrl} exists in 1.17), Ollama the server root
 *     ({@code /api/chat}). A null base URL keeps langchain4j's default (Ollama: {@code http://localhost:11434}).</li>
 *     <li>Usage in streams: {@code OpenAiStreamingChatModel} always sends
 *     {@code "stream_options":{"include_usage":true}} in 1.17, so OpenAI's final chunk carries the usage; Anthropic
 *     ({@code message_start}/{@code message_delta}), Gemini ({@code usageMetadata}) and Ollama
 *     ({@code prompt_eval_count}/{@code eval_count}) report usage in their streams without being asked.</li>
 *     <li>langchain4j's own {@code timeout(..)} builder options are not used: they would set connect and read
 *     timeout to one value. The first-token and total limits are enforced by {@link LangChainTextGenerator}.</li>
 * </ul>
 */
public final class StreamingModelFactory {

    /**
     * Every provider is asked to stop after this many output tokens: budget reservations assume it, and Anthropic
     * requires a limit anyway (langchain4j's default of 1024 is short for rewriting long texts).
     */
    public static final int MAX_OUTPUT_TOKENS = TextGenerator.DEFAULT_MAX_OUTPUT_TOKENS;

    public StreamingChatModel create(ProviderSettings settings) {
        Objects.requireNonNull(settings, "settings");
        ProviderHttpClient.Builder http =
                new ProviderHttpClient.Builder(settings.connectTimeout(), settings.firstTokenTimeout());
        String baseUrl = settings.effectiveBaseUrl();
        return switch (settings.id()) {
            case ProviderSettings.OPENAI -> OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxCompletionTokens(MAX_OUTPUT_TOKENS)
                    .build();
            case ProviderSettings.ANTHROPIC -> AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .maxTokens(MAX_OUTPUT_TOKENS)
                    .build();
            case ProviderSettings.GEMINI -> GoogleAiGeminiStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    // unset, the Gemini module streams "thought" parts as answer text (backward compatibility)
                    .returnThinking(false)
                    .maxOutputTokens(MAX_OUTPUT_TOKENS)
                    .build();
            case ProviderSettings.OLLAMA -> OllamaStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .modelName(settings.model())
                    .numPredict(MAX_OUTPUT_TOKENS)
                    .build();
            default -> throw new IllegalArgumentException("Unknown provider id " + settings.id());
        };
    }
}
