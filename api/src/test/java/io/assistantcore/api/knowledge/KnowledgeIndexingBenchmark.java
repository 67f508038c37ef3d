package io.assistantcore.api.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Indexing a 100-page PDF (made with PDFBox, about 330 words of varied prose per page) through the HTTP API, once the
 * node's warm-ups (the embedding model) are done: the progress moves while it runs — several values, seen at
 * different times, the last before READY — and the time from the upload's 202 to READY is printed with the moment
 * each progress value was first seen (docs/knowledge.md). A benchmark, not a test: {@code ./mvnw -pl api -am test
 * -Pbench -Dtest=KnowledgeIndexingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class KnowledgeIndexingBenchmark extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {"shipping", "returns", "warranty", "invoices", "security", "onboarding",
            "travel", "support", "pricing", "data retention"};

    @Autowired
    WarmUps warmUps;

    @Test
    void aHundredPagePdfIsIndexedWithProgressMoving() throws Exception {
        // the time measured is indexing, not the node's start: the embedding model is loaded by then
        long waitStarted = System.nanoTime();
        boolean warm = warmUps.await(Duration.ofMinutes(10));
        System.out.printf(Locale.ROOT, "knowledge indexing benchmark: warm-ups %s after %.1f s of waiting%n",
                warm ? "done" : "still running " + warmUps.pending(), (System.nanoTime() - waitStarted) / 1e9);
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
        List<Double> seenAt = new ArrayList<>();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = api.get("/api/v1/files/" + fileId, admin).json();
            int done = last[0].path("progress").path("done").asInt(-1);
            if (done >= 0 && (progress.isEmpty() || progress.get(progress.size() - 1) != done)) {
                progress.add(done);
                seenAt.add((System.nanoTime() - accepted) / 1e9);
            }
            String status = last[0].path("status").asText();
            assertThat(status).as(last[0].toString()).isIn("UPLOADED", "PARSING", "INDEXING", "READY");
            return status.equals("READY");
        });
        long ready = System.nanoTime();

        int chunks = last[0].path("progress").path("total").asInt();
        List<String> timeline = new ArrayList<>();
        for (int i = 0; i < progress.size(); i++) {
            timeline.add(String.format(Locale.ROOT, "%d@%.1fs", progress.get(i), seenAt.get(i)));
        }
        System.out.printf(Locale.ROOT, "knowledge indexing benchmark: %d pages, %d KB PDF, %d chunks; upload "
                        + "answered in %.1f s, READY %.1f s after the upload was accepted; progress first seen "
                        + "(chunks embedded @ seconds after the upload was accepted): %s%n",
                100, pdf.length / 1024, chunks, (accepted - started) / 1e9, (ready - accepted) / 1e9, timeline);
        assertThat(last[0].path("pages").asInt(100)).isEqualTo(100);
        // progress moved: several increasing values, seen at different moments while the file was not yet READY
        assertThat(progress).as("progress values seen").isSorted();
        assertThat(progress.stream().filter(done -> done > 0 && done < chunks).distinct().count())
                .as("progress values between none and all: %s", timeline).isGreaterThan(2);
        assertThat(seenAt.get(seenAt.size() - 1) - seenAt.get(0)).as("progress seen over time: %s", timeline)
                .isGreaterThan(0);
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
