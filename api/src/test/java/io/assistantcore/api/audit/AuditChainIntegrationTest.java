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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tampering with the audit table. Runs in an application context with a database of its own, so
 * the chain it breaks (and mends) is seen by no other test. The export of 100,000 records in bounded memory is a
 * benchmark ({@code AuditExportMemoryBenchmark}, profile {@code bench}).
 */
@SpringBootTest(classes = AssistantCoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditChainIntegrationTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();

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
}
