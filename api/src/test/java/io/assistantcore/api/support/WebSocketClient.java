package io.assistantcore.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A WebSocket client of {@code /ws} for tests, over java.net.http. */
public final class WebSocketClient {

    private WebSocketClient() {
    }

    /** A WebSocket to {@code /ws} that hands every whole message, parsed, to {@code onMessage}. */
    public static WebSocket open(int port, String token, Consumer<JsonNode> onMessage) throws Exception {
        return open(port, token, onMessage, (status, reason) -> {
        });
    }

    /** As {@link #open(int, String, Consumer)}, handing the server's close (status code and reason) to {@code onClose}. */
    public static WebSocket open(int port, String token, Consumer<JsonNode> onMessage,
                                 BiConsumer<Integer, String> onClose) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                onMessage.accept(json.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        onClose.accept(statusCode, reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }
}
