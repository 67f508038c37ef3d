package io.assistantcore.ai.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request {@link FakeProviderServer} received.
 *
 * @param sequence        1 for the first request the server received, 2 for the next...
 * @param connectionId    the connection it came on (see {@link FakeProviderServer#awaitConnectionClosed})
 * @param method          e.g. {@code POST}
 * @param target          path and query, e.g. {@code /v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse}
 * @param headers         header names in lower case
 * @param body            the body as UTF-8 text ("" when none)
 * @param receivedAtNanos {@link System#nanoTime()} when the request was complete
 */
public record RecordedRequest(int sequence, int connectionId, String method, String target,
                              Map<String, List<String>> headers, String body, long receivedAtNanos) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    public String query() {
        int query = target.indexOf('?');
        return query < 0 ? "" : target.substring(query + 1);
    }

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("Request body is not JSON: " + body, e);
        }
    }
}
