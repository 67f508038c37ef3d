package io.assistantcore.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The request body of {@code POST /v1/chat/completions}: the fields of OpenAI's wire format this surface knows.
 * Any other field (tools, response_format, logprobs, …) is refused as unknown, as every request body is.
 */
final class OpenAiRequests {

    /** The most messages one request may carry (the earlier ones become the conversation's memory). */
    static final int MAX_MESSAGES = 200;
    /** The longest text of one message. */
    static final int MAX_TEXT = 32_000;
    /**
     * The longest the system and developer messages may be together, and one earlier turn's text (consecutive user
     * messages joined): a conversation's memory holds at most 50,000 characters of instructions and 100,000 per turn's
     * text, and a request the conversation would refuse must be refused before its budget is reserved.
     */
    static final int MAX_INSTRUCTIONS = 45_000;
    static final int MAX_TURN_TEXT = 100_000;
    static final int MAX_OUTPUT_TOKENS = 32_768;

    private OpenAiRequests() {
    }

    record ChatCompletionRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = "\\S+", message = "must be 'auto' or a model of GET /v1/models")
            String model,
            @NotEmpty @Size(max = MAX_MESSAGES) List<@NotNull @Valid ChatMessage> messages,
            Boolean stream,
            @JsonProperty("stream_options") @Valid StreamOptions streamOptions,
            @DecimalMin("0") @DecimalMax("2") Double temperature,
            @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1") Double topP,
            @Min(1) @Max(value = 1, message = "must be 1: one choice per request") Integer n,
            @JsonProperty("max_tokens") @Min(1) @Max(MAX_OUTPUT_TOKENS) Integer maxTokens,
            @JsonProperty("max_completion_tokens") @Min(1) @Max(MAX_OUTPUT_TOKENS) Integer maxCompletionTokens,
            @JsonProperty("presence_penalty") @DecimalMin("-2") @DecimalMax("2") Double presencePenalty,
            @JsonProperty("frequency_penalty") @DecimalMin("-2") @DecimalMax("2") Double frequencyPenalty,
            JsonNode stop,
            @Size(max = 255) String user,
            Long seed) {

        boolean streamed() {
            return Boolean.TRUE.equals(stream);
        }

        boolean includeUsage() {
            return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
        }
    }

    record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    /**
     * @param content a string, or a list of {@code {"type":"text","text":…}} parts (checked by the controller)
     */
    record ChatMessage(
            @NotNull @Pattern(regexp = "system|developer|user|assistant",
                    message = "must be system, developer, user or assistant") String role,
            @NotNull JsonNode content,
            @Size(max = 64) String name) {
    }
}
