package io.assistantcore.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.messages.tool.ToolSchemas;
import io.assistantcore.platform.outbound.OutboundHttp;
import io.assistantcore.platform.outbound.OutboundHttp.OutboundCallFailedException;
import io.assistantcore.platform.outbound.StandardWebhooks;
import io.assistantcore.platform.toolsecret.ToolSecrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Calls a tenant's tool in the host application, once per call: through {@link OutboundHttp} (SSRF policy, no
 * redirects, the tool's timeout, a response size cap), signed with the tenant's tool secret (Standard Webhooks
 * headers; {@code webhook-id} is the call's id) and carrying {@code Idempotency-Key: <toolCallId>}, so the host
 * application can recognise a retry of the same call.
 * <p>
 * Arguments named in the URL ({@code /projects/{projectId}/tracks}) are filled in there, URL-encoded; the others go
 * in a JSON body (POST, PUT, PATCH) or the query string (GET, DELETE).
 */
public class HostToolCaller {

    /** The most of an answer kept as the call's result (and shown to the model). */
    static final int MAX_RESULT_CHARS = 16_000;

    private final OutboundHttp http;
    private final ToolSecrets secrets;
    private final Clock clock;

    public HostToolCaller(OutboundHttp http, ToolSecrets secrets, Clock clock) {
        this.http = http;
        this.secrets = secrets;
        this.clock = clock;
    }

    public ToolOutcome call(String tenantId, String toolCallId, ToolDefinition tool, String arguments) {
        ObjectNode remaining = (ObjectNode) ToolSchemas.parse(arguments).deepCopy();
        String url = fillPath(tool.endpoint().url(), remaining);
        String method = tool.endpoint().method();
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (!hasBody && !remaining.isEmpty()) {
            url = url + (url.contains("?") ? "&" : "?") + query(remaining);
        }
        byte[] body = hasBody ? ToolSchemas.write(remaining).getBytes(StandardCharsets.UTF_8) : new byte[0];
        Map<String, String> headers = new LinkedHashMap<>(StandardWebhooks.headers(secrets.secretFor(tenantId),
                toolCallId, clock.instant(), body));
        headers.put("Idempotency-Key", toolCallId);
        headers.put("Accept", "application/json");
        if (hasBody) {
            headers.put("Content-Type", "application/json");
        }
        OutboundHttp.Response response;
        try {
            response = http.send(method, url, headers, hasBody ? body : null,
                    Duration.ofSeconds(tool.timeoutSeconds()));
        } catch (OutboundCallFailedException e) {
            return ToolOutcome.failure(null, switch (e.kind()) {
                // the policy's own reason: a name that does not resolve is not a private address
                case REFUSED_TARGET -> "The tool's address was refused (" + e.getMessage() + "); it was not called";
                case TIMEOUT -> "The host application did not answer within " + tool.timeoutSeconds() + (tool.timeoutSeconds() == 1 ? " second" : " seconds");
                case CONNECTION -> "The host application could not be reached";
                case RESPONSE_TOO_LARGE -> "The host application's answer was too large";
            });
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (text.length() > MAX_RESULT_CHARS) {
            text = text.substring(0, MAX_RESULT_CHARS);
        }
        text = text.replaceAll("[\\p{Cc}&&[^\\n\\r\\t]]", "");
        if (response.status() >= 200 && response.status() < 300) {
            return ToolOutcome.success(response.status(), text);
        }
        return ToolOutcome.failure(response.status(), "The host application answered HTTP " + response.status()
                + (text.isBlank() ? "" : ": " + (text.length() > 500 ? text.substring(0, 500) : text)));
    }

    private static String fillPath(String template, ObjectNode arguments) {
        Matcher matcher = ToolEndpoint.ARGUMENT.matcher(template);
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = arguments.remove(matcher.group(1));
            String text = value == null ? "" : value.asText();
            matcher.appendReplacement(url, Matcher.quoteReplacement(URLEncoder.encode(text, StandardCharsets.UTF_8)
                    .replace("+", "%20")));
        }
        matcher.appendTail(url);
        return url.toString();
    }

    private static String query(ObjectNode arguments) {
        StringBuilder query = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> fields = arguments.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!query.isEmpty()) {
                query.append('&');
            }
            JsonNode value = field.getValue();
            query.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value.isValueNode() ? value.asText() : ToolSchemas.write(value),
                            StandardCharsets.UTF_8));
        }
        return query.toString();
    }
}
