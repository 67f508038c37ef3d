package io.assistantcore.ai.vector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/** Chooses the vector storage the database allows. */
public final class VectorIndexes {

    private static final Logger log = LoggerFactory.getLogger(VectorIndexes.class);

    private VectorIndexes() {
    }

    /**
     * {@link PgVectorIndex} when the database has, or lets us create, the {@code vector} extension
     * ({@code CREATE EXTENSION IF NOT EXISTS vector}); otherwise {@link TableVectorIndex}, whose table the Flyway
     * migrations create. Logs the choice and its reason. The attempt runs in auto-commit or behind a savepoint, so a
     * failed {@code CREATE EXTENSION} leaves no aborted transaction on the pooled connection.
     */
    public static VectorIndex create(DataSource dataSource, int dimension) {
        Choice choice = choose(dataSource);
        VectorIndex index = choice.pgvector()
                ? new PgVectorIndex(dataSource, dimension)
                : new TableVectorIndex(dataSource, dimension);
        if (choice.pgvector()) {
            log.info("Vector storage: {} ({})", index.kind(), choice.reason());
        } else {
            log.info("Vector storage: {} because {}; for large collections use a PostgreSQL with the pgvector "
                    + "extension", index.kind(), choice.reason());
        }
        return index;
    }

    record Choice(boolean pgvector, String reason) {
    }

    static Choice choose(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            // Asked first, because the failed CREATE EXTENSION of a server without the extension reports a missing
            // file (SQLState 58P01), which the connection pool takes for a broken connection and closes.
            if (availableVersion(connection) == null) {
                finish(connection, connection.getAutoCommit());
                return new Choice(false, "the database offers no vector extension (pg_available_extensions has none)");
            }
            boolean autoCommit = connection.getAutoCommit();
            Savepoint savepoint = autoCommit ? null : connection.setSavepoint();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
            } catch (SQLException e) {
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
                Choice choice = new Choice(false, explainFailure(connection, e));
                finish(connection, autoCommit);
                return choice;
            }
            String version = installedVersion(connection);
            finish(connection, autoCommit);
            return new Choice(true, "extension vector " + version + " in the database");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to choose the vector storage: " + e.getMessage(), e);
        }
    }

    private static String explainFailure(Connection connection, SQLException failure) throws SQLException {
        String available = availableVersion(connection);
        if (available == null) {
            return "the database offers no vector extension (pg_available_extensions has none)";
        }
        return "the vector extension " + available + " is available but could not be created (" + firstLine(failure)
                + "); a superuser can run CREATE EXTENSION vector in this database";
    }

    private static String availableVersion(Connection connection) throws SQLException {
        return single(connection, "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'");
    }

    private static String installedVersion(Connection connection) throws SQLException {
        return single(connection, "SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Commits what the attempt did (an installed extension) when the connection is not in auto-commit. */
    private static void finish(Connection connection, boolean autoCommit) throws SQLException {
        if (!autoCommit) {
            connection.commit();
        }
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
