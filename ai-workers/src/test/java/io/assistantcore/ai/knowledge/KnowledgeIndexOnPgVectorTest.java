package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.KnowledgeIndex.Found;
import io.assistantcore.ai.knowledge.KnowledgeIndex.Scope;
import io.assistantcore.ai.knowledge.KnowledgeIndex.StoredChunk;
import io.assistantcore.ai.vector.PgVectorTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.postgresql.PGConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The knowledge chunks on a real pgvector ({@link PgVectorTestDatabase}: {@code PGVECTOR_TEST_URL}, which CI points
 * at PGlite with pgvector, or Testcontainers; skipped with the reason otherwise): migration {@code V241} adds the
 * {@code vector(384)} column and the HNSW index, {@link KnowledgeIndex} searches through them, within the tenant,
 * only ready chunks and only vectors of the query's model; a model of another dimension is searched exactly in the
 * JVM beside it. The migrations run in a schema of their own (the extension's type resolves from {@code public}).
 * The test names its rows itself, so it can run against a database other tests share.
 */
class KnowledgeIndexOnPgVectorTest {

    private static final int DIMENSION = 384;
    private static final String MODEL = KnowledgeConfiguration.IN_JAR_MODEL;

    private static DataSource pgvector;
    private static String schema;
    private static DataSource dataSource;
    private static KnowledgeIndex index;

    @BeforeAll
    static void migrate() throws Exception {
        pgvector = PgVectorTestDatabase.dataSource();
        schema = "kc_" + PgVectorTestDatabase.freshTablePrefix().toLowerCase();
        schema = schema.substring(0, schema.length() - 1);
        try (Connection connection = pgvector.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
            statement.execute("CREATE SCHEMA " + schema);
        }
        dataSource = new DelegatingDataSource(pgvector) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                // PGlite serves every connection from one session, where named server-side statements of
                // different connections collide ("S_1 already exists"): unnamed statements only
                connection.unwrap(PGConnection.class).setPrepareThreshold(0);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET search_path TO " + schema + ", public");
                }
                return connection;
            }
        };
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(migration("V240__knowledge_chunks.sql"));
        jdbc.execute(migration("V241__knowledge_chunk_pgvector.sql"));
        index = new KnowledgeIndex(dataSource);
    }

    @AfterAll
    static void drop() throws SQLException {
        if (schema != null && pgvector != null) {
            try (Connection connection = pgvector.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                // PGlite's one session is shared by the tests after this one
                statement.execute("RESET search_path");
            }
        }
    }

    @Test
    void theMigrationAddsTheVectorColumnAndItsHnswIndexAndSearchesUseThem() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(index.usesPgvector()).isTrue();
        assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = "
                + "'knowledge_chunk_hnsw'", String.class, schema)).contains("hnsw").contains("vector_cosine_ops");

        Random random = new Random(7);
        float[] target = unit(random, DIMENSION);
        List<StoredChunk> acme = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            float[] vector = i == 0 ? target : i == 1 ? near(target, random, 0.3f) : unit(random, DIMENSION);
            acme.add(chunk("acme", "doc-a", i, vector, MODEL));
        }
        index.add(acme);
        index.markReady("acme", "doc-a", MODEL);
        // another tenant's exact match, and a document of acme that is not ready yet
        index.add(List.of(chunk("globex", "doc-g", 0, target, MODEL)));
        index.markReady("globex", "doc-g", MODEL);
        index.add(List.of(chunk("acme", "doc-pending", 0, target, MODEL)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM knowledge_chunk WHERE embedding_vector IS NOT NULL",
                Integer.class)).isEqualTo(32);

        List<Found> found = index.nearest(Scope.knowledge("acme"), MODEL, target, 3);
        assertThat(found).extracting(Found::chunkId).startsWith("doc-a:0", "doc-a:1");
        assertThat(found.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(found).allMatch(f -> f.fileId().equals("doc-a"));
        assertThat(index.nearest(Scope.knowledge("globex"), MODEL, target, 5)).extracting(Found::chunkId)
                .containsExactly("doc-g:0");
        // vectors of another model are not compared, even of the same dimension
        assertThat(index.nearest(Scope.knowledge("acme"), "openai:other-384", target, 3)).isEmpty();

        // the planner can order by cosine distance from the HNSW index (with a tenant filter and this few rows it
        // rightly prefers the tenant's b-tree index, so the plan is asked for without one)
        String plan = String.join("\n", jdbc.execute((Connection connection) -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                List<String> lines = new ArrayList<>();
                try (var rows = statement.executeQuery("EXPLAIN SELECT chunk_id FROM knowledge_chunk "
                        + "ORDER BY embedding_vector <=> CAST('" + literal(target) + "' AS vector) LIMIT 3")) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
                statement.execute("SET enable_seqscan = on");
                return lines;
            }
        }));
        assertThat(plan).contains("knowledge_chunk_hnsw");
    }

    @Test
    void aModelOfAnotherDimensionIsSearchedExactlyBesideTheVectorColumn() {
        Random random = new Random(11);
        float[] target = unit(random, 8);
        List<StoredChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chunks.add(chunk("initech", "doc-p", i, i == 3 ? target : unit(random, 8), "openai:small-8"));
        }
        index.add(chunks);
        index.markReady("initech", "doc-p", "openai:small-8");
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM knowledge_chunk WHERE "
                + "tenant_id = 'initech' AND embedding_vector IS NULL", Integer.class)).isEqualTo(5);
        List<Found> found = index.nearest(Scope.knowledge("initech"), "openai:small-8", target, 2);
        assertThat(found.get(0).chunkId()).isEqualTo("doc-p:3");
    }

    private static StoredChunk chunk(String tenant, String file, int ordinal, float[] vector, String model) {
        return new StoredChunk(file + ":" + ordinal, tenant, file, "KNOWLEDGE", null, ordinal, file + ".txt", null,
                null, "chunk " + ordinal + " of " + file, model, vector);
    }

    private static float[] unit(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return normalised(vector);
    }

    private static float[] near(float[] base, Random random, float noise) {
        float[] vector = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            vector[i] = base[i] + noise * (float) random.nextGaussian() / (float) Math.sqrt(base.length);
        }
        return normalised(vector);
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return vector;
    }

    private static String literal(float[] vector) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            out.append(i == 0 ? "" : ",").append(vector[i]);
        }
        return out.append(']').toString();
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = KnowledgeIndexOnPgVectorTest.class.getClassLoader()
                .getResourceAsStream("db/migration/aiworkers/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
