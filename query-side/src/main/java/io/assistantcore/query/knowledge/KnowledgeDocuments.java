package io.assistantcore.query.knowledge;

import io.assistantcore.messages.knowledge.DocumentStatus;
import io.assistantcore.messages.knowledge.FileScope;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import io.assistantcore.messages.knowledge.KnowledgeQueries.Progress;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Reads the knowledge document view; every query names the tenant in its SQL. */
@Component
public class KnowledgeDocuments {

    private static final String COLUMNS = "file_id, tenant_id, user_id, scope, conversation_id, title, media_type, "
            + "size_bytes, content_hash, status, progress_done, progress_total, error, pages, chunks, embedding_model, "
            + "duplicate_of, created_at, updated_at";

    private final JdbcTemplate jdbc;

    public KnowledgeDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<FileView> file(String tenantId, String fileId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM knowledge_document_view WHERE tenant_id = ? AND file_id = ? "
                + "AND status <> 'DELETED'", ROW, tenantId, fileId).stream().findFirst();
    }

    public List<FileView> documents(String tenantId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM knowledge_document_view WHERE tenant_id = ? AND scope = ? "
                        + "AND status NOT IN ('DELETED', 'REPLACED') ORDER BY created_at DESC, file_id LIMIT ?",
                ROW, tenantId, FileScope.KNOWLEDGE.name(), Math.max(1, Math.min(limit, 1000)));
    }

    /** A knowledge document of the tenant with these bytes that is indexed or still being indexed. */
    public Optional<FileView> sameContent(String tenantId, String contentHash) {
        return jdbc.query("SELECT " + COLUMNS + " FROM knowledge_document_view WHERE tenant_id = ? AND scope = ? "
                        + "AND content_hash = ? AND status IN ('UPLOADED', 'PARSED', 'CHUNKED', 'EMBEDDING', 'INDEXED') "
                        + "ORDER BY created_at LIMIT 1", ROW, tenantId, FileScope.KNOWLEDGE.name(), contentHash)
                .stream().findFirst();
    }

    /** The tenant's indexed knowledge document of this title (the newest). */
    public Optional<FileView> sameTitle(String tenantId, String title) {
        return jdbc.query("SELECT " + COLUMNS + " FROM knowledge_document_view WHERE tenant_id = ? AND scope = ? "
                        + "AND title = ? AND status = 'INDEXED' ORDER BY created_at DESC LIMIT 1", ROW, tenantId,
                FileScope.KNOWLEDGE.name(), title).stream().findFirst();
    }

    private static final RowMapper<FileView> ROW = KnowledgeDocuments::row;

    private static FileView row(ResultSet rs, int n) throws SQLException {
        DocumentStatus status = DocumentStatus.valueOf(rs.getString("status"));
        FileScope scope = FileScope.valueOf(rs.getString("scope"));
        String fileId = rs.getString("file_id");
        return new FileView(fileId, scope == FileScope.KNOWLEDGE ? fileId : null, rs.getString("tenant_id"),
                rs.getString("user_id"), scope, rs.getString("conversation_id"), rs.getString("title"),
                rs.getString("media_type"), rs.getLong("size_bytes"), rs.getString("content_hash"),
                status.wireStatus(), status, new Progress(rs.getInt("progress_done"), rs.getInt("progress_total")),
                rs.getString("error"), (Integer) rs.getObject("pages"), (Integer) rs.getObject("chunks"),
                rs.getString("embedding_model"), rs.getString("duplicate_of"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
