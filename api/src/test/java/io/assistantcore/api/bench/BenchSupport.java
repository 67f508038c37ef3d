package io.assistantcore.api.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/** The benchmarks' SSE client: reads a suggestion's stream to its terminal event. */
final class SseToEnd {

    private SseToEnd() {
    }

    /** Null when the stream completed; else what went wrong ("stream 404", "stream ended failed", …). */
    static String read(HttpClient client, URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            return "stream " + response.statusCode();
        }
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    String type = line.substring(6).trim();
                    if (type.equals("completed")) {
                        return null;
                    }
                    if (type.equals("failed") || type.equals("cancelled") || type.equals("error")) {
                        return "stream ended " + type;
                    }
                }
            }
        }
        return "stream closed without a terminal event";
    }
}
