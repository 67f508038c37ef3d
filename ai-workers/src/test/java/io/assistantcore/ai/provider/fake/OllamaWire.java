package io.assistantcore.ai.provider.fake;

import java.util.List;

import static io.assistantcore.ai.provider.fake.ProviderWire.json;

/**
 * Ollama {@code /api/chat} streaming: newline-delimited JSON, one object per token with {@code done: false}, and a
 * final object with {@code done: true}, {@code done_reason}, the durations and the token counts
 * {@code prompt_eval_count} / {@code eval_count}.
 */
public final class OllamaWire implements ProviderWire {

    private static final String CREATED_AT = "\"created_at\":\"2025-01-01T12:00:00.123456Z\"";

    @Override
    public String providerId() {
        return "ollama";
    }

    @Override
    public String baseUrl(String origin) {
        return origin;
    }

    @Override
    public String streamPath(String model) {
        return "/api/chat";
    }

    @Override
    public String completionPath(String model) {
        return "/api/chat";
    }

    /** The single object Ollama answers a chat request with {@code "stream": false}. */
    @Override
    public String completionBody(String model, String text, Usage usage) {
        String counts = usage == null ? "" : ",\"prompt_eval_count\":" + usage.input() + ",\"prompt_eval_duration\":"
                + "21000000,\"eval_count\":" + usage.output() + ",\"eval_duration\":180000000";
        return "{\"model\":" + json(model) + ",\"created_at\":\"2025-01-01T00:00:00.000000Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + json(text) + "},\"done_reason\":\"stop\",\"done\":true,"
                + "\"total_duration\":250000000,\"load_duration\":1000000" + counts + "}";
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public List<String> opening(String model, Usage usage) {
        return List.of();
    }

    @Override
    public String token(String model, String text) {
        return frame("{\"model\":" + json(model) + "," + CREATED_AT + ",\"message\":{\"role\":\"assistant\","
                + "\"content\":" + json(text) + "},\"done\":false}");
    }

    @Override
    public List<String> closing(String model, Usage usage) {
        String counts = usage == null ? "" : ",\"prompt_eval_count\":" + usage.input() + ",\"prompt_eval_duration\":"
                + "21000000,\"eval_count\":" + usage.output() + ",\"eval_duration\":180000000";
        return List.of(frame("{\"model\":" + json(model) + "," + CREATED_AT + ",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":250000000,"
                + "\"load_duration\":12000000" + counts + "}"));
    }

    /** The line Ollama sends when it fails while streaming. */
    public String errorLine(String message) {
        return frame("{\"error\":" + json(message) + "}");
    }

    @Override
    public String errorBody(int status, String message) {
        return "{\"error\":" + json(message) + "}";
    }

    @Override
    public String frame(String json) {
        return json + "\n";
    }
}
