package io.assistantcore.platform.eventstore;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Hears when any node stores events: the event table's trigger (migration {@code V2}) sends a notification on
 * {@link #CHANNEL} at every commit that stored events, and this node's listener, on a connection of its own outside
 * the pool, wakes the event store's reader ({@code onEventsStored}), which then reads the store. The notification
 * carries nothing; the store stays the source of truth, so a notification that is lost or folded into another only
 * delays, until the next one or the event store's own slow poll.
 * <p>
 * A broken connection (a database restart) is reopened with a growing pause, and the reader is woken after every
 * (re)connect, for what was stored while nobody listened. A connection that has been quiet for a while is checked,
 * so a connection that died silently is noticed too.
 */
public final class EventNotificationListener implements AutoCloseable {

    /** The channel the event table's trigger notifies. */
    public static final String CHANNEL = "assistant_events";

    private static final Logger log = LoggerFactory.getLogger(EventNotificationListener.class);
    private static final int WAIT_MILLIS = 1000;
    private static final Duration CHECK_AFTER = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Callable<Connection> connections;
    private final Runnable onEventsStored;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean listening;
    private volatile long notifications;
    private volatile long connects;

    /**
     * @param connections    opens the dedicated connection (not one borrowed from the pool for good)
     * @param onEventsStored runs after each notification (several arriving at once count once) and after each connect
     */
    public EventNotificationListener(Callable<Connection> connections, Runnable onEventsStored) {
        this.connections = connections;
        this.onEventsStored = onEventsStored;
        this.thread = new Thread(this::listen, "event-notifications");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the listener holds a connection that listens now. */
    public boolean isListening() {
        return listening;
    }

    /** How many times the listener has connected (and begun to listen) since it started. */
    public long connects() {
        return connects;
    }

    /** How many batches of notifications it has received. */
    public long notifications() {
        return notifications;
    }

    private void listen() {
        long backoff = 200;
        while (!stopped) {
            try (Connection connection = connections.call()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                PGConnection notifying = connection.unwrap(PGConnection.class);
                listening = true;
                connects++;
                if (connects > 1) {
                    log.info("Listening for stored events again");
                }
                backoff = 200;
                wake();
                long quietSince = System.nanoTime();
                while (!stopped) {
                    PGNotification[] received = notifying.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        notifications++;
                        quietSince = System.nanoTime();
                        wake();
                    } else if (System.nanoTime() - quietSince > CHECK_AFTER.toNanos()) {
                        if (!connection.isValid(5)) {
                            throw new SQLException("the listening connection is no longer valid");
                        }
                        quietSince = System.nanoTime();
                    }
                }
            } catch (Exception e) {
                listening = false;
                if (stopped || e instanceof InterruptedException) {
                    return;
                }
                log.warn("Not listening for stored events ({}); reconnecting in {} ms (meanwhile events of other "
                        + "nodes arrive with the event store's slower poll)", e.getClass().getName(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
        listening = false;
    }

    private void wake() {
        try {
            onEventsStored.run();
        } catch (RuntimeException e) {
            log.warn("Waking the event store after a notification failed ({})", e.getClass().getName());
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
