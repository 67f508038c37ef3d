package io.assistantcore.messages.knowledge;

import java.time.Instant;
import java.util.List;

/** Queries about uploaded files, the tenant's documents and (hit testing) what a search finds in them. */
public final class KnowledgeQueries {

    private KnowledgeQueries() {
    }

    /** One file of the tenant (any scope); empty when unknown, of another tenant, or deleted. */
    public record FileQuery(String tenantId, String fileId) {
    }

    /** The tenant's knowledge documents (not attachments, not deleted or replaced ones), newest first. */
    public record DocumentListQuery(String tenantId, int limit) {
    }

    /**
     * Before an upload to the tenant's knowledge: an indexed or processing document with the same bytes, and an
     * indexed one with the same title (which the upload would replace).
     */
    public record DuplicateCheckQuery(String tenantId, String contentHash, String title) {
    }

    public record DuplicateCheck(FileView sameContent, FileView sameTitle) {
    }

    /**
     * Hit testing: the chunks of the tenant's indexed knowledge nearest the query. {@code fileIds} limits the search
     * to those files (attachments); empty means the tenant's knowledge documents.
     */
    public record KnowledgeSearchQuery(String tenantId, String query, int topK, double minScore,
                                       List<String> fileIds) {
        public KnowledgeSearchQuery {
            fileIds = fileIds == null ? List.of() : List.copyOf(fileIds);
        }
    }

    public record SearchHit(String sourceId, String documentId, String title, Integer page, String chunkId,
                            double score, String snippet) {
    }

    public record SearchHits(List<SearchHit> hits, String embeddingModel) {
    }

    public record Progress(int done, int total) {
    }

    /**
     * A file and its processing state. {@code status} is the wire status (UPLOADED, PARSING, INDEXING, READY,
     * FAILED); {@code documentId} is set for knowledge documents.
     */
    public record FileView(String fileId, String documentId, String tenantId, String userId, FileScope scope,
                           String conversationId, String title, String mediaType, long sizeBytes,
                           String contentHash, String status, DocumentStatus lifecycle, Progress progress,
                           String error, Integer pages, Integer chunks, String embeddingModel, String duplicateOf,
                           Instant createdAt, Instant updatedAt) {
    }

    public record DocumentList(List<FileView> documents) {
    }
}
