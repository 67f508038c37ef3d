package io.assistantcore.ai.vector;

import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A PostgreSQL with the {@code vector} extension for the pgvector tests, chosen once per JVM:
 * <ol>
 *     <li>{@code PGVECTOR_TEST_URL} (environment or system property; user and password {@code postgres} unless
 *     {@code PGVECTOR_TEST_USERNAME} / {@code PGVECTOR_TEST_PASSWORD} say otherwise), e.g. the pglite server CI starts;</li>
 *     <li>otherwise a Testcontainers {@code pgvector/pgvector:pg17} when a Docker engine is reachable;</li>
 *     <li>otherwise none: {@link #dataSource()} skips the calling test and says why.</li>
 * </ol>
 * The tests share the one database and keep apart by table names of their own ({@link #freshTablePrefix()}).
 */
public final class PgVectorTestDatabase {

    static final String SKIP_REASON = "pgvector tests skipped: set PGVECTOR_TEST_URL or run with Docker";

    private static DataSource dataSource;
    private static String source;
    private static boolean chosen;
    private static boolean skipReported;

    private PgVectorTestDatabase() {
    }

    /** The pgvector database, or the calling test is skipped (the reason goes to stdout too). */
    public static synchronized DataSource dataSource() {
        if (!chosen) {
            chosen = true;
            choose();
        }
        if (dataSource == null && !skipReported) {
            skipReported = true;
            System.out.println(SKIP_REASON);
        }
        assumeTrue(dataSource != null, SKIP_REASON);
        return dataSource;
    }

    /** Where the pgvector database comes from, for messages. */
    static synchronized String source() {
        return source;
    }

    /** A table prefix no earlier run used, so reruns against the same server do not collide. */
    public static String freshTablePrefix() {
        return "vt" + Long.toString(System.currentTimeMillis(), 36) + Integer.toString((int) (Math.random() * 1296), 36) + "_";
    }

    /** Drops the tables a test run made; they are only test data. */
    static void dropTables(String prefix) {
        if (dataSource == null) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = "
                    + "current_schema() AND tablename LIKE '" + prefix.replace("_", "\\_") + "%'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            System.out.println("could not drop the test tables " + prefix + "*: " + e.getMessage());
        }
    }

    private static void choose() {
        String url = setting("PGVECTOR_TEST_URL");
        if (url != null && !url.isBlank()) {
            dataSource = simple(url, orDefault(setting("PGVECTOR_TEST_USERNAME"), "postgres"),
                    orDefault(setting("PGVECTOR_TEST_PASSWORD"), "postgres"));
            source = "PGVECTOR_TEST_URL";
            return;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                    DockerImageName.parse("pgvector/pgvector:pg17").asCompatibleSubstituteFor("postgres"));
            container.start();
            dataSource = simple(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            source = "Testcontainers (pgvector/pgvector:pg17)";
        }
    }

    private static DataSource simple(String url, String username, String password) {
        PGSimpleDataSource simple = new PGSimpleDataSource();
        simple.setURL(url);
        simple.setUser(username);
        simple.setPassword(password);
        return simple;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
