package io.assistantcore.api.bench;

import io.assistantcore.api.support.ApiClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the benchmarks share: their HTTP requests, SSE reading and percentiles. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** Reads an SSE stream to its terminal event: null when it completed; else what went wrong ("stream 404", "stream ended failed", …). */
    static String readSseToEnd(HttpClient client, URI uri, String token) throws IOException, InterruptedException {
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

    /** A JSON POST with a bearer token. */
    static HttpRequest json(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The first group of {@code pattern} in {@code body} (an id in an answer). */
    static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in the answer");
        }
        return matcher.group(1);
    }

    /** Fails the set-up when {@code response} does not have {@code status}. */
    static void check(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("set-up answered " + response.status() + ": " + response.body());
        }
    }

    /** The {@code percentile}th value (nearest rank) of {@code values}, NaN for none; {@code values} may be synchronized. */
    static double percentile(List<Double> values, int percentile) {
        List<Double> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
