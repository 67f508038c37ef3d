package io.assistantcore.projections.knowledge;

import io.assistantcore.messages.knowledge.DocumentStatus;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentChunked;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentEmbeddingProgressed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentIndexed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentParsed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReindexFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReindexStarted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReplaced;
import io.assistantcore.messages.knowledge.KnowledgeEvents.FileUploaded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Files and knowledge documents with their processing status and progress ({@code GET /api/v1/files/{id}}, the
 * document list, duplicate checks). Idempotent: an upload inserts once, and each later event only moves a row
 * forward from the statuses it may come from, so a replay or a repeated event leaves the same row.
 */
@Component
@ProcessingGroup(KnowledgeDocumentProjection.PROCESSING_GROUP)
public class KnowledgeDocumentProjection {

    public static final String PROCESSING_GROUP = "knowledge-documents";

    private static final String PROCESSING = "status IN ('UPLOADED', 'PARSED', 'CHUNKED', 'EMBEDDING')";

    private final JdbcTemplate jdbc;

    public KnowledgeDocumentProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(FileUploaded event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO knowledge_document_view (file_id, tenant_id, user_id, scope, conversation_id, title,
                    media_type, size_bytes, content_hash, status, duplicate_of, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file_id) DO NOTHING""",
                event.fileId(), event.tenantId(), event.userId(), event.scope().name(), event.conversationId(),
                event.fileName(), event.mediaType(), event.sizeBytes(), event.contentHash(),
                DocumentStatus.UPLOADED.name(), event.duplicateOf(), utc(at), utc(at));
    }

    @EventHandler
    public void on(DocumentParsed event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, pages = ?, updated_at = ? "
                        + "WHERE file_id = ? AND status = 'UPLOADED'",
                DocumentStatus.PARSED.name(), event.pages(), utc(at), event.fileId());
    }

    @EventHandler
    public void on(DocumentChunked event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, chunks = ?, embedding_model = ?, "
                        + "progress_done = 0, progress_total = ?, updated_at = ? WHERE file_id = ? AND status = 'PARSED'",
                DocumentStatus.CHUNKED.name(), event.chunks(), event.embeddingModel(), event.chunks(), utc(at),
                event.fileId());
    }

    @EventHandler
    public void on(DocumentEmbeddingProgressed event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, progress_done = GREATEST(progress_done, ?), "
                        + "progress_total = ?, updated_at = ? WHERE file_id = ? AND status IN ('CHUNKED', 'EMBEDDING')",
                DocumentStatus.EMBEDDING.name(), event.done(), event.total(), utc(at), event.fileId());
    }

    @EventHandler
    public void on(DocumentIndexed event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, chunks = ?, embedding_model = ?, "
                        + "progress_done = ?, progress_total = ?, indexing_millis = ?, updated_at = ? "
                        + "WHERE file_id = ? AND " + PROCESSING,
                DocumentStatus.INDEXED.name(), event.chunks(), event.embeddingModel(), event.chunks(),
                event.chunks(), event.indexingMillis(), utc(at), event.fileId());
    }

    /** Indexed again with another embedding model: it goes through the steps again, from parsing. */
    @EventHandler
    public void on(DocumentReindexStarted event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, progress_done = 0, progress_total = 0, "
                        + "error = NULL, updated_at = ? WHERE file_id = ? AND status = 'INDEXED'",
                DocumentStatus.UPLOADED.name(), utc(at), event.fileId());
    }

    /** Indexing again failed: the document is indexed as it was, the failure kept as its note. */
    @EventHandler
    public void on(DocumentReindexFailed event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, pages = ?, chunks = ?, embedding_model = ?, "
                        + "progress_done = ?, progress_total = ?, error = ?, updated_at = ? WHERE file_id = ? AND "
                        + PROCESSING,
                DocumentStatus.INDEXED.name(), event.pages(), event.chunks(), event.previousModel(), event.chunks(),
                event.chunks(), "indexing again with " + event.embeddingModel() + " failed: " + event.reason(),
                utc(at), event.fileId());
    }

    @EventHandler
    public void on(DocumentFailed event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, error = ?, updated_at = ? "
                        + "WHERE file_id = ? AND " + PROCESSING,
                DocumentStatus.FAILED.name(), event.reason(), utc(at), event.fileId());
    }

    @EventHandler
    public void on(DocumentReplaced event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, updated_at = ? "
                        + "WHERE file_id = ? AND status = 'INDEXED'",
                DocumentStatus.REPLACED.name(), utc(at), event.fileId());
    }

    @EventHandler
    public void on(DocumentDeleted event, @Timestamp Instant at) {
        jdbc.update("UPDATE knowledge_document_view SET status = ?, title = NULL, error = NULL, updated_at = ? "
                        + "WHERE file_id = ?",
                DocumentStatus.DELETED.name(), utc(at), event.fileId());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
