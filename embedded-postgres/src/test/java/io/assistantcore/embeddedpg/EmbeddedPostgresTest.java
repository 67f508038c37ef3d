package io.assistantcore.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("scratch"), server.username(),
                server.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("scratch");
        }
        server.close();

        assertThat(Files.exists(data)).isFalse();
        assertThatThrownBy(() -> connect(server)).isInstanceOf(SQLException.class);
    }

    @Test
    void aTemporaryServerIsStoppedAndDeletedOnceItsJvmIsGoneEvenWhenKilled() throws Exception {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"),
                TemporaryServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String line;
        try (var output = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            line = output.readLine();
            while (line != null && !line.matches("\\d+ /.*")) {
                line = output.readLine();
            }
        }
        assertThat(line).as("the child JVM started a server").isNotNull();
        int port = Integer.parseInt(line.substring(0, line.indexOf(' ')));
        Path data = Path.of(line.substring(line.indexOf(' ') + 1));
        assertThat(listening(port)).isTrue();

        child.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while ((listening(port) || Files.exists(data)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(listening(port)).as("the server stopped").isFalse();
        assertThat(data).as("its data was deleted").doesNotExist();
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aSuspendedServerRefusesConnectionsAndResumesOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.startTemporary()) {
            try (Connection c = connect(server); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
            }
            int port = server.port();
            server.suspend();
            assertThat(server.running()).isFalse();
            assertThatThrownBy(() -> connect(server)).isInstanceOf(SQLException.class);
            server.resume();
            assertThat(server.running()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            try (Connection c = connect(server); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        try (EmbeddedPostgres server = EmbeddedPostgres.startTemporary()) {
            assertThatThrownBy(() -> server.createDatabaseIfMissing("x; DROP DATABASE postgres"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("identifier");
        }
    }

    @Test
    void everyConnectionNeedsTheGeneratedPasswordKeptOwnerOnlyInTheDataDirectory(@TempDir Path dataRoot)
            throws Exception {
        Path data = dataRoot.resolve("postgres");
        try (EmbeddedPostgres server = EmbeddedPostgres.start(data, 0)) {
            Path passwordFile = data.resolve(EmbeddedPostgres.PASSWORD_FILE);
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(server.password()).hasSizeGreaterThan(30);
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(server.jdbcUrl("postgres")).startsWith("jdbc:postgresql://127.0.0.1:");

            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", ""))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "guess"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            try (Connection c = connect(server); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), "
                         + "(SELECT bool_and(auth_method = 'scram-sha-256') FROM pg_hba_file_rules)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void aDataDirectoryCreatedWithTrustGetsAPasswordAndKeepsItsData(@TempDir Path dataRoot) throws Exception {
        Path data = dataRoot.resolve("postgres");
        try (EmbeddedPostgres server = EmbeddedPostgres.start(data, 0);
             Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (name text)");
            s.execute("INSERT INTO survivor VALUES ('from the trust days')");
            s.execute("ALTER ROLE postgres PASSWORD NULL");
        }
        // What an earlier version left: trust for everyone on loopback, no password file, no password.
        Files.writeString(data.resolve("pg_hba.conf"), """
                local all all trust
                host  all all 127.0.0.1/32 trust
                host  all all ::1/128 trust
                """);
        Files.delete(data.resolve(EmbeddedPostgres.PASSWORD_FILE));

        try (EmbeddedPostgres server = EmbeddedPostgres.start(data, 0)) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", ""))
                    .isInstanceOf(SQLException.class);
            try (Connection c = connect(server); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM survivor")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("from the trust days");
            }
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
        }
    }

    @Test
    void aSecondLauncherOnTheSameDirectoryRefusesAndLeavesTheRunningServerAlone(@TempDir Path dataRoot)
            throws Exception {
        Path data = dataRoot.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(data, 0)) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(data, 0))
                    .isInstanceOf(EmbeddedPostgres.DataDirectoryInUseException.class)
                    .hasMessageContaining(data.toString())
                    .hasMessageContaining("in use");
            try (Connection c = connect(first); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        // released with the first one
        try (EmbeddedPostgres again = EmbeddedPostgres.start(data, 0); Connection c = connect(again)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aSecondProcessOnTheSameDirectoryRefusesToStart(@TempDir Path dataRoot) throws Exception {
        Path data = dataRoot.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(data, 0)) {
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SecondLauncher.class.getName(), data.toString())
                    .redirectErrorStream(true).start();
            String output = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor()).as(output).isEqualTo(3);
            assertThat(output).contains(data.toString()).contains("in use");
            try (Connection c = connect(first)) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    /** Started as its own JVM by the test above. */
    public static final class SecondLauncher {
        public static void main(String[] args) {
            try (EmbeddedPostgres ignored = EmbeddedPostgres.start(Path.of(args[0]), 0)) {
                System.exit(0);
            } catch (EmbeddedPostgres.DataDirectoryInUseException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

    private static Connection connect(EmbeddedPostgres server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
    }
}
