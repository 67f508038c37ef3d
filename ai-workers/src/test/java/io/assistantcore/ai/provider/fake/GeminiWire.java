package io.assistantcore.ai.provider.fake;

import java.util.List;

import static io.assistantcore.ai.provider.fake.ProviderWire.json;

/**
 * Gemini {@code models/<model>:streamGenerateContent?alt=sse}: {@code data: {GenerateContentResponse}} events
 * separated by CRLF blank lines, {@code usageMetadata} in every chunk (prompt count first, candidate count in the
 * last), the last candidate with {@code finishReason: STOP}. The stream has no terminator event.
 */
public final class GeminiWire implements ProviderWire {

    @Override
    public String providerId() {
        return "gemini";
    }

    @Override
    public String baseUrl(String origin) {
        return origin + "/v1beta";
    }

    @Override
    public String streamPath(String model) {
        return "/v1beta/models/" + model + ":streamGenerateContent";
    }

    @Override
    public String completionPath(String model) {
        return "/v1beta/models/" + model + ":generateContent";
    }

    /** A {@code GenerateContentResponse}, as Gemini answers {@code generateContent}. */
    @Override
    public String completionBody(String model, String text, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usageMetadata\":{\"promptTokenCount\":" + usage.input()
                + ",\"candidatesTokenCount\":" + usage.output() + ",\"totalTokenCount\":"
                + (usage.input() + usage.output()) + "}";
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + json(text) + "}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}]" + usageJson + ",\"modelVersion\":" + json(model) + "}";
    }

    @Override
    public String contentType() {
        return "text/event-stream";
    }

    @Override
    public List<String> opening(String model, Usage usage) {
        return List.of();
    }

    @Override
    public String token(String model, String text) {
        return frame("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + json(text) + "}],\"role\":\"model\"},"
                + "\"index\":0}],\"modelVersion\":" + json(model) + ",\"responseId\":\"fake-response-1\"}");
    }

    @Override
    public List<String> closing(String model, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usageMetadata\":{\"promptTokenCount\":" + usage.input()
                + ",\"candidatesTokenCount\":" + usage.output() + ",\"totalTokenCount\":"
                + (usage.input() + usage.output()) + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\","
                + "\"tokenCount\":" + usage.input() + "}]}";
        return List.of(frame("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}]" + usageJson + ",\"modelVersion\":" + json(model)
                + ",\"responseId\":\"fake-response-1\"}"));
    }

    @Override
    public String errorBody(int status, String message) {
        String code = switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
        return "{\"error\":{\"code\":" + status + ",\"message\":" + json(message)
                + ",\"status\":\"" + code + "\"}}";
    }

    @Override
    public String frame(String json) {
        return "data: " + json + "\r\n\r\n";
    }
}
