package io.assistantcore.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A minimal Server-Sent Events client over java.net.http, reading events as they arrive. */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param rawData the event's data as the server wrote it */
    public record Event(String id, String type, JsonNode data, String rawData) {
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private volatile Long retryMillis;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    public static SseClient open(int port, String path, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return send(request.build());
    }

    /** A POST with {@code Accept: text/event-stream} whose response is a stream (or a refusal). */
    public static SseClient post(int port, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static SseClient send(HttpRequest request) {
        try {
            return new SseClient(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The reconnection delay the server last set with a {@code retry:} field, or null. */
    public Long retryMillis() {
        return retryMillis;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a response that is not a stream (a refusal's Problem Details). */
    public String body() {
        try {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, or null when the server closed the stream. */
    public Event next() {
        String id = null;
        String type = "message";
        StringBuilder data = new StringBuilder();
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        return new Event(id, type, JSON.readTree(data.toString()), data.toString());
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> type = value;
                    case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                    case "retry" -> retryMillis = Long.valueOf(value);
                    default -> {
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads events until one matches (inclusive) or the stream ends. */
    public List<Event> readUntil(Predicate<Event> last) {
        List<Event> events = new ArrayList<>();
        Event event;
        while ((event = next()) != null) {
            events.add(event);
            if (last.test(event)) {
                break;
            }
        }
        return events;
    }

    /** Reads to the end of the stream. */
    public List<Event> readAll() {
        return readUntil(event -> false);
    }

    public static String tokens(List<Event> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.type().equals("token")).forEach(e -> text.append(e.data().get("text").asText()));
        return text.toString();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing a finished stream
        }
    }
}
