package io.assistantcore.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Budgets that hold under concurrent requests, and what a call is billed for. */
class BillingIntegrationTest extends PricedProviderIntegrationTest {

    private static List<String> words(int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add("word" + i + " ");
        }
        return words;
    }

    @Test
    void fiftyConcurrentRequestsNeverOverrunABudgetThatFitsAboutTen() throws Exception {
        // One request may cost up to its prompt plus the 4096-token output limit at 2 USD per million: ~0.0083 USD.
        setQuotas(tenantId, alice, "0.0850", 1000, 10_000_000);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sessions.add(session(alice, "Draft number " + i + ": we will call you back on monday about the offer."));
        }
        OPENAI.otherwise(request -> WIRE.slowStream(MODEL, words(8), Duration.ofMillis(400), new Usage(60, 8)));
        int providerCallsBefore = OPENAI.requestCount();

        ExecutorService clients = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        for (String sessionId : sessions) {
            answers.add(clients.submit(() -> {
                start.await();
                return requestSuggestion(alice, sessionId, "IMPROVE");
            }));
        }
        start.countDown();
        List<String> granted = new ArrayList<>();
        int refused = 0;
        for (Future<ApiClient.Response> answer : answers) {
            ApiClient.Response response = answer.get();
            if (response.status() == 202) {
                granted.add(response.json().get("suggestionId").asText());
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(429);
                assertThat(response.json().get("type").asText()).endsWith("/budget-exhausted");
                assertThat(response.json().get("detail").asText()).contains("budget");
                refused++;
            }
        }
        clients.shutdown();

        assertThat(granted.size() + refused).isEqualTo(50);
        assertThat(refused).as("requests refused for the budget").isGreaterThanOrEqualTo(25);
        assertThat(granted).as("requests granted").hasSizeGreaterThanOrEqualTo(5);
        for (String suggestionId : granted) {
            awaitStatus(alice, suggestionId, "COMPLETED");
        }
        // every refused request was refused before any provider was called
        assertThat(OPENAI.requestCount() - providerCallsBefore).isEqualTo(granted.size());

        JsonNode budget = awaitNothingReserved(alice);
        BigDecimal spent = budget.at("/spent/amount").decimalValue();
        BigDecimal limit = budget.at("/budget/amount").decimalValue();
        assertThat(spent).isLessThanOrEqualTo(limit);
        // what the ledger spent is exactly what the usage events priced
        BigDecimal recorded = storedEvents(tenantId, "AttemptUsageRecorded").stream()
                .filter(event -> !event.path("cost").isNull() && event.has("cost"))
                .map(event -> event.at("/cost/amount").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(spent).isEqualByComparingTo(recorded);
        assertThat(spent).isEqualByComparingTo(cost(60, 8).multiply(BigDecimal.valueOf(granted.size())));

        // Replaying the ledger's events in their order: spent + reserved never exceeded the budget at any moment.
        BigDecimal reserved = BigDecimal.ZERO;
        BigDecimal charged = BigDecimal.ZERO;
        Map<String, BigDecimal> open = new HashMap<>();
        List<String> types = jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier"
                + " LIKE ? ORDER BY sequence_number", String.class, tenantId + "/%");
        List<String> payloads = jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE "
                + "aggregate_identifier LIKE ? ORDER BY sequence_number", String.class, tenantId + "/%");
        assertThat(types).isNotEmpty();
        for (int i = 0; i < types.size(); i++) {
            JsonNode event = JSON.readTree(payloads.get(i));
            if (types.get(i).endsWith("$BudgetReserved")) {
                BigDecimal amount = event.at("/amount/amount").decimalValue();
                open.put(event.get("reservationId").asText(), amount);
                reserved = reserved.add(amount);
            } else if (types.get(i).endsWith("$UsageCharged")) {
                charged = charged.add(event.at("/cost/amount").decimalValue());
                reserved = reserved.subtract(event.at("/fromReservation/amount").decimalValue());
            } else if (types.get(i).endsWith("$BudgetReservationReleased")) {
                reserved = reserved.subtract(event.at("/released/amount").decimalValue());
                open.remove(event.get("reservationId").asText());
            }
            assertThat(charged.add(reserved)).as("spent + reserved after event %d", i).isLessThanOrEqualTo(limit);
        }
        assertThat(open).isEmpty();
        assertThat(reserved).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(storedEvents(tenantId, "BudgetReservationRefused")).hasSize(refused);
        assertThat(storedEvents(tenantId, "BudgetThresholdReached")).extracting(e -> e.get("percent").asInt())
                .contains(80, 100);
    }

    @Test
    void aCancelledStreamIsBilledForItsPartialOutputOnce() throws Exception {
        // OpenAI reports usage only in its last chunk, so a stream cut short by a cancel has none: it is estimated.
        OPENAI.enqueue(WIRE.slowStream(MODEL, words(60), Duration.ofMillis(100), new Usage(40, 60)));
        String suggestionId = suggest(alice, "please rewrite this whole paragraph slowly", "IMPROVE");
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            List<Event> seen = sse.readUntil(event -> "token".equals(event.type())
                    && SseClient.tokens(List.of(event)).contains("word3"));
            assertThat(seen).isNotEmpty();
            assertThat(api.post("/api/v1/assist/suggestions/" + suggestionId + "/cancel", alice, null).status())
                    .isEqualTo(202);
            assertThat(sse.readAll()).last().extracting(Event::type).isEqualTo("cancelled");
        }
        JsonNode attempt = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/assist/suggestions/" + suggestionId, alice).json().at("/attempts/0"),
                        view -> view.has("cost") && !view.get("cost").isNull());
        long output = attempt.at("/usage/outputTokens").asLong();
        long input = attempt.at("/usage/inputTokens").asLong();
        assertThat(attempt.at("/usage/reportedByProvider").asBoolean()).isFalse();
        assertThat(output).isBetween(4L, 59L);
        assertThat(input).isPositive();
        assertThat(attempt.at("/cost/amount").decimalValue()).isEqualByComparingTo(cost(input, output));

        List<JsonNode> usage = storedEvents(tenantId, "AttemptUsageRecorded");
        assertThat(usage).hasSize(1);
        assertThat(usage.get(0).get("outcome").asText()).isEqualTo("CANCELLED");
        JsonNode budget = awaitNothingReserved(alice);
        assertThat(budget.at("/spent/amount").decimalValue()).isEqualByComparingTo(cost(input, output));
    }

    @Test
    void usageIsEstimatedAndMarkedSoWhenTheProviderReportsNone() {
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("A better ", "sentence ", "for you."), null));
        String suggestionId = suggest(alice, "a sentense to improve", "IMPROVE");
        List<Event> events = streamToEnd(alice, suggestionId);
        Event completed = events.get(events.size() - 1);
        assertThat(completed.type()).isEqualTo("completed");
        JsonNode data = completed.data();
        assertThat(data.at("/usage/reportedByProvider").asBoolean()).isFalse();
        long input = data.at("/usage/inputTokens").asLong();
        long output = data.at("/usage/outputTokens").asLong();
        assertThat(input).as("prompt tokens counted with the tokenizer").isGreaterThan(10);
        assertThat(output).isBetween(3L, 10L);
        assertThat(data.at("/cost/amount").decimalValue()).isEqualByComparingTo(cost(input, output));
        assertThat(data.at("/cost/currency").asText()).isEqualTo("USD");
    }

    @Test
    void theUsageReportAndItsCsvAgreeWithTheUsageEvents() {
        String bob = api.devToken(tenantId, "bob", "MEMBER");
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("One."), new Usage(30, 3)),
                WIRE.stream(MODEL, List.of("Two."), new Usage(50, 5)));
        List<String> ids = List.of(suggest(alice, "first text for the report", "IMPROVE"),
                suggest(bob, "second text for the report", "SHORTEN"));
        ids.forEach(id -> awaitStatus(alice, id, "COMPLETED"));

        List<JsonNode> usage = storedEvents(tenantId, "AttemptUsageRecorded");
        assertThat(usage).hasSize(2);
        long inputSum = usage.stream().mapToLong(e -> e.at("/usage/inputTokens").asLong()).sum();
        long outputSum = usage.stream().mapToLong(e -> e.at("/usage/outputTokens").asLong()).sum();
        BigDecimal costSum = usage.stream().map(e -> e.at("/cost/amount").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(costSum).isEqualByComparingTo(cost(80, 8));

        for (String groupBy : List.of("day", "user", "model")) {
            JsonNode rows = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                    () -> api.get("/api/v1/billing/usage?groupBy=" + groupBy, alice).json(),
                    json -> json.isArray() && sum(json, "requests") == 2);
            assertThat(sum(rows, "inputTokens")).isEqualTo(inputSum);
            assertThat(sum(rows, "outputTokens")).isEqualTo(outputSum);
            BigDecimal reported = BigDecimal.ZERO;
            for (JsonNode row : rows) {
                reported = reported.add(row.get("cost").decimalValue());
            }
            assertThat(reported).isEqualByComparingTo(costSum);

            ApiClient.Response csv = api.get("/api/v1/billing/usage.csv?groupBy=" + groupBy, alice);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            String[] lines = csv.body().split("\r\n");
            assertThat(lines[0]).isEqualTo("key,requests,inputTokens,outputTokens,cost,cacheHits,savedCost,currency");
            assertThat(lines).hasSize(rows.size() + 1);
            long csvInput = 0;
            BigDecimal csvCost = BigDecimal.ZERO;
            for (int i = 1; i < lines.length; i++) {
                String[] cells = lines[i].split(",");
                assertThat(cells[0]).isEqualTo(rows.get(i - 1).get("key").asText());
                csvInput += Long.parseLong(cells[2]);
                csvCost = csvCost.add(new BigDecimal(cells[4]));
            }
            assertThat(csvInput).isEqualTo(inputSum);
            assertThat(csvCost).isEqualByComparingTo(costSum);
        }
        JsonNode byUser = api.get("/api/v1/billing/usage?groupBy=user", alice).json();
        assertThat(byUser).extracting(row -> row.get("key").asText()).containsExactly("alice", "bob");
        JsonNode byModel = api.get("/api/v1/billing/usage?groupBy=model", alice).json();
        assertThat(byModel).extracting(row -> row.get("key").asText()).containsExactly("openai/" + MODEL);
    }

    @Test
    void aRequestTheWriteModelRefusesGivesItsReservationBack() {
        String sessionId = session(alice, "a text whose tone cannot change without a tone");
        ApiClient.Response refused = api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice,
                Map.of("action", "CHANGE_TONE"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        List<JsonNode> reserved = storedEvents(tenantId, "BudgetReserved");
        assertThat(reserved).hasSize(1);
        assertThat(reserved.get(0).at("/amount/amount").decimalValue()).isPositive();
        assertThat(storedEvents(tenantId, "BudgetReservationReleased")).singleElement()
                .satisfies(released -> assertThat(released.get("reason").asText())
                        .isEqualTo("RequestSuggestion refused"));
        assertThat(awaitNothingReserved(alice).at("/spent/amount").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void billingEndpointsRefuseBadInputAndMembers() {
        String bob = api.devToken(tenantId, "bob", "MEMBER");
        assertThat(api.get("/api/v1/billing/usage", bob).status()).isEqualTo(403);
        ApiClient.Response badGroup = api.get("/api/v1/billing/usage?groupBy=week", alice);
        assertThat(badGroup.status()).isEqualTo(400);
        assertThat(badGroup.json().get("detail").asText()).contains("day", "user", "model");
        assertThat(api.get("/api/v1/billing/usage?from=2026-05-10&to=2026-05-01", alice).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/billing/usage?from=yesterday", alice).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/billing/budget?period=2026-13", alice).status()).isEqualTo(400);
        JsonNode untouched = api.get("/api/v1/billing/budget?period=2020-01", alice).json();
        assertThat(untouched.at("/spent/amount").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(untouched.at("/remaining/amount").decimalValue())
                .isEqualByComparingTo(untouched.at("/budget/amount").decimalValue());
    }

    private static long sum(JsonNode rows, String field) {
        long total = 0;
        for (JsonNode row : rows) {
            total += row.get(field).asLong();
        }
        return total;
    }
}
