package io.assistantcore.testsupport;

import io.assistantcore.embeddedpg.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server every integration test of every module runs against, chosen once per JVM:
 * <ol>
 *     <li>{@code TEST_DATABASE_URL} (environment or system property) when set, with optional
 *     {@code TEST_DATABASE_USERNAME} / {@code TEST_DATABASE_PASSWORD};</li>
 *     <li>otherwise a Testcontainers PostgreSQL when a Docker engine is reachable;</li>
 *     <li>otherwise the same embedded PostgreSQL the application uses on its defaults.</li>
 * </ol>
 * Each {@link #freshDatabase()} is a new, empty database on that server, so test classes never see each other's
 * events or rows.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");
    private static volatile TestDatabase server;

    private final String source;
    private final String adminUrl;
    private final String username;
    private final String password;

    private TestDatabase(String source, String adminUrl, String username, String password) {
        this.source = source;
        this.adminUrl = adminUrl;
        this.username = username;
        this.password = password;
    }

    /** Coordinates of one database. */
    public record Coordinates(String jdbcUrl, String username, String password, String source) {

        /** A plain (unpooled) data source for this database. */
        public PGSimpleDataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(jdbcUrl);
            dataSource.setUser(username);
            dataSource.setPassword(password);
            return dataSource;
        }
    }

    /** A new empty database on the shared test server. */
    public static Coordinates freshDatabase() {
        return server().createDatabase("it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /**
     * A new database with the Flyway migrations of {@code migrationLocations} (e.g.
     * {@code "classpath:db/migration/projections"}) applied, as a plain (unpooled) data source.
     */
    public static DataSource freshMigratedDatabase(String... migrationLocations) {
        DataSource dataSource = freshDatabase().dataSource();
        Flyway.configure().dataSource(dataSource).locations(migrationLocations).load().migrate();
        return dataSource;
    }

    /** Which kind of server the tests run against, for log lines and skip messages. */
    public static String source() {
        return server().source;
    }

    private static TestDatabase server() {
        if (server == null) {
            synchronized (TestDatabase.class) {
                if (server == null) {
                    server = chooseServer();
                    log.info("Integration tests use PostgreSQL from {}", server.source);
                }
            }
        }
        return server;
    }

    private static TestDatabase chooseServer() {
        String url = setting("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase("TEST_DATABASE_URL", url, orDefault(setting("TEST_DATABASE_USERNAME"), "postgres"),
                    orDefault(setting("TEST_DATABASE_PASSWORD"), ""));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
            container.start();
            return new TestDatabase("Testcontainers (" + container.getDockerImageName() + ")", container.getJdbcUrl(),
                    container.getUsername(), container.getPassword());
        }
        EmbeddedPostgres embedded = EmbeddedPostgres.startTemporary();
        return new TestDatabase("embedded PostgreSQL", embedded.jdbcUrl("postgres"), embedded.username(),
                embedded.password());
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private Coordinates createDatabase(String name) {
        Matcher matcher = JDBC_URL.matcher(adminUrl);
        if (!matcher.matches()) {
            throw new IllegalStateException("TEST_DATABASE_URL must look like jdbc:postgresql://host:port/database, "
                    + "got " + adminUrl);
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
            if (source.equals("TEST_DATABASE_URL")) {
                dropAtExit(name);
            }
        } catch (SQLException e) {
            // A role without CREATEDB still gets a working, if shared, database.
            log.warn("Cannot create a separate test database ({}); tests share {}", e.getMessage(), adminUrl);
            return new Coordinates(adminUrl, username, password, source);
        }
        String url = matcher.group(1) + name + (matcher.group(3) == null ? "" : matcher.group(3));
        return new Coordinates(url, username, password, source);
    }

    /**
     * Databases on a server the developer owns are removed again; container and embedded servers vanish anyway. The
     * drop waits (at most {@link #DROP_WAIT}) until nothing else is connected to the database: shutdown hooks run side
     * by side, and Spring's closes the application contexts still using it, whose processors and pools would fail
     * and retry against a database dropped under them (and the JVM's exit would wait for them).
     */
    private void dropAtExit(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
                 Statement statement = connection.createStatement()) {
                long deadline = System.nanoTime() + DROP_WAIT.toNanos();
                while (System.nanoTime() < deadline && othersConnected(connection, name)) {
                    Thread.sleep(100);
                }
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                log.warn("Could not drop test database {}: {}", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "drop-" + name));
    }

    private static final java.time.Duration DROP_WAIT = java.time.Duration.ofSeconds(10);

    private static boolean othersConnected(Connection connection, String database) throws SQLException {
        try (var query = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            query.setString(1, database.toLowerCase(Locale.ROOT));
            try (var rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
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
