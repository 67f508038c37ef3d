package io.assistantcore.ai.provider.fake;

import java.util.ArrayList;
import java.util.List;

import static io.assistantcore.ai.provider.fake.ProviderWire.json;
import static io.assistantcore.ai.provider.fake.ProviderWire.sse;

/**
 * OpenAI chat completions streaming: {@code data: {chat.completion.chunk}} events, a chunk with
 * {@code finish_reason}, a final chunk with empty {@code choices} and the {@code usage} (sent because the request has
 * {@code stream_options.include_usage}), then {@code data: [DONE]}.
 */
public final class OpenAiWire implements ProviderWire {

    private static final String ID = "chatcmpl-fake0001";

    @Override
    public String providerId() {
        return "openai";
    }

    @Override
    public String baseUrl(String origin) {
        return origin + "/v1";
    }

    @Override
    public String streamPath(String model) {
        return "/v1/chat/completions";
    }

    @Override
    public String completionPath(String model) {
        return "/v1/chat/completions";
    }

    /** A {@code chat.completion} object, as OpenAI answers a request without {@code stream}. */
    @Override
    public String completionBody(String model, String text, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usage\":{\"prompt_tokens\":" + usage.input()
                + ",\"completion_tokens\":" + usage.output() + ",\"total_tokens\":" + (usage.input() + usage.output())
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}";
        return "{\"id\":\"" + ID + "\",\"object\":\"chat.completion\",\"created\":1735689600,\"model\":" + json(model)
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + json(text)
                + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}]" + usageJson
                + ",\"system_fingerprint\":\"fp_fake\"}";
    }

    @Override
    public String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public List<String> opening(String model, Usage usage) {
        return List.of(chunk(model, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    }

    @Override
    public String token(String model, String text) {
        return chunk(model, "{\"content\":" + json(text) + "}", null);
    }

    @Override
    public List<String> closing(String model, Usage usage) {
        List<String> frames = new ArrayList<>();
        frames.add(chunk(model, "{}", "stop"));
        if (usage != null) {
            frames.add(sse("{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
                    + "\"model\":" + json(model) + ",\"system_fingerprint\":\"fp_fake\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":" + usage.input() + ",\"completion_tokens\":" + usage.output()
                    + ",\"total_tokens\":" + (usage.input() + usage.output())
                    + ",\"prompt_tokens_details\":{\"cached_tokens\":0},"
                    + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}"));
        }
        frames.add(sse("[DONE]"));
        return frames;
    }

    /** The chunk that ends the choice with a finish reason ({@code stop}, {@code length}, {@code content_filter}). */
    public String finishChunk(String model, String finishReason) {
        return chunk(model, "{}", finishReason);
    }

    /**
     * A non-streaming chat completion ({@code "object": "chat.completion"}) whose message content is {@code text};
     * usage null = none reported.
     */
    public FakeResponse completion(String model, String text, Usage usage) {
        String usageJson = usage == null ? "" : ",\"usage\":{\"prompt_tokens\":" + usage.input()
                + ",\"completion_tokens\":" + usage.output() + ",\"total_tokens\":" + (usage.input() + usage.output())
                + "}";
        return FakeResponse.json(200, "{\"id\":\"chatcmpl-fake0002\",\"object\":\"chat.completion\","
                + "\"created\":1735689600,\"model\":" + json(model) + ",\"system_fingerprint\":\"fp_fake\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + json(text)
                + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}]" + usageJson + "}");
    }

    /**
     * A stream in which the model calls one tool: the call's id and name, then its arguments in two pieces, the
     * {@code tool_calls} finish reason, usage, and the terminator.
     */
    public FakeResponse toolCallStream(String model, String callId, String tool, String arguments, Usage usage) {
        int half = arguments.length() / 2;
        List<String> frames = new ArrayList<>();
        frames.add(chunk(model, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":"
                + json(callId) + ",\"type\":\"function\",\"function\":{\"name\":" + json(tool)
                + ",\"arguments\":\"\"}}]}", null));
        frames.add(chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                + json(arguments.substring(0, half)) + "}}]}", null));
        frames.add(chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                + json(arguments.substring(half)) + "}}]}", null));
        List<String> closing = new ArrayList<>(closing(model, usage));
        closing.set(0, chunk(model, "{}", "tool_calls"));
        frames.addAll(closing);
        return FakeResponse.stream(contentType()).sendAll(frames).build();
    }

    /** The stream terminator. */
    public String done() {
        return sse("[DONE]");
    }

    @Override
    public String errorBody(int status, String message) {
        String type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
        String code = status == 401 ? "\"invalid_api_key\"" : "null";
        return "{\"error\":{\"message\":" + json(message) + ",\"type\":\"" + type
                + "\",\"param\":null,\"code\":" + code + "}}";
    }

    @Override
    public String frame(String json) {
        return sse(json);
    }

    private static String chunk(String model, String delta, String finishReason) {
        return sse("{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":"
                + json(model) + ",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finishReason == null ? "null" : json(finishReason))
                + "}]}");
    }
}
