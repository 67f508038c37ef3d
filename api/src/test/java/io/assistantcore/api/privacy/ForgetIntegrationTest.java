package io.assistantcore.api.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Crypto-shredding: after forgetting a user, no readable copy of their text is left anywhere in the database. */
class ForgetIntegrationTest extends ApiIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private ApiClient api;
    private String tenantId;
    private String alice;
    private String bob;

    private void tenantWithAliceAndBob() {
        api = api();
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = api.createTenant(root, uniqueTenantId("forget"), "TEAM", "alice");
        alice = api.devToken(tenantId, "alice");
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/members/bob", alice, Map.of("roles", List.of("MEMBER")))
                .status()).isEqualTo(200);
        bob = api.devToken(tenantId, "bob");
    }

    private String session(String token, String text, String contextText) {
        ApiClient.Response created = api.post("/api/v1/assist/sessions", token, Map.of(
                "field", Map.of("entityType", "Lead", "entityId", "9", "fieldName", "notes"), "text", text,
                "context", List.of(Map.of("kind", "record", "label", "Lead " + contextText, "text",
                        "Contact: " + contextText))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("sessionId").asText();
    }

    private String suggestAndWait(String token, String sessionId, String action) {
        ApiClient.Response accepted = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", token,
                Map.of("action", action));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String suggestionId = accepted.json().get("suggestionId").asText();
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", token,
                null)) {
            assertThat(sse.readAll()).last().extracting(SseClient.Event::type).isEqualTo("completed");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/assist/suggestions/" + suggestionId,
                token).json().get("status").asText().equals("COMPLETED"));
        return suggestionId;
    }

    @Test
    void afterForgettingAUserNoReadableCopyOfTheirTextRemainsAndBillingIsUnchanged() {
        tenantWithAliceAndBob();
        String marker = "Zqxmarker" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String sessionId = session(bob, "their is a error in the note about " + marker + " today",
                marker + "@example.com");
        String fixed = suggestAndWait(bob, sessionId, "FIX_GRAMMAR");
        String summary = suggestAndWait(bob, sessionId, "SUMMARIZE");
        assertThat(api.post("/api/v1/assist/suggestions/" + fixed + "/approve", bob,
                Map.of("editedText", "Final note about " + marker + ".")).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/assist/suggestions/" + summary + "/reject", bob, null).status()).isEqualTo(200);
        // alice's own session stays readable
        String alicesSession = session(alice, "alice keeps her own note", "nobody");

        // readable to the tenant while bob is not forgotten …
        JsonNode before = api.get("/api/v1/assist/sessions/" + sessionId, alice).json();
        assertThat(before.get("originalText").asText()).contains(marker);
        assertThat(api.get("/api/v1/assist/suggestions/" + fixed, alice).json().get("finalText").asText())
                .contains(marker);
        // … but never stored in the clear in the event store
        assertThat(columnsContaining(marker)).as("encrypted at rest").doesNotContain("domain_event_entry.payload");
        assertThat(columnsContaining(marker)).as("the history holds it before forgetting")
                .contains("assist_session_view.original_text");
        JsonNode usageBefore = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/billing/usage?groupBy=user", alice).json(), rows -> rows.size() == 1
                        && rows.get(0).get("requests").asLong() == 2);

        // the auditor reads the audit trail's copy (stored encrypted) decrypted while bob is not forgotten
        String auditor = api.devToken(tenantId, "audrey", "AUDITOR");
        String trail = await().atMost(Duration.ofSeconds(20)).until(() -> api.get(
                "/api/v1/audit/events?aggregateId=" + sessionId, auditor).body(), body -> body.contains(
                "SuggestionApproved"));
        assertThat(trail).contains(marker);

        // a member may not forget anyone
        assertThat(api.delete("/api/v1/tenants/" + tenantId + "/members/bob/data", bob).status()).isEqualTo(403);
        ApiClient.Response forgotten = api.delete("/api/v1/tenants/" + tenantId + "/members/bob/data", alice);
        assertThat(forgotten.status()).as(forgotten.body()).isEqualTo(200);
        assertThat(forgotten.json().get("keysDestroyed").asInt()).isEqualTo(1);

        JsonNode after = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/assist/sessions/" + sessionId, alice).json(),
                session -> "[forgotten]".equals(session.get("originalText").asText()));
        assertThat(after.at("/context/0/text").asText()).isEqualTo("[forgotten]");
        assertThat(after.at("/context/0/label").asText()).isEqualTo("[forgotten]");
        assertThat(after.at("/context/0/kind").asText()).isEqualTo("record");
        JsonNode fixedAfter = api.get("/api/v1/assist/suggestions/" + fixed, alice).json();
        assertThat(fixedAfter.get("finalText").asText()).isEqualTo("[forgotten]");
        assertThat(fixedAfter.get("status").asText()).isEqualTo("APPROVED");
        assertThat(fixedAfter.at("/usage/outputTokens").asLong()).isPositive();
        assertThat(api.get("/api/v1/assist/sessions/" + alicesSession, alice).json().get("originalText").asText())
                .isEqualTo("alice keeps her own note");

        // rebuilt from the events, the session says the same, and so does the audit trail
        ApiClient.Response state = api.get("/api/v1/audit/aggregates/AssistSession/" + sessionId + "/state", auditor);
        assertThat(state.status()).as(state.body()).isEqualTo(200);
        assertThat(state.json().at("/state/originalText").asText()).isEqualTo("[forgotten]");
        assertThat(state.body()).doesNotContain(marker);
        String trailAfter = api.get("/api/v1/audit/events?aggregateId=" + sessionId, auditor).body();
        assertThat(trailAfter).doesNotContain(marker).contains("[forgotten]").contains("SuggestionApproved");

        // no table holds a readable copy any more
        assertThat(columnsContaining(marker)).isEmpty();
        // and the non-personal facts are what they were
        assertThat(api.get("/api/v1/billing/usage?groupBy=user", alice).json()).isEqualTo(usageBefore);
    }

    @Test
    void forgettingIsForTenantAdminsOfThatTenantOnly() {
        tenantWithAliceAndBob();
        String other = api.devToken(uniqueTenantId("elsewhere"), "mallory", "TENANT_ADMIN");
        assertThat(api.delete("/api/v1/tenants/" + tenantId + "/members/bob/data", other).status()).isEqualTo(404);
        ApiClient.Response badUser = api.delete("/api/v1/tenants/" + tenantId + "/members/" + "a%20b" + "/data", alice);
        assertThat(badUser.status()).isEqualTo(400);
        // forgetting someone who never wrote anything is fine, and says no key was destroyed
        ApiClient.Response nobody = api.delete("/api/v1/tenants/" + tenantId + "/members/carol/data", alice);
        assertThat(nobody.status()).isEqualTo(200);
        assertThat(nobody.json().get("keysDestroyed").asInt()).isZero();
    }

    /** Every {@code table.column} of the database whose value contains {@code marker} in some row. */
    private List<String> columnsContaining(String marker) {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')""");
        assertThat(columns).hasSizeGreaterThan(20);
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            String condition = "bytea".equals(column.get("data_type"))
                    ? "position(convert_to(?, 'UTF8') in \"" + name + "\") > 0"
                    : "\"" + name + "\"::text LIKE '%' || ? || '%'";
            Long rows = jdbc.queryForObject("SELECT count(*) FROM \"" + table + "\" WHERE " + condition, Long.class,
                    marker);
            if (rows != null && rows > 0) {
                found.add(table + "." + name);
            }
        }
        return found;
    }
}
