package io.assistantcore.api.billing;

import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money is a plain decimal wherever it leaves the platform. Amounts read from the read models' NUMERIC(24, 8) columns
 * are BigDecimals such as 0E-8 (zero at scale 8), which a default JSON writer renders in exponent notation.
 */
class MoneyRenderingIntegrationTest extends ApiIntegrationTest {

    private static final Pattern JSON_AMOUNT = Pattern.compile("\"(?:amount|cost|savedCost|spent|reserved|remaining|"
            + "budget)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");
    private static final Pattern PLAIN = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    @Test
    void aZeroCostIsAPlainDecimalInJsonSseAndCsv() {
        ApiClient api = api();
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = uniqueTenantId("money");
        assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Money", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        String alice = api.devToken(tenantId, "alice");
        String sessionId = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"),
                "text", "their is a error in this sentance")).json().get("sessionId").asText();
        String suggestionId = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "FIX_GRAMMAR")).json().get("suggestionId").asText();
        // the offline engine costs nothing: the read models hold 0 at scale 8
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().at("/cost/currency").asText())
                .isNotEmpty());

        Response suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice);
        assertPlainAmounts(suggestion.body(), 2);

        // a finished stream replays its end from the history
        List<Event> replay;
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            replay = sse.readAll();
        }
        assertThat(replay).last().extracting(Event::type).isEqualTo("completed");
        assertPlainAmounts(replay.get(replay.size() - 1).rawData(), 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/billing/usage?groupBy=model", alice).json()).isNotEmpty());
        assertPlainAmounts(api.get("/api/v1/billing/usage?groupBy=model", alice).body(), 2);
        assertPlainAmounts(api.get("/api/v1/billing/budget", alice).body(), 1);

        String csv = api.get("/api/v1/billing/usage.csv?groupBy=model", alice).body();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSizeGreaterThan(1);
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            assertThat(fields[header.indexOf("cost")]).as(line).matches(PLAIN);
            assertThat(fields[header.indexOf("savedCost")]).as(line).matches(PLAIN);
        }
    }

    private static void assertPlainAmounts(String json, int atLeast) {
        Matcher amounts = JSON_AMOUNT.matcher(json);
        int found = 0;
        while (amounts.find()) {
            assertThat(amounts.group(1)).as(json).matches(PLAIN);
            found++;
        }
        assertThat(found).as("amounts in " + json).isGreaterThanOrEqualTo(atLeast);
    }
}
