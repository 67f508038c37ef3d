package io.assistantcore.api.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Indexing a 100-page PDF (made with PDFBox, about 330 words of varied prose per page) through the HTTP API: the
 * progress moves while it runs, and the time from the upload's 202 to READY is printed (docs/knowledge.md). A
 * benchmark, not a test: {@code ./mvnw -pl api -am verify -Pbench -Dtest=KnowledgeIndexingBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class KnowledgeIndexingBenchmark extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {"shipping", "returns", "warranty", "invoices", "security", "onboarding",
            "travel", "support", "pricing", "data retention"};

    @Test
    void aHundredPagePdfIsIndexedWithProgressMoving() throws Exception {
        ApiClient api = api();
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = api.createTenant(root, uniqueTenantId("kbench"), "TEAM", "admin");
        String admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");

        List<String> pages = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            pages.add(page(page));
        }
        byte[] pdf = KnowledgeFixtures.pdf(pages);

        long started = System.nanoTime();
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, admin, "knowledge", "manual.pdf", pdf);
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        long accepted = System.nanoTime();
        String fileId = JSON.readTree(upload.body()).path("fileId").asText();

        List<Integer> progress = new ArrayList<>();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = api.get("/api/v1/files/" + fileId, admin).json();
            int done = last[0].path("progress").path("done").asInt(-1);
            if (done >= 0 && (progress.isEmpty() || progress.get(progress.size() - 1) != done)) {
                progress.add(done);
            }
            String status = last[0].path("status").asText();
            assertThat(status).as(last[0].toString()).isIn("UPLOADED", "PARSING", "INDEXING", "READY");
            return status.equals("READY");
        });
        long ready = System.nanoTime();

        int chunks = last[0].path("progress").path("total").asInt();
        System.out.printf(Locale.ROOT, "knowledge indexing benchmark: %d pages, %d KB PDF, %d chunks; upload "
                        + "answered in %.1f s, READY %.1f s after the upload was accepted; progress seen: %s%n",
                100, pdf.length / 1024, chunks, (accepted - started) / 1e9, (ready - accepted) / 1e9, progress);
        assertThat(last[0].path("pages").asInt(100)).isEqualTo(100);
        assertThat(progress.stream().distinct().count()).as("progress values seen").isGreaterThan(2);
    }

    /** About 330 words: a few paragraphs on one topic, numbered so that every page differs. */
    private static String page(int number) {
        String topic = TOPICS[number % TOPICS.length];
        StringBuilder text = new StringBuilder("Section " + number + ": " + topic + ". ");
        for (int paragraph = 0; paragraph < 6; paragraph++) {
            int n = number * 10 + paragraph;
            text.append("Rule ").append(n).append(" of the ").append(topic).append(" handbook says that requests ")
                    .append("about ").append(topic).append(" are answered within ").append(n % 7 + 1)
                    .append(" business days by the team in charge. Customers who need faster help can call the ")
                    .append("hotline between eight and six, and the agent records the case number ").append(n * 37)
                    .append(" so that follow-ups reach the same person. Exceptions are approved by a manager and ")
                    .append("are written down in the case history, together with the reason and the date. ");
        }
        return text.toString();
    }
}
