package io.assistantcore.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.stream.EventStream;
import io.assistantcore.api.stream.StreamPosition;
import io.assistantcore.api.stream.StreamSink;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A reply's stream events ({@code routed}, {@code token}, {@code completed}, {@code refused}, {@code failed}, …, see
 * {@code ReplyStreams}) in OpenAI's format: {@code chat.completion.chunk} lines for a streamed call, one
 * {@code chat.completion} for one that is not. {@code model} is the model that served: the routed model while the
 * reply streams, the completing model at its end. A refusal is an answer whose {@code finish_reason} is
 * {@code content_filter} and whose text is the refusal's reason.
 */
@Component
class OpenAiWire {

    private final ObjectMapper json;

    OpenAiWire(ObjectMapper json) {
        this.json = json;
    }

    /** What every chunk or completion of one call repeats. */
    record Completion(String id, long created, String requestedModel, boolean includeUsage) {
    }

    StreamSink streamingSink(OpenAiEventStreamEmitter emitter, Completion completion) {
        return new Streaming(emitter, completion);
    }

    StreamSink collectingSink(CompletableFuture<Object> answer, Completion completion) {
        return new Collecting(answer, completion);
    }

    private static Map<String, Object> usage(Object usage) {
        Map<?, ?> used = usage instanceof Map<?, ?> map ? map : Map.of();
        long input = number(used.get("inputTokens"));
        long output = number(used.get("outputTokens"));
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("prompt_tokens", input);
        wire.put("completion_tokens", output);
        wire.put("total_tokens", input + output);
        return wire;
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** The reason a reply was refused, as its answer's text. */
    private static String refusal(Map<String, Object> data) {
        String reason = text(data.get("reason"));
        return reason.isBlank() ? "The request was refused (" + text(data.get("kind")) + ")." : reason;
    }

    private final class Streaming implements StreamSink {

        private final OpenAiEventStreamEmitter emitter;
        private final Completion completion;
        private String model;
        private boolean roleSent;
        private final StringBuilder sent = new StringBuilder();
        private int attempt;

        Streaming(OpenAiEventStreamEmitter emitter, Completion completion) {
            this.emitter = emitter;
            this.completion = completion;
            this.model = completion.requestedModel();
        }

        @Override
        public boolean send(String type, StreamPosition position, Map<String, Object> data) {
            try {
                switch (type) {
                    case "routed" -> {
                        if (data.get("model") != null) {
                            model = text(data.get("model"));
                        }
                        return true;
                    }
                    case "token" -> {
                        int tokenAttempt = (int) number(data.get("attempt"));
                        if (tokenAttempt != attempt && attempt != 0) {
                            // a new attempt (failover) starts its text again; a client cannot take back what it
                            // has, so the new attempt's text follows (decision 0015)
                            sent.setLength(0);
                        }
                        attempt = tokenAttempt;
                        return content(text(data.get("text")));
                    }
                    case "completed" -> {
                        if (data.get("model") != null) {
                            model = text(data.get("model"));
                        }
                        String text = text(data.get("text"));
                        // an answer not streamed as chunks (reused, or changed at its end) is sent as what is missing
                        if (text.startsWith(sent.toString()) && text.length() > sent.length()) {
                            content(text.substring(sent.length()));
                        }
                        return finish("stop", data.get("usage"));
                    }
                    case "refused" -> {
                        content(refusal(data));
                        return finish("content_filter", null);
                    }
                    case "failed" -> {
                        return error(HttpStatus.BAD_GATEWAY, "reply-failed", text(data.get("reason")));
                    }
                    case "cancelled" -> {
                        return error(HttpStatus.CONFLICT, "reply-cancelled", "The reply was cancelled");
                    }
                    default -> {
                        return true;
                    }
                }
            } catch (IOException | IllegalStateException clientGone) {
                return false;
            }
        }

        private boolean content(String text) throws IOException {
            if (text.isEmpty()) {
                return true;
            }
            Map<String, Object> delta = new LinkedHashMap<>();
            if (!roleSent) {
                delta.put("role", "assistant");
                roleSent = true;
            }
            delta.put("content", text);
            sent.append(text);
            emitter.data(chunk(delta, null, null));
            return true;
        }

        private boolean finish(String reason, Object usage) throws IOException {
            Map<String, Object> delta = new LinkedHashMap<>();
            if (!roleSent) {
                delta.put("role", "assistant");
                delta.put("content", "");
                roleSent = true;
            }
            emitter.data(chunk(delta, reason, null));
            if (completion.includeUsage()) {
                emitter.data(chunk(null, null, usage(usage)));
            }
            emitter.data("[DONE]");
            return true;
        }

        private boolean error(HttpStatus status, String code, String message) throws IOException {
            emitter.data(json.writeValueAsString(OpenAiErrors.body(status.value(), code, message, null)));
            emitter.data("[DONE]");
            return true;
        }

        /** A chunk with one choice ({@code delta} non-null) or none (the usage chunk). */
        private String chunk(Map<String, Object> delta, String finishReason, Map<String, Object> usage)
                throws JsonProcessingException {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("id", completion.id());
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", completion.created());
            chunk.put("model", model);
            if (delta == null) {
                chunk.put("choices", List.of());
                chunk.put("usage", usage);
            } else {
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("index", 0);
                choice.put("delta", delta);
                choice.put("finish_reason", finishReason);
                chunk.put("choices", List.of(choice));
                if (completion.includeUsage()) {
                    chunk.put("usage", null);
                }
            }
            return json.writeValueAsString(chunk);
        }

        @Override
        public boolean interrupted(String reason, long retryMillis) {
            try {
                return error(HttpStatus.SERVICE_UNAVAILABLE, reason, "The stream was interrupted on the server ("
                        + reason + "); the reply goes on and can be read at /api/v1/replies");
            } catch (IOException | IllegalStateException clientGone) {
                return false;
            }
        }

        @Override
        public boolean heartbeat() {
            try {
                emitter.comment("keep-alive");
                return true;
            } catch (IOException | IllegalStateException clientGone) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                emitter.complete();
            } catch (IllegalStateException alreadyDone) {
                // the client closed first
            }
        }
    }

