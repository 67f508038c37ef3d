package io.assistantcore.ai.cache;

import io.assistantcore.ai.vector.PgVectorIndex;
import io.assistantcore.ai.vector.PgVectorTestDatabase;
import io.assistantcore.ai.vector.VectorIndex;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The cache on a real pgvector ({@code PGVECTOR_TEST_URL}, Testcontainers, or skipped with the reason): the
 * semantic lookups go through langchain4j's PgVectorEmbeddingStore.
 */
class ResponseCacheOnPgVectorTest extends ResponseCacheContract {

    private static DataSource dataSource;
    private static PgVectorIndex vectors;

    @BeforeAll
    static void database() throws IOException, SQLException {
        synchronized (ResponseCacheOnPgVectorTest.class) {
            if (dataSource == null) {
                DataSource pgvector = PgVectorTestDatabase.dataSource();
                try (InputStream sql = ResponseCacheOnPgVectorTest.class.getResourceAsStream(
                        "/db/migration/aiworkers/V201__response_cache.sql");
                     Connection connection = pgvector.getConnection();
                     Statement statement = connection.createStatement()) {
                    String ddl = new String(sql.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("CREATE TABLE response_cache_entry", "CREATE TABLE IF NOT EXISTS response_cache_entry");
                    statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
                    statement.execute(ddl);
                }
                vectors = new PgVectorIndex(pgvector, 384, PgVectorTestDatabase.freshTablePrefix());
                dataSource = pgvector;
            }
        }
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }

    @Override
    VectorIndex vectorIndex() {
        return vectors;
    }
}
