package io.assistantcore.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.embedding.Embedding;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The response cache: exact and semantic hits within a tenant, never across tenants, emptied by a policy change. */
class CacheIntegrationTest extends PricedProviderIntegrationTest {

    @Autowired
    OfflineTextEngine offlineEngine;

    private Event completed(String token, String suggestionId) {
        List<Event> events = streamToEnd(token, suggestionId);
        Event last = events.get(events.size() - 1);
        assertThat(last.type()).as(events.toString()).isEqualTo("completed");
        assertThat(SseClient.tokens(events)).isEqualTo(last.data().get("text").asText());
        return last;
    }

    @Test
    void anExactRepeatIsAnsweredFromTheCacheInItsTenantOnly() {
        String text = "we will send the signed contract back next week";
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("We will return ", "the signed contract next week."),
                new Usage(40, 9)));
        int callsBefore = OPENAI.requestCount();
        String first = suggest(alice, text, "IMPROVE");
        Event original = completed(alice, first);
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(1);
        BigDecimal originalCost = original.data().at("/cost/amount").decimalValue();
        assertThat(originalCost).isEqualByComparingTo(cost(40, 9));

        // the same request again, in another session of the same tenant: no provider call, zero cost
        String second = suggest(alice, text, "IMPROVE");
        Event cached = completed(alice, second);
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(1);
        assertThat(cached.data().get("text").asText()).isEqualTo(original.data().get("text").asText());
        assertThat(cached.data().at("/cost/amount").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(cached.data().get("cachedFrom").asText()).isEqualTo(first + "#1");
        JsonNode view = awaitStatus(alice, second, "COMPLETED");
        assertThat(view.get("cachedFrom").asText()).isEqualTo(first + "#1");

        // billing reports the hit and the saving
        JsonNode rows = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/billing/usage?groupBy=model", alice).json(),
                json -> json.size() == 1 && json.get(0).get("requests").asLong() == 2);
        assertThat(rows.get(0).get("cacheHits").asLong()).isEqualTo(1);
        assertThat(rows.get(0).get("savedCost").decimalValue()).isEqualByComparingTo(originalCost);
        assertThat(rows.get(0).get("cost").decimalValue()).isEqualByComparingTo(originalCost);

        // another tenant asking exactly the same is a miss: its own provider call
        String otherTenant = newTenant();
        String carol = api.devToken(otherTenant, "alice");
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("Their own answer."), new Usage(40, 4)));
        Event own = completed(carol, suggest(carol, text, "IMPROVE"));
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(2);
        assertThat(own.data().get("text").asText()).isEqualTo("Their own answer.");
        assertThat(own.data().has("cachedFrom")).isFalse();
    }

    @Test
    void aRegenerateAndAnotherActionAreNotCacheHits() {
        String text = "the meeting moves to thursday afternoon";
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("The meeting is now on Thursday afternoon."), new Usage(30, 8)),
                WIRE.stream(MODEL, List.of("Meeting: Thursday pm."), new Usage(30, 5)),
                WIRE.stream(MODEL, List.of("Thursday afternoon it is."), new Usage(30, 5)));
        int callsBefore = OPENAI.requestCount();
        String first = suggest(alice, text, "IMPROVE");
        completed(alice, first);
        completed(alice, suggest(alice, text, "SHORTEN"));
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(2);
        assertThat(api.post("/api/v1/assist/suggestions/" + first + "/regenerate", alice, null).status())
                .isEqualTo(202);
        awaitStatus(alice, first, "COMPLETED");
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(3);
    }

    @Test
    void theSemanticCacheAnswersNearRepeatsAboveTheThresholdOnlyAndAPolicyChangeEmptiesIt() {
        String original = "Please send me the quarterly sales report by Friday.";
        String nearRepeat = "Please send me the quarterly sales report by Friday!";
        String different = "Our office will be closed on the public holiday next Monday.";
        // the premise of the test, measured with the model the cache uses
        assertThat(similarity(original, nearRepeat)).isGreaterThanOrEqualTo(0.95);
        assertThat(similarity(original, different)).isLessThan(0.95);

        assertThat(api.put("/api/v1/tenants/" + tenantId + "/ai-policy", alice, policy(true, List.of("*"))).status())
                .isEqualTo(200);
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("Could you send me the Q3 sales report by Friday?"),
                        new Usage(35, 12)),
                WIRE.stream(MODEL, List.of("The office is closed next Monday (public holiday)."), new Usage(35, 11)));
        int callsBefore = OPENAI.requestCount();
        String first = suggest(alice, original, "IMPROVE");
        Event generated = completed(alice, first);

        Event hit = completed(alice, suggest(alice, nearRepeat, "IMPROVE"));
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(1);
        assertThat(hit.data().get("cachedFrom").asText()).isEqualTo(first + "#1");
        assertThat(hit.data().get("text").asText()).isEqualTo(generated.data().get("text").asText());
        assertThat(hit.data().at("/cost/amount").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);

        Event miss = completed(alice, suggest(alice, different, "IMPROVE"));
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(2);
        assertThat(miss.data().has("cachedFrom")).isFalse();

        // a policy change invalidates the tenant's entries: the exact original is generated again
        // (a change that leaves every cache key as it was, so only the invalidation can make the next call a miss)
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/ai-policy", alice, policy(true, List.of("*", "notes")))
                .status()).isEqualTo(200);
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("Please send the quarterly sales report by Friday."),
                new Usage(35, 10)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM response_cache_entry WHERE tenant_id = ?", Long.class, tenantId)).isZero());
        Event fresh = completed(alice, suggest(alice, original, "IMPROVE"));
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(3);
        assertThat(fresh.data().has("cachedFrom")).isFalse();
    }

    @Test
    void theSemanticCacheIsOffUnlessTheTenantOptsIn() {
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("Thanks, we received your order."), new Usage(30, 7)),
                WIRE.stream(MODEL, List.of("Thank you, your order has arrived."), new Usage(30, 7)));
        int callsBefore = OPENAI.requestCount();
        completed(alice, suggest(alice, "thanks we received your order.", "IMPROVE"));
        Event second = completed(alice, suggest(alice, "thanks we received your order!", "IMPROVE"));
        assertThat(OPENAI.requestCount() - callsBefore).isEqualTo(2);
        assertThat(second.data().has("cachedFrom")).isFalse();
    }

    private Map<String, Object> policy(boolean semantic, List<String> contextKinds) {
        return Map.of("enabledActions", List.of("IMPROVE", "SHORTEN", "SUMMARIZE", "FIX_GRAMMAR", "CHANGE_TONE",
                        "FREE_PROMPT"), "allowedModels", List.of(), "allowedContextKinds", contextKinds,
                "maskPii", true, "exactCache", true, "semanticCache", semantic);
    }

    private double similarity(String a, String b) {
        Embedding x = offlineEngine.embeddingModel().embed(a).content();
        Embedding y = offlineEngine.embeddingModel().embed(b).content();
        return dev.langchain4j.store.embedding.CosineSimilarity.between(x, y);
    }
}
