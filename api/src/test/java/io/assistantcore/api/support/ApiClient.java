package io.assistantcore.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A plain HTTP client for the running application, speaking JSON like any API client would. */
public class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this("http://127.0.0.1:" + port);
    }

    public ApiClient(String base) {
        this.base = base;
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public String devToken(String tenantId, String userId, String... roles) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        body.put("userId", userId);
        body.put("roles", List.of(roles));
        Response response = send("POST", "/api/v1/dev/tokens", null, write(body), Map.of());
        if (response.status() != 200) {
            throw new IllegalStateException("Could not mint a token: " + response);
        }
        return response.json().get("token").asText();
    }

    /**
     * Creates a tenant as a platform administrator ({@code initialAdminUserId} becomes its TENANT_ADMIN); fails the
     * test unless it was created.
     */
    public String createTenant(String platformAdminToken, String tenantId, String plan, String initialAdminUserId) {
        Response created = post("/api/v1/tenants", platformAdminToken, Map.of("tenantId", tenantId, "name",
                "Tenant " + tenantId, "plan", plan, "initialAdminUserId", initialAdminUserId));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create tenant " + tenantId + ": " + created);
        }
        return tenantId;
    }

    /**
     * Sets the tenant's AI policy to every action and context kind with only {@code models} allowed (and PII masked);
     * answers the response.
     */
    public Response allowOnly(String token, String tenantId, String... models) {
        return put("/api/v1/tenants/" + tenantId + "/ai-policy", token, Map.of(
                "enabledActions", List.of("IMPROVE", "SHORTEN", "SUMMARIZE", "FIX_GRAMMAR", "CHANGE_TONE", "FREE_PROMPT"),
                "allowedModels", List.of(models), "allowedContextKinds", List.of("*"), "maskPii", true));
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body == null ? null : write(body), Map.of());
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, write(body), Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    public Response send(String method, String path, String token, String rawBody, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, rawBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(rawBody));
        if (rawBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
