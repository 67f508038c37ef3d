package io.assistantcore.messages.knowledge;

import io.assistantcore.messages.common.Deletion;
import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * Events of uploaded files and the documents made from them. The file name is display text the uploader chose, so
 * it is personal (encrypted with the uploader's key); the bytes themselves are never in an event.
 */
public final class KnowledgeEvents {

    private KnowledgeEvents() {
    }

    @Revision("1")
    public record FileUploaded(@DataSubjectOf String fileId, String tenantId, @DataSubject String userId,
                               FileScope scope, String conversationId, @PersonalData String fileName,
                               String mediaType, long sizeBytes, String contentHash, String storageKey,
                               String duplicateOf, String replaces) {
    }

    @Revision("1")
    public record DocumentParsed(String fileId, String tenantId, int pages, long characters) {
    }

    @Revision("1")
    public record DocumentChunked(String fileId, String tenantId, int chunks, String embeddingModel) {
    }

    @Revision("1")
    public record DocumentEmbeddingProgressed(String fileId, String tenantId, int done, int total) {
    }

    @Revision("1")
    public record DocumentIndexed(String fileId, String tenantId, FileScope scope, int pages, int chunks,
                                  String embeddingModel, long indexingMillis, String replaces) {
    }

    @Revision("1")
    public record DocumentFailed(String fileId, String tenantId, String reason) {
    }

    /** An indexed document is indexed again (its embedding model changed); the steps follow as after an upload. */
    @Revision("1")
    public record DocumentReindexStarted(String fileId, String tenantId, String previousModel,
                                         String embeddingModel) {
    }

    /**
     * Indexing a document again with {@code embeddingModel} failed: it stays indexed as it was, with
     * {@code previousModel} and the {@code pages} and {@code chunks} of that indexing (found by keyword, and by
     * vector once that model is configured again); the document is not indexed again with that model.
     */
    @Revision("1")
    public record DocumentReindexFailed(String fileId, String tenantId, String embeddingModel, String previousModel,
                                        int pages, int chunks, String reason) {
    }

    @Revision("1")
    public record DocumentReplaced(String fileId, String tenantId, String replacedBy, String storageKey) {
    }

    @Revision("1")
    public record DocumentDeleted(String fileId, String tenantId, String userId, String storageKey) implements Deletion {
    }
}
