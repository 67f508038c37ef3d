package io.assistantcore.ai.provider.fake;

import java.util.ArrayList;
import java.util.List;

import static io.assistantcore.ai.provider.fake.ProviderWire.json;
import static io.assistantcore.ai.provider.fake.ProviderWire.sse;

/**
 * Anthropic messages streaming: {@code message_start} (input usage), {@code content_block_start}, {@code ping},
 * {@code content_block_delta} per token, {@code content_block_stop}, {@code message_delta} (stop reason, output
 * usage) and {@code message_stop}.
 */
public final class AnthropicWire implements ProviderWire {

    @Override
    public String providerId() {
        return "anthropic";
    }

    @Override
    public String baseUrl(String origin) {
        return origin + "/v1";
    }

    @Override
    public String streamPath(String model) {
        return "/v1/messages";
    }

    @Override
    public String completionPath(String model) {
        return "/v1/messages";
    }

    /** A {@code message} object, as Anthropic answers a request without {@code stream}. */
    @Override
    public String completionBody(String model, String text, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usage\":{\"input_tokens\":" + usage.input()
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + usage.output()
                + "}";
        return "{\"id\":\"msg_fake0001\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + json(model)
                + ",\"content\":[{\"type\":\"text\",\"text\":" + json(text) + "}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null" + usageJson + "}";
    }

    @Override
    public String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public List<String> opening(String model, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usage\":{\"input_tokens\":" + usage.input()
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}";
        return List.of(
                sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake0001\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":" + json(model)
                        + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null" + usageJson + "}}"),
                sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                sse("ping", "{\"type\":\"ping\"}"));
    }

    @Override
    public String token(String model, String text) {
        return sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":" + json(text) + "}}");
    }

    @Override
    public List<String> closing(String model, Usage usage) {
        List<String> frames = new ArrayList<>();
        frames.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        String usageJson = usage == null ? "" : ",\"usage\":{\"output_tokens\":" + usage.output() + "}";
        frames.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null}" + usageJson + "}"));
        frames.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return frames;
    }

    /**
     * A non-streaming Messages API response with one text content block holding {@code text}; usage null = none
     * reported.
     */
    public FakeResponse message(String model, String text, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usage\":{\"input_tokens\":" + usage.input()
                + ",\"output_tokens\":" + usage.output() + "}";
        return FakeResponse.json(200, "{\"id\":\"msg_fake0002\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":" + json(model) + ",\"content\":[{\"type\":\"text\",\"text\":" + json(text) + "}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null" + usageJson + "}");
    }

    /** A stream in which the model calls one tool ({@code tool_use} block, its input in two JSON pieces). */
    public FakeResponse toolUseStream(String model, String callId, String tool, String arguments, Usage usage) {
        int half = arguments.length() / 2;
        String usageJson = usage == null ? "" : ",\"usage\":{\"input_tokens\":" + usage.input()
                + ",\"output_tokens\":1}";
        List<String> frames = new ArrayList<>();
        frames.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake0003\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":" + json(model)
                + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null" + usageJson + "}}"));
        frames.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":" + json(callId) + ",\"name\":" + json(tool)
                + ",\"input\":{}}}"));
        frames.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + json(arguments.substring(0, half))
                + "}}"));
        frames.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + json(arguments.substring(half))
                + "}}"));
        frames.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        String outputUsage = usage == null ? "" : ",\"usage\":{\"output_tokens\":" + usage.output() + "}";
        frames.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null}" + outputUsage + "}"));
        frames.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return FakeResponse.stream(contentType()).sendAll(frames).build();
    }

    /** An {@code error} event inside a running stream, e.g. {@code overloaded_error}. */
    public String errorEvent(String type, String message) {
        return sse("error", "{\"type\":\"error\",\"error\":{\"type\":" + json(type) + ",\"message\":"
                + json(message) + "}}");
    }

    @Override
    public String errorBody(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":"
                + json(message) + "}}";
    }

    @Override
    public String frame(String json) {
        return sse("content_block_delta", json);
    }
}
