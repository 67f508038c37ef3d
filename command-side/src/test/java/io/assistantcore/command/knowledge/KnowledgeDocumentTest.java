package io.assistantcore.command.knowledge;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.knowledge.FileScope;
import io.assistantcore.messages.knowledge.KnowledgeCommands.DeleteDocument;
import io.assistantcore.messages.knowledge.KnowledgeCommands.FailDocument;
import io.assistantcore.messages.knowledge.KnowledgeCommands.MarkDocumentIndexed;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordDocumentChunked;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordDocumentParsed;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordEmbeddingProgress;
import io.assistantcore.messages.knowledge.KnowledgeCommands.ReindexDocument;
import io.assistantcore.messages.knowledge.KnowledgeCommands.ReplaceDocument;
import io.assistantcore.messages.knowledge.KnowledgeCommands.UploadFile;
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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KnowledgeDocumentTest {

    static final String F = "file-1";
    static final String T = "acme";
    static final String U = "alice";
    static final String HASH = "a".repeat(64);
    static final String MODEL = "all-minilm-l6-v2";

    static final FileUploaded UPLOADED = new FileUploaded(F, T, U, FileScope.KNOWLEDGE, null, "handbook.pdf",
            "application/pdf", 2048, HASH, "blob-1", null, null);
    static final DocumentParsed PARSED = new DocumentParsed(F, T, 3, 4200);
    static final DocumentChunked CHUNKED = new DocumentChunked(F, T, 10, MODEL);

    private FixtureConfiguration<KnowledgeDocument> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KnowledgeDocument.class);
    }

    static UploadFile upload(String name, long size, String duplicateOf, String replaces) {
        return new UploadFile(F, T, U, FileScope.KNOWLEDGE, null, name, "application/pdf", size, HASH, "blob-1",
                duplicateOf, replaces, null);
    }

    @Test
    void anUploadIsRecordedWithItsHashAndStorageKey() {
        fixture.givenNoPriorActivity()
                .when(upload("handbook.pdf", 2048, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(UPLOADED);
    }

    @Test
    void anAttachmentBelongsToItsConversation() {
        fixture.givenNoPriorActivity()
                .when(new UploadFile(F, T, U, FileScope.CONVERSATION, "conv-1", "notes.md", "text/markdown", 10,
                        HASH, "blob-1", null, null, null))
                .expectEvents(new FileUploaded(F, T, U, FileScope.CONVERSATION, "conv-1", "notes.md",
                        "text/markdown", 10, HASH, "blob-1", null, null));
    }

    @Test
    void anEmptyFileFailsAtOnce() {
        fixture.givenNoPriorActivity()
                .when(upload("empty.pdf", 0, null, null))
                .expectEvents(new FileUploaded(F, T, U, FileScope.KNOWLEDGE, null, "empty.pdf", "application/pdf",
                        0, HASH, "blob-1", null, null), new DocumentFailed(F, T, "the file is empty"));
    }

    @Test
    void aNameWithAPathFailsAndOnlyItsLastSegmentIsKept() {
        fixture.givenNoPriorActivity()
                .when(upload("../../etc/passwd", 10, null, "doc-0"))
                .expectEvents(new FileUploaded(F, T, U, FileScope.KNOWLEDGE, null, "passwd", "application/pdf", 10,
                                HASH, "blob-1", null, null),
                        new DocumentFailed(F, T, "the file name contains a path ('/', '\\', '..' or ':'), which is "
                                + "not allowed"));
    }

    @Test
    void aDuplicateIsRecognisedAndNotIndexedAgain() {
        fixture.givenNoPriorActivity()
                .when(upload("handbook.pdf", 2048, "doc-0", null))
                .expectEvents(new FileUploaded(F, T, U, FileScope.KNOWLEDGE, null, "handbook.pdf",
                                "application/pdf", 2048, HASH, "blob-1", "doc-0", null),
                        new DocumentFailed(F, T, "the same file is already uploaded as document doc-0"));
    }

    @Test
    void aTypeOutsideTheAllowedOnesIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new UploadFile(F, T, U, FileScope.KNOWLEDGE, null, "a.zip", "application/zip", 10, HASH,
                        "blob-1", null, null, null))
                .expectException(CommandRejectedException.class);
    }

    @Test
    void parsedAfterUploaded() {
        fixture.given(UPLOADED)
                .when(new RecordDocumentParsed(F, 3, 4200))
                .expectEvents(PARSED);
    }

    @Test
    void chunkedAfterParsed() {
        fixture.given(UPLOADED, PARSED)
                .when(new RecordDocumentChunked(F, 10, MODEL))
                .expectEvents(CHUNKED);
    }

    @Test
    void chunkingBeforeParsingIsRefused() {
        fixture.given(UPLOADED)
                .when(new RecordDocumentChunked(F, 10, MODEL))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void embeddingProgressMovesForwardOnly() {
        fixture.given(UPLOADED, PARSED, CHUNKED, new DocumentEmbeddingProgressed(F, T, 4, 10))
                .when(new RecordEmbeddingProgress(F, 8, 10))
                .expectEvents(new DocumentEmbeddingProgressed(F, T, 8, 10));
        fixture.given(UPLOADED, PARSED, CHUNKED, new DocumentEmbeddingProgressed(F, T, 4, 10))
                .when(new RecordEmbeddingProgress(F, 2, 10))
                .expectException(CommandRejectedException.class);
        fixture.given(UPLOADED, PARSED, CHUNKED, new DocumentEmbeddingProgressed(F, T, 4, 10))
                .when(new RecordEmbeddingProgress(F, 4, 10))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void indexedWhenEveryChunkIsEmbedded() {
        fixture.given(UPLOADED, PARSED, CHUNKED, new DocumentEmbeddingProgressed(F, T, 10, 10))
                .when(new MarkDocumentIndexed(F, 10, MODEL, 1500))
                .expectEvents(new DocumentIndexed(F, T, FileScope.KNOWLEDGE, 3, 10, MODEL, 1500, null));
    }

    @Test
    void indexedNamesTheDocumentItReplaces() {
        FileUploaded replacing = new FileUploaded(F, T, U, FileScope.KNOWLEDGE, null, "handbook.pdf",
                "application/pdf", 2048, HASH, "blob-1", null, "doc-0");
        fixture.given(replacing, PARSED, CHUNKED)
                .when(new MarkDocumentIndexed(F, 10, MODEL, 900))
                .expectEvents(new DocumentIndexed(F, T, FileScope.KNOWLEDGE, 3, 10, MODEL, 900, "doc-0"));
    }

    @Test
    void anIndexedDocumentIsIndexedAgainWithANewEmbeddingModelThroughTheSameSteps() {
        DocumentIndexed indexed = new DocumentIndexed(F, T, FileScope.KNOWLEDGE, 3, 10, MODEL, 1500, null);
        DocumentReindexStarted started = new DocumentReindexStarted(F, T, MODEL, "openai:text-embedding-3-small");
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed)
                .when(new ReindexDocument(F, "openai:text-embedding-3-small"))
                .expectEvents(started);
        // a second request while it runs, or one for the model it already has, changes nothing
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started)
                .when(new ReindexDocument(F, "openai:text-embedding-3-small"))
                .expectNoEvents();
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed)
                .when(new ReindexDocument(F, MODEL))
                .expectNoEvents();
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started)
                .when(new RecordDocumentParsed(F, 3, 4200))
                .expectEvents(new DocumentParsed(F, T, 3, 4200));
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started, new DocumentParsed(F, T, 3, 4200),
                        new DocumentChunked(F, T, 12, "openai:text-embedding-3-small"))
                .when(new MarkDocumentIndexed(F, 12, "openai:text-embedding-3-small", 700))
                .expectEvents(new DocumentIndexed(F, T, FileScope.KNOWLEDGE, 3, 12,
                        "openai:text-embedding-3-small", 700, null));
        // only an indexed document is indexed again
        fixture.given(UPLOADED, new DocumentFailed(F, T, "the PDF is damaged"))
                .when(new ReindexDocument(F, "openai:text-embedding-3-small"))
                .expectException(CommandRejectedException.class);
    }

    @Test
    void aFailedReindexLeavesTheDocumentIndexedAsItWasAndIsNotTriedAgainWithThatModelForAWhile() {
        String other = "openai:text-embedding-3-small";
        DocumentIndexed indexed = new DocumentIndexed(F, T, FileScope.KNOWLEDGE, 3, 10, MODEL, 1500, null);
        DocumentReindexStarted started = new DocumentReindexStarted(F, T, MODEL, other);
        DocumentParsed reparsed = new DocumentParsed(F, T, 3, 4200);
        DocumentChunked rechunked = new DocumentChunked(F, T, 14, other);
        DocumentReindexFailed failed = new DocumentReindexFailed(F, T, other, MODEL, 3, 10, "the provider is down");
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started, reparsed, rechunked)
                .when(new FailDocument(F, "the provider is down"))
                .expectEvents(failed);
        // indexed as before: it can be replaced or deleted, and is not indexed again with the model that failed
        java.time.Instant start = java.time.Instant.parse("2026-12-03T08:00:00Z");
        fixture.givenCurrentTime(start)
                .andGiven(UPLOADED, PARSED, CHUNKED, indexed, started, reparsed, rechunked, failed)
                .andGivenCurrentTime(start.plus(KnowledgeDocument.REINDEX_RETRY_AFTER).minusSeconds(60))
                .when(new ReindexDocument(F, other))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
        // after a while (a provider that was down) it is tried again
        fixture.givenCurrentTime(start)
                .andGiven(UPLOADED, PARSED, CHUNKED, indexed, started, reparsed, rechunked, failed)
                .andGivenCurrentTime(start.plus(KnowledgeDocument.REINDEX_RETRY_AFTER).plusSeconds(60))
                .when(new ReindexDocument(F, other))
                .expectEvents(started);
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started, reparsed, rechunked, failed)
                .when(new ReindexDocument(F, "ollama:nomic-embed-text"))
                .expectEvents(new DocumentReindexStarted(F, T, MODEL, "ollama:nomic-embed-text"));
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started, reparsed, rechunked, failed)
                .when(new ReplaceDocument(F, "doc-2"))
                .expectSuccessfulHandlerExecution();
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, started, failed)
                .when(new FailDocument(F, "again"))
                .expectException(CommandRejectedException.class);
    }

    @Test
    void failsWhileProcessing() {
        fixture.given(UPLOADED, PARSED)
                .when(new FailDocument(F, "the PDF is damaged"))
                .expectEvents(new DocumentFailed(F, T, "the PDF is damaged"));
    }

    @Test
    void reportsAfterAFailureAreRefused() {
        fixture.given(UPLOADED, new DocumentFailed(F, T, "the PDF is damaged"))
                .when(new RecordDocumentParsed(F, 3, 10))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
        fixture.given(UPLOADED, new DocumentFailed(F, T, "the PDF is damaged"))
                .when(new FailDocument(F, "again"))
                .expectException(CommandRejectedException.class);
    }

    @Test
    void anIndexedDocumentIsReplacedOnce() {
        DocumentIndexed indexed = new DocumentIndexed(F, T, FileScope.KNOWLEDGE, 3, 10, MODEL, 1500, null);
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed)
                .when(new ReplaceDocument(F, "file-2"))
                .expectEvents(new DocumentReplaced(F, T, "file-2", "blob-1"));
        fixture.given(UPLOADED, PARSED, CHUNKED, indexed, new DocumentReplaced(F, T, "file-2", "blob-1"))
                .when(new ReplaceDocument(F, "file-2"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void deletedByItsTenantOnly() {
        fixture.given(UPLOADED, PARSED)
                .when(new DeleteDocument(F, T, "admin"))
                .expectEvents(new DocumentDeleted(F, T, "admin", "blob-1"));
        fixture.given(UPLOADED)
                .when(new DeleteDocument(F, "globex", "admin"))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void aDeletedDocumentTakesNoMoreReports() {
        fixture.given(UPLOADED, PARSED, new DocumentDeleted(F, T, "admin", "blob-1"))
                .when(new RecordDocumentChunked(F, 10, MODEL))
                .expectException(CommandRejectedException.class);
        fixture.given(UPLOADED, new DocumentDeleted(F, T, "admin", "blob-1"))
                .when(new DeleteDocument(F, T, "admin"))
                .expectException(CommandRejectedException.class);
    }
}
