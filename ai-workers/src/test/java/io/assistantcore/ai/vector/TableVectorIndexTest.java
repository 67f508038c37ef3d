package io.assistantcore.ai.vector;

import io.assistantcore.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fallback on the plain test PostgreSQL, its table made by the module's Flyway migration. */
class TableVectorIndexTest extends VectorIndexContract {

    private static TableVectorIndex index;

    @BeforeAll
    static void database() {
        PGSimpleDataSource dataSource = dataSource(TestDatabase.freshDatabase());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/aiworkers").load().migrate();
        index = new TableVectorIndex(dataSource, DIMENSION);
    }

    static PGSimpleDataSource dataSource(TestDatabase.Coordinates db) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        return dataSource;
    }

    @Override
    protected VectorIndex index() {
        return index;
    }

    @Test
    void namesItsKind() {
        assertThat(index.kind()).isEqualTo("table (exact search in the JVM)");
    }

    @Test
    void cosineOfStoredBytesMatchesTheDefinition() {
        float[] a = {0.3f, -1.2f, 2.5f, 0.01f};
        float[] b = {1.1f, 0.4f, -0.7f, 3.0f};
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        double expected = dot / Math.sqrt(na * nb);

        assertThat(TableVectorIndex.cosine(a, Math.sqrt(na), TableVectorIndex.toBytes(b)))
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void keepsTheBestAmongManyCandidates() {
        String tenant = "many-" + System.nanoTime();
        for (int i = 0; i < 300; i++) {
            index.add(CACHE, tenant, "e" + i, new float[]{1, i / 100f, 0, 0}, Map.of("i", Integer.toString(i)));
        }

        assertThat(index.search(CACHE, tenant, new float[]{1, 0, 0, 0}, -1, 3, Map.of()))
                .extracting(VectorMatch::id).containsExactly("e0", "e1", "e2");
        assertThat(index.search(CACHE, tenant, new float[]{0, 1, 0, 0}, -1, 2, Map.of()))
                .extracting(VectorMatch::id).containsExactly("e299", "e298");
    }
}
