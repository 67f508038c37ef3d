package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.vector.UnitVectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The chunks of the tenants' documents and the searches over them (table {@code knowledge_chunk}). Every search
 * names the tenant in its SQL, and only chunks of fully indexed documents ({@code ready}) are found. Vector search
 * runs in PostgreSQL with pgvector's HNSW index when the migration could add the vector column, otherwise exactly
 * in the JVM over the tenant's rows; keyword search is PostgreSQL full-text search (any of the question's words,
 * ranked by {@code ts_rank_cd}).
 */
public class KnowledgeIndex {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeIndex.class);

    /** A chunk to store. */
    public record StoredChunk(String chunkId, String tenantId, String fileId, String scope, String conversationId,
                              int ordinal, String title, String section, Integer page, String text, String model,
                              float[] embedding) {
    }

    /** A chunk found: its similarity to the query (cosine, or the keyword rank for keyword hits). */
    public record Found(String chunkId, String fileId, String title, String section, Integer page, String text,
                        double score) {
    }

    /** Where to search: the tenant's knowledge documents, or files attached to one conversation. */
    public record Scope(String tenantId, String conversationId, List<String> fileIds) {

        public static Scope knowledge(String tenantId) {
            return new Scope(tenantId, null, List.of());
        }

        boolean attachments() {
            return !fileIds.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final boolean pgvector;
    private final int pgvectorDimension;

    public KnowledgeIndex(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        Integer dimension = null;
        try {
            dimension = jdbc.query("""
                    SELECT atttypmod FROM pg_attribute WHERE attrelid = 'knowledge_chunk'::regclass
                    AND attname = 'embedding_vector' AND NOT attisdropped""", (rs, n) -> rs.getInt(1))
                    .stream().findFirst().orElse(null);
        } catch (RuntimeException e) {
            log.warn("Could not tell whether knowledge chunks have a vector column: {}", e.toString());
        }
        this.pgvector = dimension != null;
        this.pgvectorDimension = dimension == null ? -1 : dimension;
        log.info("Knowledge vector search: {}", pgvector ? "pgvector (HNSW, cosine)" : "exact, in the JVM");
    }

    public boolean usesPgvector() {
        return pgvector;
    }

    public void add(List<StoredChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        boolean vectorColumn = pgvector && chunks.get(0).embedding().length == pgvectorDimension;
        String sql = "INSERT INTO knowledge_chunk (chunk_id, tenant_id, file_id, scope, conversation_id, ordinal, "
                + "title, section, page, text, embedding_model, dimension, embedding"
                + (vectorColumn ? ", embedding_vector" : "") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + (vectorColumn ? ", CAST(? AS vector)" : "") + ") ON CONFLICT (chunk_id) DO NOTHING";
        jdbc.batchUpdate(sql, chunks, chunks.size(), (statement, chunk) -> {
            statement.setString(1, chunk.chunkId());
            statement.setString(2, chunk.tenantId());
            statement.setString(3, chunk.fileId());
            statement.setString(4, chunk.scope());
            statement.setString(5, chunk.conversationId());
            statement.setInt(6, chunk.ordinal());
            statement.setString(7, chunk.title());
            statement.setString(8, chunk.section());
            statement.setObject(9, chunk.page());
            statement.setString(10, chunk.text());
            statement.setString(11, chunk.model());
            statement.setInt(12, chunk.embedding().length);
            statement.setBytes(13, bytes(chunk.embedding()));
            if (vectorColumn) {
                statement.setString(14, literal(chunk.embedding()));
            }
        });
    }

    /** Makes the document's chunks searchable, all at once. */
    public void markReady(String tenantId, String fileId) {
        jdbc.update("UPDATE knowledge_chunk SET ready = true WHERE tenant_id = ? AND file_id = ?", tenantId, fileId);
    }

    /**
     * Makes the document's chunks of {@code model} searchable, all at once, and removes its chunks of any other
     * model (those of an earlier indexing with the model that was configured before).
     */
    public void markReady(String tenantId, String fileId, String model) {
        jdbc.update("UPDATE knowledge_chunk SET ready = true WHERE tenant_id = ? AND file_id = ? "
                + "AND embedding_model = ?", tenantId, fileId, model);
        jdbc.update("DELETE FROM knowledge_chunk WHERE tenant_id = ? AND file_id = ? AND embedding_model <> ?",
                tenantId, fileId, model);
    }

    /** Documents with searchable chunks embedded with another model than {@code model}: to be indexed again. */
    public List<String> filesEmbeddedWithOtherModels(String model, int limit) {
        // in random order: documents that refuse to be indexed again (it failed with this model before) keep their
        // rows and must not take every place in the batch
        return jdbc.queryForList("SELECT file_id FROM (SELECT DISTINCT file_id FROM knowledge_chunk WHERE ready "
                + "AND embedding_model <> ?) f ORDER BY random() LIMIT ?", String.class, model, limit);
    }

    /** Removes every chunk (and vector) of the file; answers how many. */
    public int remove(String tenantId, String fileId) {
        return jdbc.update("DELETE FROM knowledge_chunk WHERE tenant_id = ? AND file_id = ?", tenantId, fileId);
    }

    /**
     * Removes the chunks of the file not yet searchable: what a failed indexing wrote. The searchable ones of an
     * earlier indexing (a document being indexed again with another model) stay. Answers how many.
     */
    public int removeUnready(String tenantId, String fileId) {
        return jdbc.update("DELETE FROM knowledge_chunk WHERE tenant_id = ? AND file_id = ? AND NOT ready",
                tenantId, fileId);
    }

    public int count(String tenantId, String fileId) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM knowledge_chunk WHERE tenant_id = ? AND file_id = ?",
                Integer.class, tenantId, fileId);
        return n == null ? 0 : n;
    }

    /**
     * The chunks of the scope nearest the query vector, best first, cosine similarity as the score; only chunks
     * embedded with {@code model} (the query's) are compared.
     */
    public List<Found> nearest(Scope scope, String model, float[] query, int limit) {
        float[] unit = UnitVectors.unit(query);
        if (pgvector && unit.length == pgvectorDimension) {
            return jdbc.execute((Connection connection) -> {
                String sql = "SELECT chunk_id, file_id, title, section, page, text, "
                        + "1 - (embedding_vector <=> CAST(? AS vector)) AS score FROM knowledge_chunk WHERE "
                        + where(scope) + " AND embedding_model = ? AND embedding_vector IS NOT NULL "
                        + "ORDER BY embedding_vector <=> CAST(? AS vector) LIMIT ?";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int i = 1;
                    statement.setString(i++, literal(unit));
                    i = bind(statement, i, scope, connection);
                    statement.setString(i++, model);
                    statement.setString(i++, literal(unit));
                    statement.setInt(i, limit);
                    List<Found> found = new ArrayList<>();
                    try (var rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.add(new Found(rows.getString(1), rows.getString(2), rows.getString(3),
                                    rows.getString(4), (Integer) rows.getObject(5), rows.getString(6),
                                    rows.getDouble(7)));
                        }
                    }
                    return found;
                }
            });
        }
        PriorityQueue<Found> best = new PriorityQueue<>(Comparator.comparingDouble(Found::score));
        jdbc.execute((Connection connection) -> {
            String sql = "SELECT chunk_id, file_id, title, section, page, text, embedding FROM knowledge_chunk WHERE "
                    + where(scope) + " AND embedding_model = ? AND dimension = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = bind(statement, 1, scope, connection);
                statement.setString(i++, model);
                statement.setInt(i, unit.length);
                statement.setFetchSize(500);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        double score = dot(unit, rows.getBytes(7));
                        if (best.size() < limit || score > best.peek().score()) {
                            best.add(new Found(rows.getString(1), rows.getString(2), rows.getString(3),
                                    rows.getString(4), (Integer) rows.getObject(5), rows.getString(6), score));
                            if (best.size() > limit) {
                                best.poll();
                            }
                        }
                    }
                }
            }
            return null;
        });
        List<Found> sorted = new ArrayList<>(best);
        sorted.sort(Comparator.comparingDouble(Found::score).reversed());
        return sorted;
    }

    /** The chunks of the scope that contain any of the query's words, best ranked first. */
    public List<Found> keyword(Scope scope, String query, int limit) {
        return jdbc.execute((Connection connection) -> {
            String sql = "WITH q AS (SELECT CAST(NULLIF(replace(CAST(plainto_tsquery('english', ?) AS text), '&', '|'), '') "
                    + "AS tsquery) AS query) SELECT chunk_id, file_id, title, section, page, text, "
                    + "ts_rank_cd(tsv, q.query) AS score FROM knowledge_chunk, q WHERE q.query IS NOT NULL AND tsv @@ q.query AND "
                    + where(scope) + " ORDER BY score DESC, chunk_id LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, query);
                int i = bind(statement, 2, scope, connection);
                statement.setInt(i, limit);
                List<Found> found = new ArrayList<>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Found(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), (Integer) rows.getObject(5), rows.getString(6),
                                rows.getDouble(7)));
                    }
                }
                return found;
            }
        });
    }

    /**
     * A word of a question as PostgreSQL's English full-text configuration reduces it (stemmed, stop words dropped),
     * whether any searchable chunk of the scope contains it, and which of the given chunks do.
     */
    public record Term(String lexeme, boolean inScope, List<String> inChunks) {
    }

    /** The question's words (stemmed, stop words dropped) and where they occur: in the scope, in these chunks. */
    public List<Term> terms(Scope scope, String question, List<String> chunkIds) {
        return jdbc.execute((Connection connection) -> {
            String sql = "SELECT l.lexeme, EXISTS (SELECT 1 FROM knowledge_chunk WHERE " + where(scope)
                    + " AND tsv @@ to_tsquery('simple', quote_literal(l.lexeme))), "
                    + "ARRAY(SELECT chunk_id FROM knowledge_chunk WHERE chunk_id = ANY(?) AND tenant_id = ? "
                    + "AND tsv @@ to_tsquery('simple', quote_literal(l.lexeme))) "
                    + "FROM unnest(to_tsvector('english', ?)) AS l";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = bind(statement, 1, scope, connection);
                statement.setArray(i++, connection.createArrayOf("text", chunkIds.toArray()));
                statement.setString(i++, scope.tenantId());
                statement.setString(i, question);
                List<Term> terms = new ArrayList<>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Array in = rows.getArray(3);
                        terms.add(new Term(rows.getString(1), rows.getBoolean(2),
                                in == null ? List.of() : List.of((String[]) in.getArray())));
                    }
                }
                return terms;
            }
        });
    }

    /**
     * Each word as PostgreSQL's English full-text configuration reduces it (its first lexeme), null for a stop word:
     * which words of a question a {@link Term} stands for.
     */
    public List<String> stems(List<String> words) {
        return perText("SELECT (SELECT min(l.lexeme) FROM unnest(to_tsvector('english', w.word)) AS l) "
                + "FROM unnest(?) WITH ORDINALITY AS w(word, n) ORDER BY w.n", words, (rows, n) -> rows.getString(1));
    }

    /**
     * The lexemes of each text as PostgreSQL's English full-text configuration reduces it (as the chunks' own
     * {@code tsvector}): which of a question's words a sentence contains.
     */
    public List<Set<String>> lexemes(List<String> texts) {
        return perText("SELECT ARRAY(SELECT l.lexeme FROM unnest(to_tsvector('english', t.text)) AS l) "
                + "FROM unnest(?) WITH ORDINALITY AS t(text, n) ORDER BY t.n", texts, (rows, n) -> {
            Array lexemes = rows.getArray(1);
            return lexemes == null ? Set.<String>of() : new HashSet<>(List.of((String[]) lexemes.getArray()));
        });
    }

    /** One row per text, in the texts' order, from {@code sql} with the texts as its one array parameter. */
    private <T> List<T> perText(String sql, List<String> texts, RowMapper<T> column) {
        if (texts.isEmpty()) {
            return List.of();
        }
        return jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("text", texts.toArray()));
                List<T> out = new ArrayList<>(texts.size());
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        out.add(column.mapRow(rows, out.size()));
                    }
                }
                return out;
            }
        });
    }

    /** The texts of the first chunks of some files (a summary of an attachment), in document order. */
    public List<Found> firstChunks(Scope scope, int limit) {
        return jdbc.execute((Connection connection) -> {
            String sql = "SELECT chunk_id, file_id, title, section, page, text FROM knowledge_chunk WHERE "
                    + where(scope) + " ORDER BY file_id, ordinal LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = bind(statement, 1, scope, connection);
                statement.setInt(i, limit);
                List<Found> found = new ArrayList<>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Found(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), (Integer) rows.getObject(5), rows.getString(6), 1.0));
                    }
                }
                return found;
            }
        });
    }

    /** Reciprocal rank fusion (k = 60) of two rankings; each chunk keeps the score of the first ranking. */
    public static List<Found> fuse(List<Found> vector, List<Found> keyword, int limit) {
        Map<String, Double> fused = new HashMap<>();
        Map<String, Found> byId = new LinkedHashMap<>();
        for (int rank = 0; rank < vector.size(); rank++) {
            Found found = vector.get(rank);
            fused.merge(found.chunkId(), 1.0 / (60 + rank + 1), Double::sum);
            byId.putIfAbsent(found.chunkId(), found);
        }
        for (int rank = 0; rank < keyword.size(); rank++) {
            Found found = keyword.get(rank);
            fused.merge(found.chunkId(), 1.0 / (60 + rank + 1), Double::sum);
            byId.putIfAbsent(found.chunkId(), found);
        }
        return byId.values().stream()
                .sorted(Comparator.comparingDouble((Found found) -> fused.get(found.chunkId())).reversed())
                .limit(limit)
                .toList();
    }

    private static String where(Scope scope) {
        return scope.attachments()
                ? "tenant_id = ? AND ready AND scope = 'CONVERSATION' AND conversation_id = ? AND file_id = ANY(?)"
                : "tenant_id = ? AND ready AND scope = 'KNOWLEDGE'";
    }

    private static int bind(PreparedStatement statement, int index, Scope scope, Connection connection)
            throws SQLException {
        statement.setString(index++, scope.tenantId());
        if (scope.attachments()) {
            statement.setString(index++, scope.conversationId());
            Array ids = connection.createArrayOf("text", scope.fileIds().toArray());
            statement.setArray(index++, ids);
        }
        return index;
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static double dot(float[] unit, byte[] stored) {
        ByteBuffer buffer = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        for (float value : unit) {
            sum += value * buffer.getFloat();
        }
        return sum;
    }

    private static String literal(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(vector[i]);
        }
        return out.append(']').toString();
    }
}
