package io.assistantcore.ai.vector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PgVectorIndex} on a real PostgreSQL with pgvector ({@link PgVectorTestDatabase}); skipped, with the reason,
 * where there is none.
 */
class PgVectorIndexTest extends VectorIndexContract {

    private static String prefix;
    private static DataSource dataSource;
    private static PgVectorIndex index;

    /** Per test rather than per class, so that a skip shows up as skipped tests in the counts. */
    @BeforeEach
    void database() throws SQLException {
        if (index != null) {
            return;
        }
        dataSource = PgVectorTestDatabase.dataSource();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
        }
        prefix = PgVectorTestDatabase.freshTablePrefix();
        index = new PgVectorIndex(dataSource, DIMENSION, prefix);
    }

    @AfterAll
    static void dropTables() {
        if (prefix != null) {
            PgVectorTestDatabase.dropTables(prefix);
        }
    }

    @Override
    protected VectorIndex index() {
        return index;
    }

    @Test
    void namesItsKind() {
        assertThat(index.kind()).isEqualTo("pgvector");
    }

    @Test
    void keepsOneTablePerCollectionWithTheTenantInTheMetadata() throws SQLException {
        index.add("per_table", "tenant-a", "x", new float[]{1, 0, 0, 0}, Map.of("k", "v"));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT text, metadata->>'" + PgVectorIndex.TENANT_KEY
                     + "', metadata->>'k' FROM " + index.tableName("per_table"))) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("x");
            assertThat(rows.getString(2)).isEqualTo("tenant-a");
            assertThat(rows.getString(3)).isEqualTo("v");
            assertThat(rows.next()).isFalse();
        }
        assertThat(index.tableName("per_table")).isEqualTo(prefix + "per_table");
    }

    @Test
    void keysAreNameBasedPerTenant() {
        assertThat(PgVectorIndex.key("t1", "id")).isEqualTo(PgVectorIndex.key("t1", "id"));
        assertThat(PgVectorIndex.key("t1", "id")).isNotEqualTo(PgVectorIndex.key("t2", "id"));
        assertThat(PgVectorIndex.key("a:b", "c")).isNotEqualTo(PgVectorIndex.key("a", "b:c"));
    }
}
