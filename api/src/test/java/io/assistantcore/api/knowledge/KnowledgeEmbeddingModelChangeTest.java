package io.assistantcore.api.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.api.AssistantCoreApplication;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provider embeddings and a change of the embedding model, on one database: the application first runs with the
 * in-jar model and indexes a document; it is then started again with a provider's embedding model (a local server
 * speaking OpenAI's {@code /v1/embeddings} wire format, reached through langchain4j's OpenAI client), and the
 * document is indexed again with it (events: DocumentReindexStarted … DocumentIndexed), is searchable with the new
 * model, and records it; a new upload is embedded by the provider from the start.
 */
class KnowledgeEmbeddingModelChangeTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMBEDDING_MODEL = "text-embedding-fake";
    private static final int DIMENSIONS = 256;
    /** A model the embeddings server answers with 500: indexing again with it fails. */
    private static final String BROKEN_MODEL = "text-embedding-broken";

    @AfterAll
    static void stop() {
        OPENAI.close();
    }

    @Test
    void changingTheEmbeddingModelIndexesTheDocumentsAgainWithTheProvidersEmbeddings() throws Exception {
        OPENAI.otherwise(KnowledgeEmbeddingModelChangeTest::embeddings);
        String tenantId = "kbe-" + UUID.randomUUID().toString().substring(0, 8);
        String fileId;
        try (ConfigurableApplicationContext inJar = start(Map.of())) {
            ApiClient api = new ApiClient(port(inJar));
            String root = api.devToken(null, "root", "PLATFORM_ADMIN");
            api.createTenant(root, tenantId, "TEAM", "admin");
            String admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");
            fileId = upload(port(inJar), admin, "travel.txt", KnowledgeApiIntegrationTest.HANDBOOK_TXT);
            JsonNode ready = ready(api, admin, fileId);
            assertThat(ready.path("embeddingModel").asText()).isEqualTo("all-minilm-l6-v2");
        }
        assertThat(OPENAI.requests()).noneMatch(request -> request.path().endsWith("/embeddings"));

        try (ConfigurableApplicationContext provider = start(Map.of(
                "assistant.knowledge.embedding-model", EMBEDDING_MODEL,
                "assistant.knowledge.recovery-interval", "PT1S"))) {
            ApiClient api = new ApiClient(port(provider));
            String admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");
            String member = api.devToken(tenantId, "mia", "MEMBER");
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode file = api.get("/api/v1/files/" + fileId, admin).json();
                assertThat(file.path("status").asText()).isEqualTo("READY");
                assertThat(file.path("embeddingModel").asText()).isEqualTo("openai:" + EMBEDDING_MODEL);
            });
            JdbcTemplate jdbc = new JdbcTemplate(DATABASE.dataSource());
            assertThat(jdbc.queryForList("SELECT DISTINCT embedding_model FROM knowledge_chunk WHERE file_id = ?",
                    String.class, fileId)).containsExactly("openai:" + EMBEDDING_MODEL);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "AND payload_type LIKE '%DocumentReindexStarted'", Integer.class, fileId)).isEqualTo(1);

            List<RecordedRequest> calls = OPENAI.requests().stream()
                    .filter(request -> request.path().endsWith("/embeddings")).toList();
            assertThat(calls).isNotEmpty();
            assertThat(calls.get(0).header("Authorization")).isEqualTo("Bearer sk-embeddings");
            assertThat(calls.get(0).json().path("model").asText()).isEqualTo(EMBEDDING_MODEL);

            JsonNode hits = search(api, member, "How much are hotel costs reimbursed per night?");
            assertThat(hits).isNotEmpty();
            assertThat(hits.get(0).path("documentId").asText()).isEqualTo(fileId);
            assertThat(hits.get(0).path("snippet").asText()).contains("180 euros");

            String second = upload(port(provider), admin, "security.md", KnowledgeApiIntegrationTest.SECURITY_MD);
            assertThat(ready(api, admin, second).path("embeddingModel").asText())
                    .isEqualTo("openai:" + EMBEDDING_MODEL);
            assertThat(search(api, member, "Are text messages accepted as a second factor?").get(0)
                    .path("documentId").asText()).isEqualTo(second);
        }
    }

    @Test
    void aFailedReindexLeavesTheDocumentReadyWithItsEarlierIndexing() throws Exception {
        OPENAI.otherwise(KnowledgeEmbeddingModelChangeTest::embeddings);
        String tenantId = "kbf-" + UUID.randomUUID().toString().substring(0, 8);
        String fileId;
        JsonNode before;
        try (ConfigurableApplicationContext inJar = start(Map.of())) {
            ApiClient api = new ApiClient(port(inJar));
            api.createTenant(api.devToken(null, "root", "PLATFORM_ADMIN"), tenantId, "TEAM", "admin");
            String admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");
            fileId = upload(port(inJar), admin, "travel.txt", KnowledgeApiIntegrationTest.HANDBOOK_TXT);
            before = ready(api, admin, fileId);
        }
        JdbcTemplate jdbc = new JdbcTemplate(DATABASE.dataSource());
        int chunks = jdbc.queryForObject("SELECT count(*) FROM knowledge_chunk WHERE file_id = ? AND ready",
                Integer.class, fileId);
        assertThat(chunks).isPositive();

        try (ConfigurableApplicationContext broken = start(Map.of(
                "assistant.knowledge.embedding-model", BROKEN_MODEL,
                "assistant.knowledge.recovery-interval", "PT1S"))) {
            ApiClient api = new ApiClient(port(broken));
            String admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).until(() ->
                    jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                            + "AND payload_type LIKE '%DocumentReindexFailed'", Integer.class, fileId) == 1);
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                JsonNode file = api.get("/api/v1/files/" + fileId, admin).json();
                assertThat(file.path("status").asText()).isEqualTo("READY");
                assertThat(file.path("embeddingModel").asText()).isEqualTo("all-minilm-l6-v2");
                assertThat(file.path("chunks").asInt()).isEqualTo(before.path("chunks").asInt());
                assertThat(file.path("error").asText()).contains("openai:" + BROKEN_MODEL);
            });
            // the earlier indexing's chunks are still there and searchable; nothing of the failed one is left
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                assertThat(jdbc.queryForList("SELECT DISTINCT embedding_model FROM knowledge_chunk WHERE file_id = ?",
                        String.class, fileId)).containsExactly("all-minilm-l6-v2");
                assertThat(jdbc.queryForObject("SELECT count(*) FROM knowledge_chunk WHERE file_id = ? AND ready",
                        Integer.class, fileId)).isEqualTo(chunks);
            });
            assertThat(OPENAI.requests()).anyMatch(request -> request.path().endsWith("/embeddings")
                    && BROKEN_MODEL.equals(request.json().path("model").asText()));
        }
    }

    /**
     * OpenAI's embeddings response ({@value #BROKEN_MODEL}: a server error); each vector is a bag of the text's words hashed into {@value #DIMENSIONS}
     * dimensions, so texts that share words are similar.
     */
    private static FakeResponse embeddings(RecordedRequest request) {
        if (!request.path().endsWith("/embeddings")) {
            return FakeResponse.json(404, "{\"error\":{\"message\":\"only embeddings here\"}}");
        }
        if (BROKEN_MODEL.equals(request.json().path("model").asText())) {
            return FakeResponse.json(500, "{\"error\":{\"message\":\"the embeddings service is down\"}}");
        }
        JsonNode input = request.json().path("input");
        List<String> texts = input.isArray() ? JSON.convertValue(input, JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class)) : List.of(input.asText());
        ObjectNode body = JSON.createObjectNode().put("object", "list").put("model", EMBEDDING_MODEL);
        ArrayNode data = body.putArray("data");
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] vector = new float[DIMENSIONS];
            for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (word.length() > 2) {
                    vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
                    tokens++;
                }
            }
            vector[0] += 0.01f;
            ArrayNode values = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (float value : vector) {
                values.add(value);
            }
        }
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return FakeResponse.json(200, body.toString());
    }

    private static ConfigurableApplicationContext start(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", DATABASE.jdbcUrl());
        properties.put("spring.datasource.username", DATABASE.username());
        properties.put("spring.datasource.password", DATABASE.password());
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("assistant.security.dev-tokens.enabled", "true");
        properties.put("assistant.security.jwt-secret", "integration-tests-signing-key-of-at-least-32-bytes");
        properties.put("assistant.knowledge.embedding-base-url", new OpenAiWire().baseUrl(OPENAI.origin()));
        properties.put("assistant.knowledge.embedding-api-key", "sk-embeddings");
        properties.putAll(extra);
        return new SpringApplicationBuilder(AssistantCoreApplication.class).run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String upload(int port, String token, String name, String text) throws Exception {
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, token, "knowledge", name,
                text.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        return JSON.readTree(upload.body()).path("fileId").asText();
    }

    private static JsonNode ready(ApiClient api, String token, String fileId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = api.get("/api/v1/files/" + fileId, token).json();
            return "READY".equals(last[0].path("status").asText());
        });
        return last[0];
    }

    private static JsonNode search(ApiClient api, String token, String query) {
        ApiClient.Response response = api.post("/api/v1/knowledge/search", token, Map.of("query", query,
                "topK", 3, "minScore", 0.1));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("hits");
    }
}
