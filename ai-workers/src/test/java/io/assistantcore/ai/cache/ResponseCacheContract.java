package io.assistantcore.ai.cache;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.Tone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the response cache promises, run over each vector storage: exact hits only for the very same request in the
 * same tenant, semantic hits at or above the threshold only, and never anything of another tenant.
 */
abstract class ResponseCacheContract {

    private static EmbeddingModel embeddings;

    private ResponseCache cache;
    private MutableClock clock;
    private String tenant;
    private String otherTenant;

    abstract DataSource dataSource();

    abstract VectorIndex vectorIndex();

    static synchronized EmbeddingModel embeddings() {
        if (embeddings == null) {
            System.setProperty("ai.djl.offline", "true");
            embeddings = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        }
        return embeddings;
    }

    @BeforeEach
    void cache() {
        clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
        cache = new ResponseCache(dataSource(), this::vectorIndex, ResponseCacheContract::embeddings, 0.95,
                Duration.ofDays(30), clock);
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        otherTenant = "o-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static GenerationRequest request(String text) {
        return new GenerationRequest(AiAction.IMPROVE, null, null, text,
                List.of(new ContextItem("record", "Account", "ACME, 40 seats")), "v1", null);
    }

    private ResponseCache.Lookup lookup(String tenantId, GenerationRequest request) {
        return new ResponseCache.Lookup(tenantId, "openai", "gpt-4o-mini", request, true, 4096);
    }

    private void store(String tenantId, String text, String answer) {
        cache.store(lookup(tenantId, request(text)), answer, "openai", "gpt-4o-mini-2024-07-18",
                new TokenUsage(40, 12, true), "sugg-" + text.length() + "#1", true);
    }

    @Test
    void anExactRepeatInTheSameTenantIsAHit() {
        store(tenant, "we will call you back on monday", "We will call you back on Monday.");

        Optional<ResponseCache.Hit> hit = cache.findExact(lookup(tenant, request("we will call you back on monday")));

        assertThat(hit).isPresent();
        assertThat(hit.get().text()).isEqualTo("We will call you back on Monday.");
        assertThat(hit.get().model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(hit.get().usage()).isEqualTo(new TokenUsage(40, 12, true));
        assertThat(hit.get().sourceGeneration()).isEqualTo("sugg-31#1");
        assertThat(hit.get().exact()).isTrue();
    }

    @Test
    void anotherTenantNeverSeesAnEntryExactlyOrSemantically() {
        store(tenant, "we will call you back on monday", "We will call you back on Monday.");

        assertThat(cache.findExact(lookup(otherTenant, request("we will call you back on monday")))).isEmpty();
        assertThat(cache.findSimilar(lookup(otherTenant, request("we will call you back on monday")))).isEmpty();
    }

    @Test
    void anyDifferenceInModelVersionActionToneContextOrMaskingIsAMiss() {
        store(tenant, "the meeting moves to thursday", "The meeting moves to Thursday.");
        GenerationRequest same = request("the meeting moves to thursday");
        assertThat(cache.findExact(lookup(tenant, same))).isPresent();

        List<ResponseCache.Lookup> different = List.of(
                new ResponseCache.Lookup(tenant, "openai", "gpt-4o", same, true, 4096),
                new ResponseCache.Lookup(tenant, "anthropic", "gpt-4o-mini", same, true, 4096),
                new ResponseCache.Lookup(tenant, "openai", "gpt-4o-mini", same, false, 4096),
                new ResponseCache.Lookup(tenant, "openai", "gpt-4o-mini", same, true, 1024),
                lookup(tenant, new GenerationRequest(AiAction.IMPROVE, null, null, same.text(), same.context(), "v2",
                        null)),
                lookup(tenant, new GenerationRequest(AiAction.SHORTEN, null, null, same.text(), same.context(), "v1",
                        null)),
                lookup(tenant, new GenerationRequest(AiAction.CHANGE_TONE, Tone.FORMAL, null, same.text(),
                        same.context(), "v1", null)),
                lookup(tenant, new GenerationRequest(AiAction.IMPROVE, null, null, same.text(), List.of(), "v1",
                        null)),
                lookup(tenant, new GenerationRequest(AiAction.IMPROVE, null, null, same.text(),
                        List.of(new ContextItem("record", "Account", "ACME, 41 seats")), "v1", null)),
                lookup(tenant, request("the meeting moves to thursday ")));
        for (ResponseCache.Lookup lookup : different) {
            assertThat(cache.findExact(lookup)).as(lookup.toString()).isEmpty();
        }
    }

    @Test
    void aNearRepeatAboveTheThresholdIsASemanticHitAndAnUnrelatedTextIsNot() {
        store(tenant, "Please send me the quarterly sales report by Friday.", "Could you send the Q3 report by Friday?");

        Optional<ResponseCache.Hit> near = cache.findSimilar(lookup(tenant,
                request("Please send me the quarterly sales report by Friday!")));
        assertThat(near).isPresent();
        assertThat(near.get().exact()).isFalse();
        assertThat(near.get().similarity()).isBetween(0.95, 1.0 + 1e-6);
        assertThat(near.get().text()).isEqualTo("Could you send the Q3 report by Friday?");

        assertThat(cache.findSimilar(lookup(tenant,
                request("Our office will be closed on the public holiday next Monday.")))).isEmpty();
        // same text, but other parameters: the semantic cache matches them exactly too
        assertThat(cache.findSimilar(new ResponseCache.Lookup(tenant, "openai", "gpt-4o", request(
                "Please send me the quarterly sales report by Friday!"), true, 4096))).isEmpty();
    }

    @Test
    void invalidatingATenantRemovesItsEntriesOnly() {
        store(tenant, "we will call you back on monday", "We will call you back on Monday.");
        store(otherTenant, "we will call you back on monday", "Monday it is.");

        assertThat(cache.invalidateTenant(tenant)).isEqualTo(1);

        assertThat(cache.findExact(lookup(tenant, request("we will call you back on monday")))).isEmpty();
        assertThat(cache.findSimilar(lookup(tenant, request("we will call you back on monday!")))).isEmpty();
        assertThat(cache.findExact(lookup(otherTenant, request("we will call you back on monday"))))
                .get().extracting(ResponseCache.Hit::text).isEqualTo("Monday it is.");
    }

    @Test
    void theFirstResponseStoredForAKeyStaysAndOldEntriesAreNotServed() {
        store(tenant, "we will call you back on monday", "First.");
        store(tenant, "we will call you back on monday", "Second.");
        assertThat(cache.findExact(lookup(tenant, request("we will call you back on monday"))))
                .get().extracting(ResponseCache.Hit::text).isEqualTo("First.");

        clock.advance(Duration.ofDays(31));
        assertThat(cache.findExact(lookup(tenant, request("we will call you back on monday")))).isEmpty();
        assertThat(cache.findSimilar(lookup(tenant, request("we will call you back on monday!")))).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