    private final class Collecting implements StreamSink {

        private final CompletableFuture<Object> answer;
        private final Completion completion;
        private String routedModel;

        Collecting(CompletableFuture<Object> answer, Completion completion) {
            this.answer = answer;
            this.completion = completion;
        }

        @Override
        public boolean send(String type, StreamPosition position, Map<String, Object> data) {
            switch (type) {
                case "routed" -> {
                    if (data.get("model") != null) {
                        routedModel = text(data.get("model"));
                    }
                    return true;
                }
                case "completed" -> answer.complete(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(completion(text(data.get("model")), text(data.get("text")), "stop",
                                data.get("usage"))));
                case "refused" -> answer.complete(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(completion(routedModel == null ? completion.requestedModel() : routedModel, refusal(data),
                                "content_filter", null)));
                case "failed" -> answer.complete(error(HttpStatus.BAD_GATEWAY, "reply-failed",
                        text(data.get("reason"))));
                case "cancelled" -> answer.complete(error(HttpStatus.CONFLICT, "reply-cancelled",
                        "The reply was cancelled"));
                default -> {
                    return !answer.isDone();
                }
            }
            return false;
        }

        private Map<String, Object> completion(String model, String text, String finishReason, Object usage) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", text);
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("message", message);
            choice.put("finish_reason", finishReason);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", completion.id());
            body.put("object", "chat.completion");
            body.put("created", completion.created());
            body.put("model", model.isEmpty() ? completion.requestedModel() : model);
            body.put("choices", List.of(choice));
            body.put("usage", usage(usage));
            return body;
        }

        private ResponseEntity<Object> error(HttpStatus status, String code, String message) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(OpenAiErrors.body(status.value(), code, message, null));
        }

        @Override
        public boolean interrupted(String reason, long retryMillis) {
            answer.complete(error(HttpStatus.SERVICE_UNAVAILABLE, reason, "The reply could not be followed on the "
                    + "server (" + reason + "); it goes on and can be read at /api/v1/replies"));
            return false;
        }

        @Override
        public boolean heartbeat() {
            return !answer.isDone();
        }

        @Override
        public void close() {
            if (!answer.isDone()) {
                answer.complete(error(HttpStatus.SERVICE_UNAVAILABLE, "stream-ended",
                        "The reply's stream ended before the reply did"));
            }
        }
    }
}
