package io.assistantcore.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresTest {

    @Test
    void keepsDataAcrossRestartsOfThePersistentServer(@TempDir Path dataRoot) throws Exception {
        Path data = dataRoot.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(data, 0)) {
            try (Connection c = connect(first); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE survivor (name text)");
                s.execute("INSERT INTO survivor VALUES ('still here')");
            }
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();

        try (EmbeddedPostgres second = EmbeddedPostgres.start(data, 0);
             Connection c = connect(second); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void temporaryServerDeletesItsDataAndStopsListening() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.startTemporary();
        Path data = server.dataDirectory();
        server.createDatabaseIfMissing("scratch");
        server.createDatabaseIfMissing("scratch");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("scratch"), server.username(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("scratch");
        }
        server.close();

        assertThat(Files.exists(data)).isFalse();
        assertThatThrownBy(() -> connect(server)).isInstanceOf(SQLException.class);
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        try (EmbeddedPostgres server = EmbeddedPostgres.startTemporary()) {
            assertThatThrownBy(() -> server.createDatabaseIfMissing("x; DROP DATABASE postgres"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("identifier");
        }
    }

    private static Connection connect(EmbeddedPostgres server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), "");
    }
}
