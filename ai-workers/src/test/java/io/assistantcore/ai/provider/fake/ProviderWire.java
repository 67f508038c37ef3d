package io.assistantcore.ai.provider.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One provider's wire format, for scripting {@link FakeProviderServer} responses: for streams the frames before the
 * first token, one frame per token, and the frames that finish the stream (finish reason, usage, terminator); for
 * non-streaming requests the whole JSON answer ({@link #completion}).
 * Each frame is a complete protocol unit (an SSE event with its blank line, or an NDJSON line) and is sent as one
 * HTTP chunk.
 */
public interface ProviderWire {

    /** Token counts a fake provider reports. */
    record Usage(int input, int output) {
    }

    /** {@code openai}, {@code anthropic}, {@code gemini} or {@code ollama}. */
    String providerId();

    /** The base URL to configure for a server at {@code origin} (what the real API's base URL corresponds to). */
    String baseUrl(String origin);

    /** The path a streaming chat request for {@code model} goes to. */
    String streamPath(String model);

    /** Content type of the stream. */
    String contentType();

    /** Frames before the first token (may be empty); usage null = the provider reports none. */
    List<String> opening(String model, Usage usage);

    /** The frame carrying one piece of text. */
    String token(String model, String text);

    /** Frames that properly finish the stream; usage null = the provider reports none. */
    List<String> closing(String model, Usage usage);

    /** The path a non-streaming chat request for {@code model} goes to. */
    String completionPath(String model);

    /**
     * The provider's JSON body answering a non-streaming chat request with {@code text}; usage null = the provider
     * reports none.
     */
    String completionBody(String model, String text, Usage usage);

    /** A 200 answer to a non-streaming chat request. */
    default FakeResponse completion(String model, String text, Usage usage) {
        return FakeResponse.json(200, completionBody(model, text, usage));
    }

    /** The provider's JSON error body for an HTTP status. */
    String errorBody(int status, String message);

    /** The provider's error response for an HTTP status. */
    default FakeResponse error(int status, String message) {
        return FakeResponse.json(status, errorBody(status, message));
    }

    /** The provider's error response with extra headers, e.g. {@code Retry-After}. */
    default FakeResponse error(int status, String message, String headerName, String headerValue) {
        return FakeResponse.status(status).header("Content-Type", "application/json")
                .header(headerName, headerValue).body(errorBody(status, message)).build();
    }

    /** A frame the provider module cannot parse. */
    default String malformedFrame() {
        return frame("{\"this is\": not json");
    }

    /** Wraps a payload the way the wire format frames it (SSE {@code data:} event or NDJSON line). */
    String frame(String json);

    /** A complete, proper stream. */
    default FakeResponse stream(String model, List<String> tokens, Usage usage) {
        return streamBuilder(model, tokens, usage).sendAll(closing(model, usage)).build();
    }

    /** A stream builder with the opening and the tokens sent; add steps and/or {@link #closing} yourself. */
    default FakeResponse.Builder streamBuilder(String model, List<String> tokens, Usage usage) {
        FakeResponse.Builder builder = FakeResponse.stream(contentType()).sendAll(opening(model, usage));
        tokens.forEach(token -> builder.send(token(model, token)));
        return builder;
    }

    /** The opening, then the tokens with a pause before each, then the closing. */
    default FakeResponse slowStream(String model, List<String> tokens, Duration pauseBeforeEach, Usage usage) {
        FakeResponse.Builder builder = FakeResponse.stream(contentType()).sendAll(opening(model, usage));
        List<String> frames = new ArrayList<>();
        tokens.forEach(token -> frames.add(token(model, token)));
        return builder.sendSlowly(frames, pauseBeforeEach).sendAll(closing(model, usage)).build();
    }

    /** JSON text for a value (string escaping for payloads). */
    static String json(Object value) {
        try {
            return Holder.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** SSE event with an event name. */
    static String sse(String event, String data) {
        return "event: " + event + "\n" + "data: " + data + "\n\n";
    }

    /** SSE event without a name. */
    static String sse(String data) {
        return "data: " + data + "\n\n";
    }

    /** The four wire formats. */
    static List<ProviderWire> all() {
        return List.of(new OpenAiWire(), new AnthropicWire(), new GeminiWire(), new OllamaWire());
    }

    /** The wire format of a provider id. */
    static ProviderWire of(String providerId) {
        return all().stream().filter(wire -> wire.providerId().equals(providerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No wire format for " + providerId));
    }

    /** Holds the shared mapper. */
    final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Holder() {
        }
    }
}
