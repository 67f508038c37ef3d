package io.assistantcore.ai.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Vector storage for a PostgreSQL without the {@code vector} extension (the embedded default has none): entries live
 * in the plain table {@code vector_fallback_entry} (Flyway migration {@code V200__vector_fallback.sql}), and a search
 * reads every row of the collection and tenant that carries the required attributes (jsonb containment, in SQL) and
 * computes the exact cosine similarity in the JVM.
 * <p>
 * Trade-off: no approximate index and no extension to install, and the answers are exact; but each search reads all
 * of the tenant's candidate rows (384 dimensions: 1.5 KB each) and does {@code rows × dimension} multiplications, so
 * its cost grows linearly with the tenant's entries: about 150 ms for 5,000 entries of 384 dimensions on two cores,
 * almost all of it reading the rows. For a response cache of up to a few thousand entries per tenant that is fine next
 * to a model call. For more, or for RAG over documents, use a PostgreSQL with pgvector, which
 * {@link VectorIndexes#create} then picks ({@link PgVectorIndex}).
 */
public final class TableVectorIndex implements VectorIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private static final String UPSERT = """
            INSERT INTO vector_fallback_entry (collection, tenant_id, id, dimension, vector, attributes, created_at)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, now())
            ON CONFLICT (collection, tenant_id, id) DO UPDATE
               SET dimension = EXCLUDED.dimension, vector = EXCLUDED.vector, attributes = EXCLUDED.attributes,
                   created_at = EXCLUDED.created_at""";
    private static final String CANDIDATES = """
            SELECT id, vector, attributes FROM vector_fallback_entry
             WHERE collection = ? AND tenant_id = ? AND dimension = ? AND attributes @> ?::jsonb""";
    private static final String REMOVE_TENANT = "DELETE FROM vector_fallback_entry WHERE collection = ? AND tenant_id = ?";

    private final DataSource dataSource;
    private final int dimension;

    /** The table must exist: the application's Flyway run creates it from {@code db/migration/aiworkers}. */
    public TableVectorIndex(DataSource dataSource, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.dataSource = dataSource;
        this.dimension = dimension;
    }

    @Override
    public String kind() {
        return "table (exact search in the JVM)";
    }

    @Override
    public void add(String collection, String tenantId, String id, float[] vector, Map<String, String> attributes) {
        String attributesJson = json(VectorArguments.entry(collection, tenantId, id, vector, dimension, attributes));
        update(UPSERT, statement -> {
            statement.setString(1, collection);
            statement.setString(2, tenantId);
            statement.setString(3, id);
            statement.setInt(4, vector.length);
            statement.setBytes(5, toBytes(vector));
            statement.setString(6, attributesJson);
        });
    }

    @Override
    public List<VectorMatch> search(String collection, String tenantId, float[] query, double minSimilarity,
                                    int maxResults, Map<String, String> requiredAttributes) {
        String required = json(VectorArguments.search(collection, tenantId, query, dimension, minSimilarity, maxResults,
                requiredAttributes));
        double queryNorm = norm(query);
        // the worst of the best maxResults on top, so it is the one to drop
        PriorityQueue<VectorMatch> best = new PriorityQueue<>(Comparator.comparingDouble(VectorMatch::similarity));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CANDIDATES)) {
            statement.setString(1, collection);
            statement.setString(2, tenantId);
            statement.setInt(3, dimension);
            statement.setString(4, required);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    double similarity = cosine(query, queryNorm, rows.getBytes(2));
                    if (similarity < minSimilarity) {
                        continue;
                    }
                    if (best.size() < maxResults) {
                        best.add(new VectorMatch(rows.getString(1), similarity, attributes(rows.getString(3))));
                    } else if (similarity > best.peek().similarity()) {
                        best.poll();
                        best.add(new VectorMatch(rows.getString(1), similarity, attributes(rows.getString(3))));
                    }
                }
            }
            endReadOnly(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Vector search in " + collection + " failed: " + e.getMessage(), e);
        }
        List<VectorMatch> result = new ArrayList<>(best);
        result.sort(Comparator.comparingDouble(VectorMatch::similarity).reversed().thenComparing(VectorMatch::id));
        return List.copyOf(result);
    }

    @Override
    public void removeTenant(String collection, String tenantId) {
        VectorArguments.collection(collection);
        VectorArguments.tenant(tenantId);
        update(REMOVE_TENANT, statement -> {
            statement.setString(1, collection);
            statement.setString(2, tenantId);
        });
    }

    /** Cosine of the query with a stored vector; the stored norm is computed on the fly, one pass with the dot product. */
    static double cosine(float[] query, double queryNorm, byte[] stored) {
        ByteBuffer buffer = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
        double dot = 0;
        double squares = 0;
        for (float q : query) {
            float s = buffer.getFloat();
            dot += (double) q * s;
            squares += (double) s * s;
        }
        double similarity = dot / (queryNorm * Math.sqrt(squares));
        return Math.max(-1.0, Math.min(1.0, similarity));
    }

    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float component : vector) {
            buffer.putFloat(component);
        }
        return buffer.array();
    }

    private static double norm(float[] vector) {
        double squares = 0;
        for (float component : vector) {
            squares += (double) component * component;
        }
        return Math.sqrt(squares);
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Runs one write; commits it itself when the pool hands out connections without auto-commit. */
    private void update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                statement.executeUpdate();
                if (!autoCommit) {
                    connection.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    connection.rollback();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Vector storage write failed: " + e.getMessage(), e);
        }
    }

    private static void endReadOnly(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
    }

    private static String json(Map<String, String> attributes) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(attributes));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON", e);
        }
    }

    private static Map<String, String> attributes(String json) {
        try {
            return JSON.readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not a JSON object of strings: " + json, e);
        }
    }
}
