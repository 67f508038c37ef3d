package io.assistantcore.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAI-compatible surface through a real OpenAI client library (langchain4j's {@code OpenAiChatModel} and
 * {@code OpenAiStreamingChatModel}) authenticated by a tenant API key, with OpenAI's wire format served locally as
 * the upstream provider: calls stream and not, name the model that served, report usage, are refused at once after
 * the key is revoked, surface a budget refusal as an OpenAI error, and never reach another tenant's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiCompatibleTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-compat-test";
    private static final String ANSWER = "The Lisbon office goes live first.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        OPENAI.otherwise(OpenAiCompatibleTest::answer);
    }

    @AfterAll
    static void stop() {
        OPENAI.close();
    }

    /** The router's classification, a summary, or the streamed answer, as OpenAI would send them. */
    private static FakeResponse answer(RecordedRequest request) {
        JsonNode body = request.json();
        if (body.has("response_format")) {
            return WIRE.completion(body.path("model").asText(), "{\"category\":\"general\",\"confidence\":0.9,"
                    + "\"reason\":\"a question about the rollout\"}", new Usage(60, 14));
        }
        if (!body.path("stream").asBoolean(false)) {
            return WIRE.completion(body.path("model").asText(), "A summary.", new Usage(80, 12));
        }
        List<String> words = new ArrayList<>();
        String[] parts = ANSWER.split(" ");
        for (int i = 0; i < parts.length; i++) {
            words.add(i < parts.length - 1 ? parts[i] + " " : parts[i]);
        }
        return WIRE.stream(body.path("model").asText(), words, new Usage(120, words.size()));
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    /** A new tenant; the model has a price (every reply is budgeted), set again each time (no change then). */
    private String tenant(ApiClient api, String prefix) {
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion",
                new BigDecimal("1.00"), "outputPerMillion", new BigDecimal("2.00"), "currency", "USD")).status())
                .isEqualTo(200);
        return api.createTenant(root, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "admin");
    }

    /** A chat completion call, given more time than the API client's 30 s: the first reply waits for the guardrails to warm up. */
    private ApiClient.Response complete(String token, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.write(body))).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode createKey(ApiClient api, String tenant, String adminToken, String... roles) {
        ApiClient.Response created = api.post("/api/v1/tenants/" + tenant + "/api-keys", adminToken,
                Map.of("name", "CI integration", "roles", List.of(roles)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    private OpenAiChatModel client(String key, String model) {
        return OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(key).modelName(model).maxRetries(0)
                .timeout(Duration.ofSeconds(300)).build();
    }

    @Test
    void keysAreShownOnceListedWithoutSecretsUsableAsBearerTokensAndRefusedAtOnceWhenRevoked() {
        ApiClient api = api();
        String tenant = tenant(api, "keys");
        String admin = api.devToken(tenant, "admin", "TENANT_ADMIN");
        JsonNode created = createKey(api, tenant, admin, "MEMBER");
        String key = created.path("key").asText();
        String keyId = created.path("keyId").asText();
        assertThat(key).startsWith("ack_").hasSize(47);
        assertThat(created.path("roles").toString()).contains("MEMBER");

        ApiClient.Response listed = api.get("/api/v1/tenants/" + tenant + "/api-keys", admin);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(keyId).contains(created.path("hint").asText()).doesNotContain(key)
                .doesNotContain(key.substring(8));

        // usable wherever a JWT is: the key acts as apikey:<keyId> with its roles in its tenant
        ApiClient.Response conversation = api.post("/api/v1/conversations", key, Map.of("title", "by key"));
        assertThat(conversation.status()).as(conversation.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/conversations", key).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenants/" + tenant + "/api-keys", key).status())
                .as("a MEMBER key cannot manage keys").isEqualTo(403);
        assertThat(api.get("/v1/models", key).status()).isEqualTo(200);

        // only a tenant admin creates or revokes keys
        String member = api.devToken(tenant, "bob", "MEMBER");
        assertThat(api.post("/api/v1/tenants/" + tenant + "/api-keys", member,
                Map.of("name", "mine", "roles", List.of("MEMBER"))).status()).isEqualTo(403);

        ApiClient.Response revoked = api.delete("/api/v1/tenants/" + tenant + "/api-keys/" + keyId, admin);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        // at once: the very next request is refused, on the API and on /v1 (in OpenAI's shape)
        ApiClient.Response refused = api.get("/api/v1/conversations", key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        ApiClient.Response refusedV1 = api.get("/v1/models", key);
        assertThat(refusedV1.status()).isEqualTo(401);
        assertThat(refusedV1.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThatThrownBy(() -> client(key, "auto").chat("Hello"))
                .isInstanceOf(AuthenticationException.class);
        assertThat(api.get("/api/v1/tenants/" + tenant + "/api-keys", admin).json().path("keys").get(0)
                .path("revokedAt").isNull()).isFalse();
        // a second revocation changes nothing; an unknown key is 404
        assertThat(api.delete("/api/v1/tenants/" + tenant + "/api-keys/" + keyId, admin).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/tenants/" + tenant + "/api-keys/" + UUID.randomUUID(), admin).status())
                .isEqualTo(404);
        // a well-formed key nobody issued
        assertThat(api.get("/api/v1/conversations", "ack_" + "A".repeat(43)).status()).isEqualTo(401);
    }

    @Test
    void invalidKeyRequestsAreRefused() {
        ApiClient api = api();
        String tenant = tenant(api, "keyval");
        String admin = api.devToken(tenant, "admin", "TENANT_ADMIN");
        String path = "/api/v1/tenants/" + tenant + "/api-keys";
        ApiClient.Response platformRole = api.post(path, admin, Map.of("name", "x", "roles", List.of("PLATFORM_ADMIN")));
        assertThat(platformRole.status()).as(platformRole.body()).isEqualTo(400);
        ApiClient.Response unknownRole = api.post(path, admin, Map.of("name", "x", "roles", List.of("KING")));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json().path("errors").toString()).contains("roles");
        ApiClient.Response noRoles = api.post(path, admin, Map.of("name", "x", "roles", List.of()));
        assertThat(noRoles.status()).isEqualTo(400);
        ApiClient.Response unknownField = api.post(path, admin, Map.of("name", "x", "roles", List.of("MEMBER"),
                "expires", "never"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("errors").toString()).contains("expires");
        ApiClient.Response control = api.post(path, admin, Map.of("name", "bad\u0007name", "roles",
                List.of("MEMBER")));
        assertThat(control.status()).isEqualTo(400);
        assertThat(api.get(path, admin).json().path("keys")).isEmpty();
    }

    @Test
    void anOpenAiClientGetsAnswersStreamedAndNotNamingTheServingModelWithUsage() throws Exception {
        ApiClient api = api();
        String tenant = tenant(api, "oai");
        String admin = api.devToken(tenant, "admin", "TENANT_ADMIN");
        String key = createKey(api, tenant, admin, "MEMBER").path("key").asText();

        int before = OPENAI.requestCount();
        ChatResponse response = client(key, "auto").chat(SystemMessage.from("Answer in one sentence."),
                UserMessage.from("We open offices in Lisbon and Porto."), AiMessage.from("Noted."),
                UserMessage.from("Which office goes live first?"));
        assertThat(response.aiMessage().text()).isEqualTo(ANSWER);
        assertThat(response.metadata().modelName()).isEqualTo(MODEL);
        assertThat(response.metadata().tokenUsage().inputTokenCount()).isEqualTo(120);
        assertThat(response.metadata().tokenUsage().outputTokenCount()).isEqualTo(6);
        // the earlier messages reached the model as the conversation's memory, the instructions with them
        String prompt = OPENAI.requests().subList(before, OPENAI.requestCount()).stream()
                .filter(request -> request.json().path("stream").asBoolean(false))
                .map(request -> request.json().path("messages").toString()).findFirst().orElseThrow();
        assertThat(prompt).contains("We open offices in Lisbon and Porto.").contains("Noted.")
                .contains("Answer in one sentence.").contains("Which office goes live first?");

        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey(key)
                .modelName(MODEL).timeout(Duration.ofSeconds(300)).build();
        List<String> partials = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat("Which office goes live first?", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                partials.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse streamed = done.get(300, TimeUnit.SECONDS);
        assertThat(String.join("", partials)).isEqualTo(ANSWER);
        assertThat(partials.size()).isGreaterThanOrEqualTo(1);
        assertThat(streamed.aiMessage().text()).isEqualTo(ANSWER);
        assertThat(streamed.metadata().modelName()).isEqualTo(MODEL);

        // the calls are conversations of the key's user, billed and visible like any other
        JsonNode conversations = api.get("/api/v1/conversations?userId=apikey:"
                + api.get("/api/v1/tenants/" + tenant + "/api-keys", admin).json().path("keys").get(0)
                .path("keyId").asText(), admin).json();
        assertThat(conversations.path("conversations").size()).isEqualTo(2);

        // a model the tenant may not name
        assertThatThrownBy(() -> client(key, "gpt-unknown").chat("Hi")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void theWireFormatFollowsOpenAisIncludingUsageOnlyWhenAskedAndErrorsInItsShape() {
        ApiClient api = api();
        String tenant = tenant(api, "wire");
        String admin = api.devToken(tenant, "admin", "TENANT_ADMIN");
        String key = createKey(api, tenant, admin, "MEMBER").path("key").asText();

        JsonNode models = api.get("/v1/models", key).json();
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsText("id")).contains("auto", MODEL);
        // a JWT works on /v1 as well
        assertThat(api.get("/v1/models", admin).status()).isEqualTo(200);

        ApiClient.Response plain = complete(key, Map.of("model", "auto", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "Which office goes live first?"))));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).startsWith("text/event-stream");
        List<String> lines = plain.body().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).allMatch(line -> line.startsWith("data: ") || line.startsWith(": "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
        assertThat(plain.body()).contains("\"object\":\"chat.completion.chunk\"").doesNotContain("\"usage\"");
        JsonNode finish = json(lines.get(lines.size() - 2));
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.path("model").asText()).isEqualTo(MODEL);

        ApiClient.Response withUsage = complete(key, Map.of("model", MODEL, "stream", true,
                "stream_options", Map.of("include_usage", true), "temperature", 0.2, "max_tokens", 200,
                "messages", List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text",
                        "Which office goes live first?"))))));
        List<String> usageLines = withUsage.body().lines().filter(line -> line.startsWith("data: {")).toList();
        JsonNode usage = json(usageLines.get(usageLines.size() - 1));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("total_tokens").asLong()).isEqualTo(126);

        ApiClient.Response whole = complete(key, Map.of("model", "auto",
                "messages", List.of(Map.of("role", "user", "content", "Which office goes live first?"))));
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.json().path("object").asText()).isEqualTo("chat.completion");
        assertThat(whole.json().path("choices").get(0).path("message").path("content").asText()).isEqualTo(ANSWER);
        assertThat(whole.json().path("usage").path("prompt_tokens").asLong()).isEqualTo(120);

        assertOpenAiError(complete(key, Map.of("model", "auto", "messages",
                List.of(Map.of("role", "tool", "content", "x")))), 400, "invalid_request_error");
        assertOpenAiError(complete(key, Map.of("model", "auto", "tools", List.of(),
                "messages", List.of(Map.of("role", "user", "content", "x")))), 400, "invalid_request_error");
        assertOpenAiError(complete(key, Map.of("model", "auto", "messages",
                List.of(Map.of("role", "user", "content", "bell\u0007")))), 400, "invalid_request_error");
        assertOpenAiError(complete(key, Map.of("model", "auto", "temperature", 7,
                "messages", List.of(Map.of("role", "user", "content", "x")))), 400, "invalid_request_error");
        assertOpenAiError(complete(key, Map.of("model", "auto", "messages",
                List.of(Map.of("role", "assistant", "content", "x")))), 400, "invalid_request_error");
        assertOpenAiError(api.send("POST", "/v1/chat/completions", key, "{\"model\":", Map.of()), 400,
                "invalid_request_error");
        assertOpenAiError(api.get("/v1/models", null), 401, "authentication_error");
        // errors met before any handler of the surface is chosen have OpenAI's shape too
        assertOpenAiError(api.get("/v1/chat/completions", key), 405, "invalid_request_error");
        assertOpenAiError(api.post("/v1/embeddings", key, Map.of("input", "x")), 404, "not_found_error");
        assertOpenAiError(api.get("/v1/models?x=%00", key), 400, "invalid_request_error");
        String auditor = createKey(api, tenant, admin, "AUDITOR").path("key").asText();
        assertOpenAiError(complete(auditor, Map.of("model", "auto", "messages",
                List.of(Map.of("role", "user", "content", "x")))), 403, "permission_error");
    }

    @Test
    void aCallTheConversationRefusesAfterAdmissionGivesItsReservationBack() {
        ApiClient api = api();
        String tenant = tenant(api, "refused");
        String admin = api.devToken(tenant, "admin", "TENANT_ADMIN");
        String key = createKey(api, tenant, admin, "MEMBER").path("key").asText();
        int before = OPENAI.requestCount();
        // admitted (its budget reserved), then the conversation it starts refuses the blank earlier message
        ApiClient.Response refused = complete(key, Map.of("model", "auto", "messages", List.of(
                Map.of("role", "user", "content", "   "), Map.of("role", "assistant", "content", "Hello."),
                Map.of("role", "user", "content", "Which office goes live first?"))));
        assertOpenAiError(refused, 400, "invalid_request_error");
        assertThat(OPENAI.requestCount()).as("nothing reached the provider").isEqualTo(before);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode budget = api.get("/api/v1/billing/budget", admin).json();
            assertThat(budget.path("reserved").path("amount").decimalValue()).as(budget.toString())
                    .isEqualByComparingTo(BigDecimal.ZERO);
        });
        // instructions longer than a conversation holds are refused before anything is reserved
        ApiClient.Response tooLong = complete(key, Map.of("model", "auto", "messages", List.of(
                Map.of("role", "system", "content", "a".repeat(30_000)),
                Map.of("role", "developer", "content", "b".repeat(30_000)),
                Map.of("role", "user", "content", "hi"))));
        assertOpenAiError(tooLong, 400, "invalid_request_error");
        assertThat(tooLong.json().path("error").path("message").asText()).contains("system and developer messages");
    }

    @Test
    void budgetAndRateLimitRefusalsReachTheClientAsOpenAiErrors() {
        ApiClient api = api();
        String broke = tenant(api, "broke");
        String admin = api.devToken(broke, "admin", "TENANT_ADMIN");
        assertThat(api.put("/api/v1/tenants/" + broke + "/quotas", admin, Map.of(
                "monthlyBudget", Map.of("amount", new BigDecimal("0"), "currency", "USD"),
                "requestsPerMinutePerUser", 100, "tokensPerMinutePerTenant", 1_000_000)).status()).isEqualTo(200);
        String key = createKey(api, broke, admin, "MEMBER").path("key").asText();
        int before = OPENAI.requestCount();
        assertThatThrownBy(() -> client(key, "auto").chat("Which office goes live first?"))
                .isInstanceOf(RateLimitException.class)
                .hasMessageContaining("insufficient_quota").hasMessageContaining("budget");
        ApiClient.Response raw = complete(key, Map.of("model", "auto", "messages",
                List.of(Map.of("role", "user", "content", "Which office goes live first?"))));
        assertOpenAiError(raw, 429, "insufficient_quota");
        assertThat(raw.json().path("error").path("code").asText()).isEqualTo("budget-exhausted");
        assertThat(OPENAI.requestCount()).as("nothing reached the provider").isEqualTo(before);
        assertThat(api.get("/api/v1/conversations", admin).json().path("conversations")).isEmpty();

        String busy = tenant(api, "busy");
        String busyAdmin = api.devToken(busy, "admin", "TENANT_ADMIN");
        assertThat(api.put("/api/v1/tenants/" + busy + "/quotas", busyAdmin, Map.of(
                "monthlyBudget", Map.of("amount", new BigDecimal("100"), "currency", "USD"),
                "requestsPerMinutePerUser", 1, "tokensPerMinutePerTenant", 1_000_000)).status()).isEqualTo(200);
        String busyKey = createKey(api, busy, busyAdmin, "MEMBER").path("key").asText();
        Map<String, Object> call = Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content",
                "Which office goes live first?")));
        assertThat(complete(busyKey, call).status()).isEqualTo(200);
        ApiClient.Response limited = complete(busyKey, call);
        assertOpenAiError(limited, 429, "rate_limit_error");
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    @Test
    void anotherTenantsKeySeesNothing() {
        ApiClient api = api();
        String mine = tenant(api, "mine");
        String theirs = tenant(api, "theirs");
        String myAdmin = api.devToken(mine, "admin", "TENANT_ADMIN");
        String theirAdmin = api.devToken(theirs, "admin", "TENANT_ADMIN");
        JsonNode myKey = createKey(api, mine, myAdmin, "TENANT_ADMIN", "MEMBER");
        String theirKey = createKey(api, theirs, theirAdmin, "TENANT_ADMIN", "MEMBER").path("key").asText();

        JsonNode answered = complete(myKey.path("key").asText(), Map.of("model", "auto",
                "messages", List.of(Map.of("role", "user", "content", "Which office goes live first?")))).json();
        String replyId = answered.path("id").asText().substring("chatcmpl-".length());
        assertThat(api.get("/api/v1/replies/" + replyId, myKey.path("key").asText()).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/replies/" + replyId, theirKey).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/" + mine, theirKey).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/" + mine + "/api-keys", theirKey).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/" + mine + "/api-keys/" + myKey.path("keyId").asText(), theirKey)
                .status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/" + theirs + "/api-keys/" + myKey.path("keyId").asText(), theirKey)
                .status()).isEqualTo(404);
        assertThat(api.get("/api/v1/conversations?userId=admin", theirKey).json().path("conversations")).isEmpty();
        // the key still works for its own tenant
        assertThat(api.get("/v1/models", myKey.path("key").asText()).status()).isEqualTo(200);
    }

    private static void assertOpenAiError(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode error = response.json().path("error");
        assertThat(error.path("type").asText()).as(response.body()).isEqualTo(type);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("code")).isTrue();
    }

    private static JsonNode json(String dataLine) {
        try {
            return JSON.readTree(dataLine.substring("data: ".length()));
        } catch (Exception e) {
            throw new IllegalStateException(dataLine, e);
        }
    }
}
