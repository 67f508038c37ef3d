package io.assistantcore.messages.knowledge;

/**
 * Where a {@code KnowledgeDocument} is in its lifecycle: uploaded → parsed → chunked → embedding (progress) →
 * indexed, or failed; an indexed document may later be replaced by a newer upload or deleted.
 */
public enum DocumentStatus {
    UPLOADED,
    PARSED,
    CHUNKED,
    EMBEDDING,
    INDEXED,
    FAILED,
    REPLACED,
    DELETED;

    /** The status of API.md "Files and knowledge": UPLOADED, PARSING, INDEXING, READY, FAILED (or DELETED). */
    public String wireStatus() {
        return switch (this) {
            case UPLOADED -> "PARSING";
            case PARSED, CHUNKED, EMBEDDING -> "INDEXING";
            case INDEXED -> "READY";
            case FAILED -> "FAILED";
            case REPLACED -> "REPLACED";
            case DELETED -> "DELETED";
        };
    }

    /** Whether the pipeline still works on the document. */
    public boolean processing() {
        return this == UPLOADED || this == PARSED || this == CHUNKED || this == EMBEDDING;
    }
}
