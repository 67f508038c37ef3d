package io.assistantcore.ai.cache;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.vector.SimilarTexts;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers repeated requests without calling a model. Every entry belongs to one tenant, and the tenant's id is part
 * of every key and every lookup, so no entry is ever served to another tenant.
 * <ul>
 *     <li><b>Exact</b>: the key is a SHA-256 over tenant, provider, model, prompt template version, the whole prompt
 *     input (action, tone, instruction, text, every context item) and every generation parameter (PII masking, the
 *     output limit). Any difference is a miss.</li>
 *     <li><b>Semantic</b> (opt-in per tenant, single-turn requests only): everything but the text must match exactly
 *     (the <i>parameters key</i>), and the text's embedding — the offline engine's all-MiniLM-L6-v2 — must have a
 *     cosine similarity of at least the threshold with the cached request's text.</li>
 * </ul>
 * Entries older than {@code maxAge} are not served. The tenant's entries are deleted when its AI policy changes.
 */
public class ResponseCache {

    /** Collection of the semantic cache's vectors in the {@link VectorIndex}. */
    public static final String COLLECTION = "response_cache";

    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

    private final DataSource dataSource;
    private final SimilarTexts texts;
    private final Duration maxAge;
    private final Clock clock;
    /** Counter of response cache lookups (docs/observability.md). */
    public static final String LOOKUPS = "assistant.cache.lookups";
    private volatile Counter exactHits;
    private volatile Counter exactMisses;
    private volatile Counter semanticHits;
    private volatile Counter semanticMisses;

    public ResponseCache(DataSource dataSource, Supplier<VectorIndex> vectors, Supplier<EmbeddingModel> embeddings,
                         double similarityThreshold, Duration maxAge, Clock clock) {
        this.texts = new SimilarTexts(vectors, embeddings, COLLECTION, similarityThreshold, "similarity threshold", 5);
        this.dataSource = dataSource;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** What a request is looked up by. */
    public record Lookup(String tenantId, String provider, String model, GenerationRequest request, boolean maskPii,
                         int outputLimit) {

        String exactKey() {
            return sha256(parameters() + "\u0001" + field(request.text()));
        }

        String parametersKey() {
            return sha256(parameters());
        }

        private String parameters() {
            StringBuilder canonical = new StringBuilder();
            for (Object part : List.of(tenantId, provider, model, String.valueOf(request.promptVersion()),
                    request.action().name(), String.valueOf(request.tone()), field(request.instruction()),
                    "maskPii=" + maskPii, "outputLimit=" + outputLimit)) {
                canonical.append(field(String.valueOf(part))).append('\u0000');
            }
            for (ContextItem item : request.context()) {
                canonical.append("context\u0000").append(field(item.kind())).append('\u0000').append(field(item.label()))
                        .append('\u0000').append(field(item.text())).append('\u0000');
            }
            return canonical.toString();
        }

        /** Lengths first, so no choice of text can make two different requests read the same. */
        private static String field(String value) {
            return value == null ? "-1:" : value.length() + ":" + value;
        }
    }

    /**
     * A cached response.
     *
     * @param sourceGeneration the generation the text came from ({@code <suggestionId>#<attempt>})
     * @param similarity       1 for an exact hit, else the cosine similarity of the texts
     */
    public record Hit(String text, String provider, String model, TokenUsage usage, String sourceGeneration,
                      boolean exact, double similarity) {
    }

    public Optional<Hit> findExact(Lookup lookup) {
        return counted(load(lookup.tenantId(), lookup.exactKey(), true, 1.0), exactHits, exactMisses);
    }

    /** A semantic hit: same parameters, a text at least as similar as the threshold. */
    public Optional<Hit> findSimilar(Lookup lookup) {
        return counted(texts.closestUsable(lookup.tenantId(), lookup.request().text(),
                Map.of("parametersKey", lookup.parametersKey()),
                match -> load(lookup.tenantId(), match.id(), false, match.similarity())), semanticHits, semanticMisses);
    }

    /**
     * Counts lookups in {@code registry}: {@value #LOOKUPS} by {@code kind} (exact, semantic) and {@code result}
     * (hit, miss). Without it, lookups are not counted.
     */
    public ResponseCache countLookups(MeterRegistry registry) {
        exactHits = lookups(registry, "exact", "hit");
        exactMisses = lookups(registry, "exact", "miss");
        semanticHits = lookups(registry, "semantic", "hit");
        semanticMisses = lookups(registry, "semantic", "miss");
        return this;
    }

    private static Counter lookups(MeterRegistry registry, String kind, String result) {
        return Counter.builder(LOOKUPS).description("Response cache lookups by kind and result")
                .tag("kind", kind).tag("result", result).register(registry);
    }

    private static Optional<Hit> counted(Optional<Hit> hit, Counter hits, Counter misses) {
        Counter counter = hit.isPresent() ? hits : misses;
        if (counter != null) {
            counter.increment();
        }
        return hit;
    }

    /** Keeps a response; the first one stored for a key stays (it is the generation later hits name). */
    public void store(Lookup lookup, String text, String provider, String model, TokenUsage usage,
                      String sourceGeneration, boolean indexForSemanticLookups) {
        String key = lookup.exactKey();
        int inserted;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO response_cache_entry (tenant_id, cache_key, parameters_key, provider, model,
                         prompt_version, response_text, input_tokens, output_tokens, usage_reported, source_generation,
                         created_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (tenant_id, cache_key) DO NOTHING""")) {
            insert.setString(1, lookup.tenantId());
            insert.setString(2, key);
            insert.setString(3, lookup.parametersKey());
            insert.setString(4, provider);
            insert.setString(5, model);
            insert.setString(6, String.valueOf(lookup.request().promptVersion()));
            insert.setString(7, text);
            insert.setLong(8, usage.inputTokens());
            insert.setLong(9, usage.outputTokens());
            insert.setBoolean(10, usage.reportedByProvider());
            insert.setString(11, sourceGeneration);
            insert.setTimestamp(12, Timestamp.from(clock.instant()));
            inserted = insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Storing a response in the cache failed", e);
        }
        if (inserted == 1 && indexForSemanticLookups) {
            texts.add(lookup.tenantId(), key, lookup.request().text(), Map.of("parametersKey", lookup.parametersKey()));
        }
    }

    /** Deletes every entry of the tenant (its AI policy changed, so earlier answers may no longer be allowed). */
    public int invalidateTenant(String tenantId) {
        int deleted;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM response_cache_entry WHERE tenant_id = ?")) {
            delete.setString(1, tenantId);
            deleted = delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Clearing the response cache of tenant " + tenantId + " failed", e);
        }
        texts.removeTenant(tenantId);
        log.info("Response cache of tenant {}: {} entries removed after an AI policy change", tenantId, deleted);
        return deleted;
    }

    private Optional<Hit> load(String tenantId, String key, boolean exact, double similarity) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT response_text, provider, model, input_tokens, output_tokens, usage_reported,
                            source_generation
                     FROM response_cache_entry WHERE tenant_id = ? AND cache_key = ? AND created_at >= ?""")) {
            select.setString(1, tenantId);
            select.setString(2, key);
            select.setTimestamp(3, Timestamp.from(clock.instant().minus(maxAge)));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Hit(row.getString(1), row.getString(2), row.getString(3),
                        new TokenUsage(row.getLong(4), row.getLong(5), row.getBoolean(6)), row.getString(7), exact,
                        similarity));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the response cache failed", e);
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
