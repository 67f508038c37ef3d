package io.assistantcore.api.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.knowledge.KnowledgeWorkers;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordDocumentParsed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads made while no indexer runs: with the indexer's processor stopped, an upload stays {@code PARSING}; a run
 * left by a node that is gone ({@code knowledge_indexing_run} naming a node without a lease) is taken over — indexed
 * when it never started, failed with a reason when it stopped half-way — and the processor, started again, catches
 * up on an upload it never saw without indexing anything twice.
 */
class KnowledgeIndexingRecoveryTest extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway commands;
    @Autowired
    DataSource dataSource;

    @Test
    void uploadsMadeWhileNoIndexerRanAreIndexedOnCatchUpAndRunsOfStoppedNodesAreTakenOver() throws Exception {
        ApiClient api = api();
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = api.createTenant(root, uniqueTenantId("kbr"), "TEAM", "admin");
        String admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        EventProcessor indexer = processing.eventProcessor(KnowledgeWorkers.Indexing.PROCESSING_GROUP)
                .orElseThrow();
        indexer.shutDown();
        try {
            String taken = upload(admin, "taken.txt", KnowledgeApiIntegrationTest.HANDBOOK_TXT);
            String halfWay = upload(admin, "half-way.md", KnowledgeApiIntegrationTest.SECURITY_MD);
            String unseen = upload(admin, "unseen.txt", "Visitors sign in at the front desk and wear a badge.");
            assertThat(status(api, admin, taken).path("status").asText()).isEqualTo("PARSING");

            // a node took two uploads and stopped: one never started, one had parsed its file
            commands.sendAndWait(new RecordDocumentParsed(halfWay, 1, 300));
            jdbc.update("INSERT INTO knowledge_indexing_run (file_id, tenant_id, node_id) VALUES (?, ?, ?), "
                    + "(?, ?, ?)", taken, tenantId, "node-gone", halfWay, tenantId, "node-gone");

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                assertThat(status(api, admin, taken).path("status").asText()).isEqualTo("READY");
                JsonNode failed = status(api, admin, halfWay);
                assertThat(failed.path("status").asText()).isEqualTo("FAILED");
                assertThat(failed.path("error").asText()).contains("interrupted");
            });
            assertThat(status(api, admin, unseen).path("status").asText()).isEqualTo("PARSING");

            indexer.start();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(status(api, admin, unseen).path("status").asText()).isEqualTo("READY"));
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM knowledge_indexing_run WHERE tenant_id = ?", Integer.class, tenantId))
                    .isZero());
            // nothing was indexed twice: one indexing per document in its events
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN "
                    + "(?, ?) AND payload_type LIKE '%DocumentParsed'", Integer.class, taken, unseen)).isEqualTo(2);
            assertThat(status(api, admin, halfWay).path("status").asText()).isEqualTo("FAILED");
        } finally {
            indexer.start();
        }
    }

    private String upload(String token, String name, String text) throws Exception {
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, token, "knowledge", name,
                text.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        return JSON.readTree(upload.body()).path("fileId").asText();
    }

    private static JsonNode status(ApiClient api, String token, String fileId) {
        return api.get("/api/v1/files/" + fileId, token).json();
    }
}
