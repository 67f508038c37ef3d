package io.assistantcore.embeddedpg;

/** Starts a temporary server, prints its port and data directory, then waits to be ended (for a test's child JVM). */
public final class TemporaryServerMain {

    private TemporaryServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgres server = EmbeddedPostgres.startTemporary();
        System.out.println(server.port() + " " + server.dataDirectory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
