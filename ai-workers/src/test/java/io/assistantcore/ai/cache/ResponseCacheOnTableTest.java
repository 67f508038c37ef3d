package io.assistantcore.ai.cache;

import io.assistantcore.ai.vector.TableVectorIndex;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/** The cache on the plain test PostgreSQL, its vectors in the fallback table (the embedded default's case). */
class ResponseCacheOnTableTest extends ResponseCacheContract {

    private static PGSimpleDataSource dataSource;
    private static TableVectorIndex vectors;

    @BeforeAll
    static void database() {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/aiworkers").load().migrate();
        vectors = new TableVectorIndex(dataSource, 384);
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
