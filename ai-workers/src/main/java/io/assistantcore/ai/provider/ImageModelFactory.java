package io.assistantcore.ai.provider;

import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.openai.OpenAiImageModel;

import java.time.Duration;

/**
 * Builds the langchain4j {@link ImageModel} of an image provider: OpenAI's images API
 * ({@code POST /v1/images/generations}) through {@link ProviderHttpClient}, with the connect timeout of the
 * provider's settings and {@code timeout} for the whole answer, and langchain4j's retries off (the reply fails
 * plainly instead). langchain4j 1.17 sends no {@code response_format}: GPT Image models answer in base64, DALL·E
 * models with a link by default; the caller handles both.
 */
public final class ImageModelFactory {

    private ImageModelFactory() {
    }

    public static ImageModel openAi(ProviderSettings settings, String model, String size, Duration timeout) {
        return OpenAiImageModel.builder()
                .httpClientBuilder(new ProviderHttpClient.Builder(settings.connectTimeout(), timeout))
                .baseUrl(settings.effectiveBaseUrl())
                .apiKey(settings.apiKey())
                .modelName(model)
                .size(size)
                .maxRetries(0)
                .build();
    }
}
