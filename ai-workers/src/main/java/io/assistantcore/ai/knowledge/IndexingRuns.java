package io.assistantcore.ai.knowledge;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Set;

/**
 * The indexing runs nodes took on and have not finished (table {@code knowledge_indexing_run}): a row is written when
 * a node takes an upload, in the transaction that moves its token past the upload, and removed when the run ends. A
 * row left by a node whose lease expired is an interrupted run ({@link KnowledgeIndexingRecovery}).
 */
public class IndexingRuns {

    /** A run a node took on: the file and the node. */
    public record Run(String fileId, String tenantId, String nodeId) {
    }

    private final JdbcTemplate jdbc;

    public IndexingRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Records that this node takes the file on; false when a run for it is already recorded. */
    public boolean take(String fileId, String tenantId, String nodeId) {
        return jdbc.update("INSERT INTO knowledge_indexing_run (file_id, tenant_id, node_id) VALUES (?, ?, ?) "
                + "ON CONFLICT (file_id) DO NOTHING", fileId, tenantId, nodeId) == 1;
    }

    /** Moves a run from a gone node to this one; false when another node took it first. */
    public boolean takeOver(Run run, String nodeId) {
        return jdbc.update("UPDATE knowledge_indexing_run SET node_id = ?, taken_at = now() WHERE file_id = ? "
                + "AND node_id = ?", nodeId, run.fileId(), run.nodeId()) == 1;
    }

    public void finished(String fileId) {
        jdbc.update("DELETE FROM knowledge_indexing_run WHERE file_id = ?", fileId);
    }

    /** Runs recorded by nodes that are not live, oldest first. */
    public List<Run> orphaned(Set<String> liveNodes, int limit) {
        return jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT file_id, tenant_id, node_id FROM knowledge_indexing_run "
                    + "WHERE NOT (node_id = ANY(?)) ORDER BY taken_at LIMIT ?");
            statement.setArray(1, con.createArrayOf("text", liveNodes.toArray()));
            statement.setInt(2, limit);
            return statement;
        }, (rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public List<Run> all() {
        return jdbc.query("SELECT file_id, tenant_id, node_id FROM knowledge_indexing_run ORDER BY taken_at",
                (rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3)));
    }
}
