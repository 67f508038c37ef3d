package io.assistantcore.api.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.tenant.TenantCommands.CreateTenant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventStoreIntegrationTest extends ApiIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;

    @Test
    void noColumnAnywhereIsAnOidLargeObject() {
        List<String> oidColumns = jdbc.queryForList("""
                SELECT c.table_name || '.' || c.column_name FROM information_schema.columns c
                WHERE c.table_schema = current_schema() AND c.udt_name IN ('oid', 'lo')""", String.class);
        assertThat(oidColumns).isEmpty();

        List<Map<String, Object>> binaryColumns = jdbc.queryForList("""
                SELECT table_name, column_name, udt_name FROM information_schema.columns
                WHERE table_schema = current_schema()
                  AND table_name IN ('domain_event_entry', 'snapshot_event_entry', 'token_entry', 'saga_entry',
                                     'dead_letter_entry')
                  AND column_name IN ('payload', 'meta_data', 'token', 'serialized_saga', 'diagnostics')""");
        assertThat(binaryColumns).extracting(row -> row.get("table_name") + "." + row.get("column_name"))
                .contains("domain_event_entry.payload", "domain_event_entry.meta_data", "snapshot_event_entry.payload",
                        "token_entry.token", "saga_entry.serialized_saga", "dead_letter_entry.payload",
                        "dead_letter_entry.diagnostics");
        assertThat(binaryColumns).allSatisfy(row -> assertThat(row.get("udt_name")).isEqualTo("bytea"));
    }

    @Test
    void storedPayloadsAndMetaDataAreJsonWithTheCaller() throws Exception {
        ApiClient api = api();
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = uniqueTenantId("json");
        ApiClient.Response created = api.send("POST", "/api/v1/tenants", admin, ApiClient.write(
                Map.of("tenantId", tenantId, "name", "Json Inc.", "plan", "FREE")), Map.of("X-Request-Id", "req-" + tenantId));
        assertThat(created.status()).isEqualTo(201);

        Map<String, Object> row = jdbc.queryForMap("""
                SELECT payload_type, payload_revision, convert_from(payload, 'UTF8') AS payload,
                       convert_from(meta_data, 'UTF8') AS meta_data, type
                FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""", tenantId);
        ObjectMapper json = new ObjectMapper();
        JsonNode payload = json.readTree((String) row.get("payload"));
        assertThat(row.get("payload_type")).isEqualTo("io.assistantcore.messages.tenant.TenantEvents$TenantCreated");
        assertThat(row.get("payload_revision")).isEqualTo("2");
        assertThat(row.get("type")).isEqualTo("Tenant");
        assertThat(payload.get("tenantId").asText()).isEqualTo(tenantId);
        assertThat(payload.get("name").asText()).isEqualTo("Json Inc.");
        assertThat(payload.at("/quotas/monthlyBudget/currency").asText()).isEqualTo("USD");

        JsonNode metaData = json.readTree((String) row.get("meta_data"));
        assertThat(metaData.get("userId").asText()).isEqualTo("root");
        assertThat(metaData.get("requestId").asText()).isEqualTo("req-" + tenantId);
        assertThat(metaData.has("traceId")).isTrue();
        assertThat(metaData.has("correlationId")).isTrue();
    }

    /**
     * An event stored in an old revision is read through the upcaster: a revision-1 TenantCreated (before the AI
     * policy had cache flags) reaches the read model and the aggregate as revision 2, amounts exactly as stored.
     */
    @Test
    void aRevisionOneTenantCreatedIsReadThroughTheUpcaster() {
        String tenantId = uniqueTenantId("rev1");
        String payload = """
                {"tenantId":"%s","name":"Stored Long Ago","plan":"TEAM",
                 "quotas":{"monthlyBudget":{"amount":50.00,"currency":"EUR"},"requestsPerMinutePerUser":30,
                           "tokensPerMinutePerTenant":50000},
                 "policy":{"enabledActions":["IMPROVE"],"allowedModels":[],"allowedContextKinds":["*"],
                           "maskPii":true}}""".formatted(tenantId);
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (?, 0, 'Tenant', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1',
                    'io.assistantcore.messages.tenant.TenantEvents$TenantCreated', ?)""",
                tenantId, java.util.UUID.randomUUID().toString(), payload, java.time.Instant.now().toString());

        ApiClient api = api();
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        JsonNode tenant = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/tenants/" + tenantId, admin), response -> response.status() == 200).json();
        assertThat(tenant.at("/aiPolicy/exactCache").asBoolean()).isTrue();
        assertThat(tenant.at("/aiPolicy/semanticCache").asBoolean()).isFalse();
        assertThat(tenant.at("/quotas/monthlyBudget/amount").decimalValue()).isEqualByComparingTo("50.00");

        // the aggregate, sourced from the upcast event, sees the same quotas: setting them again changes nothing
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/quotas", admin, Map.of("monthlyBudget",
                Map.of("amount", new java.math.BigDecimal("50.00"), "currency", "EUR"), "requestsPerMinutePerUser",
                30, "tokensPerMinutePerTenant", 50000)).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, tenantId)).isEqualTo(1L);
    }

    @Test
    void tokensAreStoredAsJsonToo() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = 'tenant-directory' "
                        + "AND token IS NOT NULL", String.class)).isNotEmpty()
                .allSatisfy(token -> assertThat(token).startsWith("{")));
    }

    /** Concurrent writers leave gaps in the global index while they commit; the projection must miss none. */
    @Test
    void noEventIsSkippedUnderConcurrentWriters() {
        String prefix = uniqueTenantId("burst");
        int writers = 8;
        int tenantsPerWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < tenantsPerWriter; i++) {
                        commands.sendAndWait(new CreateTenant(prefix + "-" + writer + "-" + i, "Burst", Plan.FREE, "u"));
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        int expected = writers * tenantsPerWriter;
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?",
                Long.class, prefix + "-%")).isEqualTo(2L * expected);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tenant_view WHERE tenant_id LIKE ?", Long.class,
                    prefix + "-%")).isEqualTo(expected);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tenant_member_view WHERE tenant_id LIKE ?", Long.class,
                    prefix + "-%")).isEqualTo(expected);
        });
    }
}
