package io.assistantcore.platform.nodes;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Which nodes are alive. Each JVM is a node with an id of its own (new at every start, so a node restarted after a
 * crash is a different node from the one that crashed); it writes a lease row when it starts, renews it every
 * heartbeat and deletes it when it stops. A node whose lease was not renewed within the lease timeout — killed,
 * frozen, cut off from the database — counts as gone. Work a node records as its own (the attempts it streams)
 * can so be taken over by the others promptly, without waiting for the work itself to look stalled.
 * <p>
 * Times are the database's ({@code now()}), so clocks of different machines do not matter.
 */
public class NodeLeases {

    private final JdbcTemplate jdbc;
    private final String nodeId;

    public NodeLeases(DataSource dataSource) {
        this(dataSource, "node-" + UUID.randomUUID());
    }

    public NodeLeases(DataSource dataSource, String nodeId) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.nodeId = nodeId;
    }

    /** This node's id, recorded with the work it takes on. */
    public String nodeId() {
        return nodeId;
    }

    /** Writes or renews this node's lease. */
    public void renew() {
        jdbc.update("""
                INSERT INTO node_lease (node_id, started_at, heartbeat_at) VALUES (?, now(), now())
                ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()""", nodeId);
    }

    /** The nodes whose lease was renewed within {@code leaseTimeout}, this one included. */
    public Set<String> liveNodes(Duration leaseTimeout) {
        Set<String> live = new HashSet<>(jdbc.queryForList(
                "SELECT node_id FROM node_lease WHERE heartbeat_at > now() - make_interval(secs => ?)",
                String.class, leaseTimeout.toMillis() / 1000.0));
        live.add(nodeId);
        return live;
    }

    /** Deletes leases that expired long ago (their nodes' work has been taken over by then). */
    public int removeExpired(Duration olderThan) {
        return jdbc.update("DELETE FROM node_lease WHERE heartbeat_at < now() - make_interval(secs => ?)",
                olderThan.toMillis() / 1000.0);
    }

    /**
     * Gives the lease up, so that others need not wait for it to expire. Best effort and bounded: at JVM exit the
     * database may already be going away, and an expired lease means the same.
     */
    public void release() {
        Thread release = new Thread(() -> {
            try {
                jdbc.update("DELETE FROM node_lease WHERE node_id = ?", nodeId);
            } catch (RuntimeException ignored) {
                // the lease expires by itself
            }
        }, "node-lease-release");
        release.setDaemon(true);
        release.start();
        try {
            release.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
