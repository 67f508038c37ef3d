package io.assistantcore.api.openai;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events as OpenAI writes them: {@code data: <json>} lines and a last {@code data: [DONE]}, no event
 * names or ids ({@code SseEmitter} writes {@code data:} without the space some clients expect).
 */
final class OpenAiEventStreamEmitter extends ResponseBodyEmitter {

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    OpenAiEventStreamEmitter() {
        super(0L);
    }

    @Override
    protected void extendResponse(ServerHttpResponse outputMessage) {
        super.extendResponse(outputMessage);
        HttpHeaders headers = outputMessage.getHeaders();
        headers.setContentType(new MediaType("text", "event-stream", StandardCharsets.UTF_8));
        headers.setCacheControl("no-cache");
        headers.set("X-Accel-Buffering", "no");
    }

    void data(String json) throws IOException {
        send("data: " + json + "\n\n", TEXT);
    }

    void comment(String text) throws IOException {
        send(": " + text + "\n\n", TEXT);
    }
}
