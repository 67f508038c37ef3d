package io.assistantcore.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit trail of real work done through the API, as auditors of different tenants see it. */
class AuditTrailIntegrationTest extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiClient api;
    private String admin;
    private String tenantId;
    private String alice;
    private String auditor;

    @BeforeEach
    void tenantWithAnAuditor() {
        api = api();
        admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = newTenant("audit");
        alice = api.devToken(tenantId, "alice");
        auditor = api.devToken(tenantId, "audra", "AUDITOR");
    }

    private String newTenant(String prefix) {
        return api.createTenant(admin, uniqueTenantId(prefix), "TEAM", "alice");
    }

    private List<JsonNode> records(String token, String query) {
        Response response = api.get("/api/v1/audit/events" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> records = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty()) {
                try {
                    records.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("Not a JSON line: " + line, e);
                }
            }
        }
        return records;
    }

    private static List<String> types(List<JsonNode> records) {
        return records.stream().map(r -> r.get("type").asText()).toList();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void recordsTheWorkRefusalsAndDenialsOfATenantForItsAuditorsOnly() {
        Response session = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Account", "entityId", "42", "fieldName", "description"),
                "text", "their is a error in this sentance", "context", List.of()));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        String sessionId = session.json().get("sessionId").asText();
        Response requested = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "FIX_GRAMMAR"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        String suggestionId = requested.json().get("suggestionId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/assist/suggestions/" + suggestionId, alice)
                .json().get("status").asText().equals("COMPLETED"));
        assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", alice, Map.of()).status())
                .isEqualTo(200);
        // refused by the write model: an approved suggestion is no longer completed
        Response again = api.post("/api/v1/assist/suggestions/" + suggestionId + "/approve", alice, Map.of());
        assertThat(again.status()).isEqualTo(409);
        // denied: a MEMBER is no auditor
        String member = api.devToken(tenantId, "mo", "MEMBER");
        assertThat(api.get("/api/v1/audit/events", member).status()).isEqualTo(403);

        List<JsonNode> records = await().atMost(Duration.ofSeconds(20)).until(() -> records(auditor, ""),
                found -> types(found).contains("SuggestionApproved") && found.stream()
                        .filter(r -> r.get("type").asText().equals("CommandRefused")).count() >= 2);

        assertThat(records).allSatisfy(record -> {
            assertThat(record.get("tenantId").asText()).isEqualTo(tenantId);
            assertThat(record.get("hash").asText()).matches("[0-9a-f]{64}");
            assertThat(record.get("prevHash").asText()).matches("[0-9a-f]{64}");
            assertThat(record.has("timestamp") && record.has("actor") && record.has("aggregateType")
                    && record.has("aggregateId") && record.has("payload") && record.has("outcome")).isTrue();
        });
        assertThat(records).extracting(r -> r.get("seq").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(types(records)).contains("TenantCreated", "MemberRolesSet", "AssistSessionStarted",
                "SuggestionRequested", "SuggestionStreamStarted", "SuggestionCompleted", "SuggestionApproved")
                .doesNotContain("SuggestionTokensStreamed");

        JsonNode approved = only(records, "SuggestionApproved");
        assertThat(approved.get("actor").asText()).isEqualTo("alice");
        assertThat(approved.get("aggregateType").asText()).isEqualTo("AssistSession");
        assertThat(approved.get("aggregateId").asText()).isEqualTo(sessionId);
        assertThat(approved.get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(approved.at("/payload/suggestionId").asText()).isEqualTo(suggestionId);
        JsonNode completed = only(records, "SuggestionCompleted");
        assertThat(completed.at("/payload/chunkCount").asInt()).as("chunks summarized by the completion")
                .isPositive();
        assertThat(completed.at("/payload/text").asText()).isNotBlank();

        JsonNode refused = records.stream().filter(r -> r.get("outcome").asText().equals("REFUSED")).findFirst()
                .orElseThrow();
        assertThat(refused.get("type").asText()).isEqualTo("CommandRefused");
        assertThat(refused.get("actor").asText()).isEqualTo("alice");
        assertThat(refused.get("aggregateType").isNull()).isTrue();
        assertThat(refused.at("/payload/command").asText()).isEqualTo("ApproveSuggestion");
        assertThat(refused.at("/payload/status").asInt()).isEqualTo(409);
        assertThat(refused.at("/payload/code").asText()).isEqualTo("not-completed");
        assertThat(refused.at("/payload/reason").asText()).contains("only a completed suggestion can be approved");
        assertThat(refused.at("/payload/path").asText()).isEqualTo("/api/v1/assist/suggestions/" + suggestionId + "/approve");

        JsonNode denied = records.stream().filter(r -> r.get("outcome").asText().equals("DENIED")).findFirst()
                .orElseThrow();
        assertThat(denied.get("actor").asText()).isEqualTo("mo");
        assertThat(denied.at("/payload/status").asInt()).isEqualTo(403);
        assertThat(denied.at("/payload/method").asText()).isEqualTo("GET");
        assertThat(denied.at("/payload/path").asText()).isEqualTo("/api/v1/audit/events");
        assertThat(denied.at("/payload/reason").asText()).contains("AUDITOR");

        // filters
        List<JsonNode> ofSession = records(auditor, "?aggregateId=" + q(sessionId));
        assertThat(ofSession).isNotEmpty().allSatisfy(r -> assertThat(r.get("aggregateId").asText()).isEqualTo(sessionId));
        assertThat(types(ofSession)).contains("AssistSessionStarted", "SuggestionApproved").doesNotContain("TenantCreated");
        assertThat(records(auditor, "?type=SuggestionApproved")).extracting(r -> r.get("seq").asLong())
                .containsExactly(approved.get("seq").asLong());
        List<JsonNode> after = records(auditor, "?afterSeq=" + approved.get("seq").asLong());
        assertThat(after).isNotEmpty().allSatisfy(r -> assertThat(r.get("seq").asLong())
                .isGreaterThan(approved.get("seq").asLong()));
        assertThat(types(after)).contains("CommandRefused").doesNotContain("SuggestionApproved", "TenantCreated");
        Instant at = Instant.parse(approved.get("timestamp").asText());
        List<JsonNode> window = records(auditor, "?from=" + q(at.toString()) + "&to=" + q(at.plusMillis(1).toString()));
        assertThat(types(window)).contains("SuggestionApproved").doesNotContain("TenantCreated");
        assertThat(window).allSatisfy(r -> assertThat(Instant.parse(r.get("timestamp").asText()))
                .isBetween(at, at.plusMillis(1)));
        Instant first = Instant.parse(records.get(0).get("timestamp").asText());
        assertThat(records(auditor, "?to=" + q(first.toString()))).isEmpty();

        // scoping: another tenant's auditor sees none of it, a platform admin sees it all
        String otherAuditor = api.devToken(newTenant("other"), "olga", "AUDITOR");
        assertThat(records(otherAuditor, "")).noneMatch(r -> tenantId.equals(r.get("tenantId").asText()));
        assertThat(records(otherAuditor, "?aggregateId=" + q(sessionId))).isEmpty();
        assertThat(types(records(admin, "?aggregateId=" + q(sessionId)))).contains("SuggestionApproved");
        // the chain as a whole holds
        Response verify = api.get("/api/v1/audit/verify", auditor);
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        assertThat(verify.json().get("ok").asBoolean()).as(verify.body()).isTrue();
        assertThat(verify.json().get("checked").asLong()).isGreaterThanOrEqualTo(records.size());
        assertThat(verify.json().get("firstBrokenSeq").isNull()).isTrue();
        assertThat(api.get("/api/v1/audit/verify", member).status()).isEqualTo(403);
    }

    @Test
    void requestsWithoutAValidTokenAreRecordedAsDeniedForPlatformAdmins() {
        String marker = "nobody-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/tenants/" + marker + "/members/x", null, Map.of()).status()).isEqualTo(401);
        JsonNode denied = await().atMost(Duration.ofSeconds(20)).until(() -> records(admin, "?type=CommandRefused")
                        .stream().filter(r -> r.at("/payload/path").asText().contains(marker)).findFirst().orElse(null),
                found -> found != null);
        assertThat(denied.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(denied.at("/payload/status").asInt()).isEqualTo(401);
        assertThat(denied.get("tenantId").isNull()).isTrue();
        assertThat(denied.get("actor").isNull()).isTrue();
        assertThat(records(auditor, "?type=CommandRefused")).noneMatch(r -> r.at("/payload/path").asText().contains(marker));
    }

    @Test
    void badFiltersAreProblemsNamingTheParameter() {
        Response seq = api.get("/api/v1/audit/events?afterSeq=abc", auditor);
        assertThat(seq.status()).isEqualTo(400);
        assertThat(seq.header("Content-Type")).startsWith("application/problem+json");
        assertThat(seq.json().at("/errors/afterSeq").asText()).contains("whole number");
        Response from = api.get("/api/v1/audit/events?from=yesterday", auditor);
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.json().at("/errors/from").asText()).contains("ISO-8601");
        Response window = api.get("/api/v1/audit/events?from=2025-02-01&to=2025-01-01", auditor);
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().has("errors") && window.json().get("errors").has("to")).isTrue();
        assertThat(api.get("/api/v1/audit/events?afterSeq=-1", auditor).json().at("/errors/afterSeq").asText())
                .contains("0 or more");
    }

    private static JsonNode only(List<JsonNode> records, String type) {
        List<JsonNode> matching = records.stream().filter(r -> r.get("type").asText().equals(type)).toList();
        assertThat(matching).as(type).hasSize(1);
        return matching.get(0);
    }
}
