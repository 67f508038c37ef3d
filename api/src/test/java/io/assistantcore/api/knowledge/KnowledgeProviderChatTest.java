package io.assistantcore.api.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Grounded answers with a provider (OpenAI's wire format served locally, reached through the real langchain4j
 * client): the model is given the numbered sources, a citation naming no source is removed from its answer, and a
 * question the documents do not cover is refused without any answer call reaching the provider.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KnowledgeProviderChatTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OpenAiWire WIRE = new OpenAiWire();
    private static final String MODEL = "gpt-kb-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        OPENAI.otherwise(KnowledgeProviderChatTest::answer);
    }

    @AfterAll
    static void stop() {
        OPENAI.close();
    }

    private static FakeResponse answer(RecordedRequest request) {
        JsonNode body = request.json();
        if (body.has("response_format")) {
            return WIRE.completion(body.path("model").asText(), "{\"category\":\"general\",\"confidence\":0.9,"
                    + "\"reason\":\"a question about the company's documents\"}", new Usage(60, 14));
        }
        if (!body.path("stream").asBoolean(false)) {
            return WIRE.completion(body.path("model").asText(), "A summary.", new Usage(80, 12));
        }
        String prompt = body.path("messages").toString();
        String reply = prompt.contains("400 days")
                ? "Raw event data is kept for 400 days [1]. Reports are kept for seven years [9]."
                : "I do not know.";
        List<String> words = new ArrayList<>();
        String[] parts = reply.split(" ");
        for (int i = 0; i < parts.length; i++) {
            words.add(i < parts.length - 1 ? parts[i] + " " : parts[i]);
        }
        return WIRE.stream(body.path("model").asText(), words, new Usage(300, words.size()));
    }

    @Test
    void aGroundedAnswerKeepsOnlyCitationsOfRealSourcesAndAnUncoveredQuestionNeverReachesTheModel()
            throws Exception {
        ApiClient api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.50,
                "outputPerMillion", 1.50, "currency", "USD")).status()).isEqualTo(200);
        String tenant = api.createTenant(root, "kbp-" + UUID.randomUUID().toString().substring(0, 8), "TEAM",
                "admin");
        String admin = api.devToken(tenant, "admin", "TENANT_ADMIN");
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, admin, "knowledge", "orbit-guide.pdf",
                KnowledgeFixtures.pdf(KnowledgeApiIntegrationTest.PRODUCT_PDF));
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        String pdf = JSON.readTree(upload.body()).path("fileId").asText();
        await().atMost(Duration.ofMinutes(5)).until(() ->
                "READY".equals(api.get("/api/v1/files/" + pdf, admin).json().path("status").asText()));
        String conversation = api.post("/api/v1/conversations", admin, Map.of("knowledge", "tenant")).json()
                .path("conversationId").asText();

        JsonNode answered = api.post("/api/v1/conversations/" + conversation + "/messages?wait=30", admin,
                Map.of("text", "How long does Orbit Analytics keep raw event data?")).json();
        assertThat(answered.path("status").asText()).as(answered.toString()).isEqualTo("COMPLETED");
        assertThat(answered.path("text").asText()).contains("400 days [1]").doesNotContain("[9]");
        assertThat(answered.path("citations")).hasSize(1);
        assertThat(answered.path("citations").get(0).path("sourceId").asText()).isEqualTo("1");
        assertThat(answered.path("sources").get(0).path("page").asInt()).isEqualTo(2);
        assertThat(answered.path("model").asText()).isEqualTo(MODEL);

        int before = OPENAI.requestCount();
        JsonNode refused = api.post("/api/v1/conversations/" + conversation + "/messages?wait=30", admin,
                Map.of("text", "Who won the football world cup in 1998?")).json();
        assertThat(refused.path("status").asText()).as(refused.toString()).isEqualTo("REFUSED");
        assertThat(refused.path("refusal").path("kind").asText()).isEqualTo("NOT_IN_DOCUMENTS");
        // the router may classify the message, but no answer was asked for
        assertThat(OPENAI.requests().subList(before, OPENAI.requestCount()))
                .noneMatch(request -> request.json().path("stream").asBoolean(false)
                        || !request.json().has("response_format"));
    }
}
