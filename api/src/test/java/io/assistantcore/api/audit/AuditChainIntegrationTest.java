package io.assistantcore.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.AssistantCoreApplication;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tampering with the audit table, and a large export. Runs in an application context with a database of its own, so
 * the chain it breaks (and mends) and the records it adds are seen by no other test.
 */
@SpringBootTest(classes = AssistantCoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditChainIntegrationTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final int LARGE_EXPORT = 100_000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient api;
    private String admin;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
    }

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        admin = api.devToken(null, "root", "PLATFORM_ADMIN");
    }

    /** Some real events, then wait until the audit trail has recorded every stored event but token chunks. */
    private void someWorkRecorded() {
        for (int i = 0; i < 3; i++) {
            String tenantId = "chain-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Chain " + i,
                    "plan", "TEAM", "initialAdminUserId", "alice")).status()).isEqualTo(201);
            assertThat(api.put("/api/v1/tenants/" + tenantId + "/members/bob", admin,
                    Map.of("roles", List.of("AUDITOR"))).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type NOT LIKE ?",
                    Long.class, "%$SuggestionTokensStreamed");
            Long records = jdbc.queryForObject("SELECT count(*) FROM audit_record", Long.class);
            return events.equals(records);
        });
    }

    private JsonNode verify() {
        ApiClient.Response response = api.get("/api/v1/audit/verify", admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private void assertIntact() {
        JsonNode verified = verify();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("firstBrokenSeq").isNull()).isTrue();
        assertThat(verified.get("checked").asLong())
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM audit_record", Long.class));
    }

    private void assertBrokenAt(long seq) {
        JsonNode verified = verify();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isFalse();
        assertThat(verified.get("firstBrokenSeq").asLong()).as(verified.toString()).isEqualTo(seq);
    }

    @Test
    void verifyFindsTheFirstAlteredRemovedOrReorderedRecord() {
        someWorkRecorded();
        assertIntact();
        long last = jdbc.queryForObject("SELECT max(seq) FROM audit_record", Long.class);
        assertThat(last).isGreaterThan(6);
        long target = last / 2;

        // altered: one field of one payload
        String original = jdbc.queryForObject("SELECT payload::text FROM audit_record WHERE seq = ?", String.class, target);
        jdbc.update("UPDATE audit_record SET payload = payload || '{\"tampered\": true}'::jsonb WHERE seq = ?", target);
        assertBrokenAt(target);
        jdbc.update("UPDATE audit_record SET payload = ?::jsonb WHERE seq = ?", original, target);
        assertIntact();

        // altered: the actor alone, payload untouched
        jdbc.update("UPDATE audit_record SET actor = 'someone-else' WHERE seq = ?", target + 1);
        assertBrokenAt(target + 1);
        jdbc.update("UPDATE audit_record SET actor = (SELECT actor FROM audit_record WHERE seq = ?) WHERE seq = ?",
                target, target + 1);
        JsonNode mended = verify();
        if (!mended.get("ok").asBoolean()) { // the actors differed: put the right one back from the event store
            jdbc.update("UPDATE audit_record a SET actor = convert_from(d.meta_data, 'UTF8')::jsonb ->> 'userId' "
                    + "FROM domain_event_entry d WHERE d.event_identifier = a.event_id AND a.seq = ?", target + 1);
        }
        assertIntact();

        // removed: one record in the middle
        jdbc.execute("DROP TABLE IF EXISTS audit_record_kept");
        jdbc.update("CREATE TABLE audit_record_kept AS SELECT * FROM audit_record WHERE seq = ?", target);
        jdbc.update("DELETE FROM audit_record WHERE seq = ?", target);
        assertBrokenAt(target);
        // removed and the rest renumbered to hide the gap: the next record's prev_hash no longer matches
        renumber("seq > ?", -1, target);
        assertBrokenAt(target);
        renumber("seq >= ?", 1, target);
        jdbc.update("INSERT INTO audit_record SELECT * FROM audit_record_kept");
        jdbc.execute("DROP TABLE audit_record_kept");
        assertIntact();

        // reordered: two neighbours swap their seq
        swap(target, target + 1);
        assertBrokenAt(target);
        swap(target, target + 1);
        assertIntact();
    }

    /** Moves the matching records by {@code delta}, through negative numbers as the primary key is checked per row. */
    private void renumber(String where, int delta, long value) {
        jdbc.update("UPDATE audit_record SET seq = -(seq + ?) WHERE " + where, delta, value);
        jdbc.update("UPDATE audit_record SET seq = -seq WHERE seq < 0");
    }

    private void swap(long a, long b) {
        jdbc.update("UPDATE audit_record SET seq = -1 WHERE seq = ?", a);
        jdbc.update("UPDATE audit_record SET seq = ? WHERE seq = ?", a, b);
        jdbc.update("UPDATE audit_record SET seq = ? WHERE seq = -1", b);
    }

    @Test
    void exportsOneHundredThousandRecordsInBoundedMemory() throws Exception {
        someWorkRecorded();
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
        assertIntact();
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
