package io.assistantcore.ai.vector;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.pgvector.DefaultMetadataStorageConfig;
import dev.langchain4j.store.embedding.pgvector.MetadataStorageMode;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

/**
 * Vector storage in PostgreSQL with the {@code vector} extension, through langchain4j's {@link PgVectorEmbeddingStore}:
 * one table per collection ({@code <prefix><collection>}, by default {@code vector_response_cache} and so on), created
 * on first use, each row holding the embedding, the caller's id as the segment text and a JSONB {@code metadata} with
 * the tenant (under the reserved key {@value #TENANT_KEY}) and the attributes.
 * <ul>
 *     <li>The store's keys are UUIDs, so an entry's key is a name-based UUID of (tenant, id): the same id under two
 *     tenants names two rows, and adding an id again replaces the row (the store upserts).</li>
 *     <li>Tenant and attributes are filtered with langchain4j metadata filters; every match is checked once more for
 *     its tenant before it is returned.</li>
 *     <li>The store reports a relevance score {@code (cos + 1) / 2}; this class converts to and from plain cosine.</li>
 *     <li>No approximate (ivfflat) index: the search is exact, as the table fallback's is; an expression index on the
 *     tenant keeps it to the tenant's rows.</li>
 * </ul>
 * The extension must exist in the database ({@link VectorIndexes#create} creates it where it may).
 */
public final class PgVectorIndex implements VectorIndex {

    /** The prefix of the per-collection tables. */
    public static final String DEFAULT_TABLE_PREFIX = "vector_";
    static final String TENANT_KEY = "__tenant";

    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,19}");

    private final DataSource dataSource;
    private final int dimension;
    private final String tablePrefix;
    private final Map<String, PgVectorEmbeddingStore> stores = new ConcurrentHashMap<>();

    public PgVectorIndex(DataSource dataSource, int dimension) {
        this(dataSource, dimension, DEFAULT_TABLE_PREFIX);
    }

    /** {@code tablePrefix}: {@code [a-z_][a-z0-9_]*}, at most 20 characters; tests use a fresh one per run. */
    public PgVectorIndex(DataSource dataSource, int dimension, String tablePrefix) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (tablePrefix == null || !TABLE_PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must match [a-z_][a-z0-9_]{0,19}, got '" + tablePrefix + "'");
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dimension = dimension;
        this.tablePrefix = tablePrefix;
    }

    @Override
    public String kind() {
        return "pgvector";
    }

    @Override
    public void add(String collection, String tenantId, String id, float[] vector, Map<String, String> attributes) {
        Metadata metadata = new Metadata();
        VectorArguments.entry(collection, tenantId, id, vector, dimension, attributes).forEach(metadata::put);
        metadata.put(TENANT_KEY, tenantId);
        store(collection).addAll(List.of(key(tenantId, id)), List.of(Embedding.from(vector)),
                List.of(TextSegment.from(id, metadata)));
    }

    @Override
    public List<VectorMatch> search(String collection, String tenantId, float[] query, double minSimilarity,
                                    int maxResults, Map<String, String> requiredAttributes) {
        Map<String, String> required = VectorArguments.search(collection, tenantId, query, dimension, minSimilarity,
                maxResults, requiredAttributes);
        Filter filter = metadataKey(TENANT_KEY).isEqualTo(tenantId);
        for (Map.Entry<String, String> attribute : new TreeMap<>(required).entrySet()) {
            filter = filter.and(metadataKey(attribute.getKey()).isEqualTo(attribute.getValue()));
        }
        double clamped = Math.max(-1.0, Math.min(1.0, minSimilarity));
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(query))
                .minScore((clamped + 1) / 2)
                .maxResults(maxResults)
                .filter(filter)
                .build();
        List<VectorMatch> matches = new ArrayList<>();
        for (EmbeddingMatch<TextSegment> match : store(collection).search(request).matches()) {
            TextSegment segment = match.embedded();
            if (segment == null || !tenantId.equals(segment.metadata().getString(TENANT_KEY))) {
                continue; // never another tenant's entry, whatever the filter did
            }
            double similarity = Math.max(-1.0, Math.min(1.0, 2 * match.score() - 1));
            if (similarity < minSimilarity) {
                continue;
            }
            Map<String, String> attributes = new TreeMap<>();
            segment.metadata().toMap().forEach((key, value) -> {
                if (!key.equals(TENANT_KEY)) {
                    attributes.put(key, String.valueOf(value));
                }
            });
            matches.add(new VectorMatch(segment.text(), similarity, attributes));
        }
        return List.copyOf(matches);
    }

    @Override
    public void removeTenant(String collection, String tenantId) {
        VectorArguments.collection(collection);
        VectorArguments.tenant(tenantId);
        store(collection).removeAll(metadataKey(TENANT_KEY).isEqualTo(tenantId));
    }

    /** The table that holds a collection's entries. */
    public String tableName(String collection) {
        VectorArguments.collection(collection);
        return tablePrefix + collection;
    }

    private PgVectorEmbeddingStore store(String collection) {
        return stores.computeIfAbsent(collection, this::openStore);
    }

    private PgVectorEmbeddingStore openStore(String collection) {
        String table = tableName(collection);
        PgVectorEmbeddingStore store = PgVectorEmbeddingStore.datasourceBuilder()
                .datasource(dataSource)
                .table(table)
                .dimension(dimension)
                .createTable(true)
                .useIndex(false)
                // VectorIndexes creates the extension once; the store would otherwise run CREATE EXTENSION on every
                // connection it takes
                .skipCreateVectorExtension(true)
                .metadataStorageConfig(DefaultMetadataStorageConfig.builder()
                        .storageMode(MetadataStorageMode.COMBINED_JSONB)
                        .columnDefinitions(List.of("metadata JSONB NULL"))
                        .build())
                .build();
        // an index on the tenant key, so a search or removeTenant reads only that tenant's rows
        execute("CREATE INDEX IF NOT EXISTS " + table + "_tenant ON " + table + " ((metadata->>'" + TENANT_KEY + "'))");
        return store;
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to execute '" + sql + "': " + e.getMessage(), e);
        }
    }

    /** The store's key for an entry: a name-based UUID of tenant and id, so tenants never share a row. */
    static String key(String tenantId, String id) {
        byte[] name = (tenantId.length() + ":" + tenantId + ":" + id).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString();
    }
}
