package io.assistantcore.api.bench;

import io.assistantcore.api.AssistantCoreApplication;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit export streams: 100,000 records leave the server as NDJSON while the live heap grows by a small fraction
 * of what holding them would take (measured side by side in the same run). It inserts that many records, forces
 * garbage collections and takes minutes on a small machine, so it is a benchmark, not a test: run it with
 * {@code ./mvnw -pl api -am verify -Pbench -Dtest=AuditExportMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
@SpringBootTest(classes = AssistantCoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditExportMemoryBenchmark {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final int LARGE_EXPORT = 100_000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private String admin;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
    }

    @BeforeEach
    void client() {
        admin = new ApiClient(port).devToken(null, "root", "PLATFORM_ADMIN");
    }

    @Test
    void exportsOneHundredThousandRecordsInBoundedMemory() throws Exception {
        long base = jdbc.queryForObject("SELECT COALESCE(max(seq), 0) FROM audit_record", Long.class);
        try {
            // about 640 bytes of NDJSON per record, a realistic size for an event
            jdbc.update("""
                    INSERT INTO audit_record (seq, global_index, event_id, timestamp, tenant_id, actor, type,
                        aggregate_type, aggregate_id, aggregate_sequence, payload, outcome, prev_hash, hash)
                    SELECT ? + i, NULL, 'memory-probe-' || i, now(), 'memory-probe', 'user-' || (i % 100),
                        'MemoryProbe', 'Probe', 'probe-' || (i % 1000), i,
                        jsonb_build_object('tenantId', 'memory-probe', 'n', i, 'text', repeat('lorem ipsum ', 20)),
                        'ACCEPTED', md5(i::text) || md5((i + 1)::text), md5((i + 2)::text) || md5((i + 3)::text)
                    FROM generate_series(1, ?) AS i""", base, LARGE_EXPORT);

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long baseline = settledLiveHeap(memory);
            AtomicBoolean exporting = new AtomicBoolean(true);
            AtomicLong peakLive = new AtomicLong(baseline);
            AtomicLong peakUsed = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
            Thread sampler = new Thread(() -> {
                int tick = 0;
                while (exporting.get()) {
                    peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    if (++tick % 5 == 0) { // what is still referenced: heap used right after a collection
                        peakLive.accumulateAndGet(liveHeap(memory), Math::max);
                    }
                    sleep(50);
                }
            }, "heap-sampler");
            sampler.start();

            long lines = 0;
            long bytes = 0;
            String lastLine = null;
            long started = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/audit/events?afterSeq=" + base))
                    .header("Authorization", "Bearer " + admin).timeout(Duration.ofMinutes(5)).GET().build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines++;
                    bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    lastLine = line;
                }
            } finally {
                exporting.set(false);
                sampler.join();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            // for comparison: the same records held in memory at once, as a non-streaming export would hold them
            long beforeHolding = settledLiveHeap(memory);
            List<Map<String, Object>> held = jdbc.queryForList("SELECT seq, timestamp, tenant_id, actor, type, "
                    + "aggregate_type, aggregate_id, payload::text AS payload, outcome, hash, prev_hash "
                    + "FROM audit_record WHERE seq > ? ORDER BY seq", base);
            long holding = liveHeap(memory) - beforeHolding;
            assertThat(held).hasSize(LARGE_EXPORT);
            held = null;

            long streamingPeak = peakLive.get() - baseline;
            System.out.printf("audit export: %d records, %d bytes in %d ms; live heap baseline %d MB, peak %d MB "
                            + "(+%d KB), peak heap used incl. garbage %d MB; holding the records: %d MB%n",
                    lines, bytes, millis, mb(baseline), mb(peakLive.get()), streamingPeak / 1024, mb(peakUsed.get()),
                    mb(holding));
            assertThat(lines).isEqualTo(LARGE_EXPORT);
            assertThat(lastLine).contains("\"seq\":" + (base + LARGE_EXPORT));
            assertThat(holding).as("holding the records").isGreaterThan(bytes / 2);
            assertThat(streamingPeak).as("live heap growth while streaming %d bytes", bytes)
                    .isLessThan(bytes / 10).isLessThan(holding / 10);
        } finally {
            jdbc.update("DELETE FROM audit_record WHERE seq > ? AND event_id LIKE 'memory-probe-%'", base);
        }
    }

    /**
     * The live heap once it stops moving: the offline engine loads its models in the background after start-up, which
     * would otherwise count as growth during the export.
     */
    private static long settledLiveHeap(MemoryMXBean memory) {
        long previous = liveHeap(memory);
        for (int i = 0; i < 30; i++) {
            sleep(1000);
            long current = liveHeap(memory);
            if (Math.abs(current - previous) < 2 * 1024 * 1024) {
                return current;
            }
            previous = current;
        }
        return previous;
    }

    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
