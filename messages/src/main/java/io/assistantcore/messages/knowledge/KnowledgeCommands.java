package io.assistantcore.messages.knowledge;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the KnowledgeDocument aggregate (one uploaded file). The edge names the tenant and the acting user;
 * a document of another tenant answers "not found". The indexing worker reports each step; a report for a document
 * that is no longer being processed (failed, deleted, replaced) is refused and the worker stops.
 */
public final class KnowledgeCommands {

    private KnowledgeCommands() {
    }

    /**
     * A file was received and stored encrypted under {@code storageKey}.
     *
     * @param fileName       the name the client gave, display text only (a hostile name makes the upload fail)
     * @param mediaType      the type detected from the content
     * @param contentHash    SHA-256 of the bytes, hex
     * @param duplicateOf    an indexed document of the tenant with the same bytes (null: none); the new one is not
     *                       indexed again
     * @param replaces       the tenant's indexed document of the same title that this upload replaces once it is
     *                       indexed (null: none)
     * @param rejection      a reason the upload fails at once (empty file, a name that is not allowed), or null
     */
    public record UploadFile(@TargetAggregateIdentifier String fileId, String tenantId, String userId,
                             FileScope scope, String conversationId, String fileName, String mediaType,
                             long sizeBytes, String contentHash, String storageKey, String duplicateOf,
                             String replaces, String rejection) {
    }

    /** The text was extracted: {@code pages} pages (1 for formats without pages), {@code characters} in all. */
    public record RecordDocumentParsed(@TargetAggregateIdentifier String fileId, int pages, long characters) {
    }

    /** The text was cut into {@code chunks} chunks, to be embedded with {@code embeddingModel}. */
    public record RecordDocumentChunked(@TargetAggregateIdentifier String fileId, int chunks,
                                        String embeddingModel) {
    }

    /** {@code done} of {@code total} chunks are embedded and stored. */
    public record RecordEmbeddingProgress(@TargetAggregateIdentifier String fileId, int done, int total) {
    }

    /** Every chunk is embedded and searchable. */
    public record MarkDocumentIndexed(@TargetAggregateIdentifier String fileId, int chunks, String embeddingModel,
                                      long indexingMillis) {
    }

    /** Processing failed; {@code reason} is one a person can read (never the document's text). */
    public record FailDocument(@TargetAggregateIdentifier String fileId, String reason) {
    }

    /**
     * The configured embedding model is no longer the one the indexed document was embedded with: index it again
     * from its stored bytes with {@code embeddingModel}. Its old chunks stay searchable until the new ones are ready
     * (searches use only vectors of the configured model).
     */
    public record ReindexDocument(@TargetAggregateIdentifier String fileId, String embeddingModel) {
    }

    /** A newer upload of the same title is indexed: this one leaves the search. */
    public record ReplaceDocument(@TargetAggregateIdentifier String fileId, String replacedBy) {
    }

    /** The document, its chunks and vectors go, and its stored bytes are made unreadable. */
    public record DeleteDocument(@TargetAggregateIdentifier String fileId, String tenantId, String userId) {
    }
}
