package io.assistantcore.api.billing;

import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money is a plain decimal wherever it leaves the platform. Costs are computed to 8 decimals, so a cheap call costs
 * amounts such as 0.00000016 (and a free one 0 at scale 8), which a default JSON writer renders as 1.6E-7 and 0E-8.
 * The offline engine gets a tiny price here (in a context of its own, so no other test sees it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MoneyRenderingIntegrationTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("assistant.billing.prices[0].provider", () -> "local");
        registry.add("assistant.billing.prices[0].model", () -> "offline-engine-v1");
        registry.add("assistant.billing.prices[0].input-per-million", () -> "0.01");
        registry.add("assistant.billing.prices[0].output-per-million", () -> "0.01");
        registry.add("assistant.billing.prices[0].currency", () -> "USD");
    }

    private static final Pattern JSON_AMOUNT = Pattern.compile("\"(?:amount|cost|savedCost|spent|reserved|remaining|"
            + "budget)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");
    private static final Pattern PLAIN = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    @Test
    void aTinyCostIsAPlainDecimalInJsonSseAndCsv() {
        ApiClient api = new ApiClient(port);
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        String tenantId = "money";
        assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", tenantId, "name", "Money", "plan", "TEAM",
                "initialAdminUserId", "alice")).status()).isEqualTo(201);
        String alice = api.devToken(tenantId, "alice");
        String sessionId = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"),
                "text", "their is a error in this sentance")).json().get("sessionId").asText();
        String suggestionId = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "FIX_GRAMMAR")).json().get("suggestionId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().at("/cost/currency").asText())
                .isNotEmpty());

        Response suggestion = api.get("/api/v1/assist/suggestions/" + suggestionId, alice);
        assertPlainAmounts(suggestion.body(), 2);
        // a few tokens at 0.01 per million: well below 0.000001, where exponent notation starts
        assertThat(suggestion.json().at("/cost/amount").decimalValue()).isPositive()
                .isLessThan(new java.math.BigDecimal("0.000001"));

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
            assertThat(fields[header.indexOf("cost")]).as(line).matches(PLAIN).isNotEqualTo("0");
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
