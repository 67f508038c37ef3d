package io.assistantcore.command.knowledge;

import io.assistantcore.messages.knowledge.DocumentStatus;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One uploaded file and the searchable document made from it: uploaded (validated, stored encrypted) → parsed
 * (pages) → chunked → embedded (progress) → indexed, or failed at any step; an indexed document is later replaced
 * (a newer upload of the same title) or deleted, or indexed again when the embedding model changes (back to uploaded,
 * the same steps follow). The worker's reports must come in that order; one for a document
 * that is no longer processing is refused ({@code not-processing}), which tells the worker to stop. A file that is
 * empty or whose name is a path fails as soon as it is uploaded, and a file whose bytes equal an indexed
 * document's is recorded as its duplicate and not indexed again (it fails, naming the document it repeats).
 */
@Aggregate
public class KnowledgeDocument {

    /**
     * Indexing again with a model that failed is tried again after this long (a provider that was down), not at every
     * sweep (a file that cannot be read again).
     */
    static final Duration REINDEX_RETRY_AFTER = Duration.ofHours(1);

    @AggregateIdentifier
    private String fileId;
    private String tenantId;
    private FileScope scope;
    private String storageKey;
    private String replaces;
    private DocumentStatus status;
    private int pages;
    private int chunks;
    private int embedded;
    private String embeddingModel;
    private String reindexingTo;
    /** Pages and chunks of the indexing in place while the document is indexed again (kept should that fail). */
    private int indexedPages;
    private int indexedChunks;
    /** The last model indexing again with failed, and when: not tried again before {@link #REINDEX_RETRY_AFTER}. */
    private String reindexFailedWith;
    private Instant reindexFailedAt;

    protected KnowledgeDocument() {
    }

    @CommandHandler
    public KnowledgeDocument(UploadFile command) {
        KnowledgeRules.checkId("fileId", command.fileId());
        if (command.tenantId() == null || command.tenantId().isBlank()) {
            throw invalid("tenantId", "a file belongs to a tenant");
        }
        KnowledgeRules.checkUserId(command.userId());
        if (command.scope() == null) {
            throw invalid("scope", "scope is required: knowledge or conversation:{id}");
        }
        if (command.scope() == FileScope.CONVERSATION) {
            KnowledgeRules.checkId("conversationId", command.conversationId());
        } else if (command.conversationId() != null) {
            throw invalid("conversationId", "a knowledge document belongs to no conversation");
        }
        if (command.mediaType() == null || !KnowledgeRules.MEDIA_TYPES.contains(command.mediaType())) {
            throw invalid("mediaType", "mediaType must be one of " + KnowledgeRules.MEDIA_TYPES);
        }
        if (command.sizeBytes() < 0) {
            throw invalid("sizeBytes", "sizeBytes must not be negative");
        }
        if (command.contentHash() == null || !KnowledgeRules.HASH.matcher(command.contentHash()).matches()) {
            throw invalid("contentHash", "contentHash must be a SHA-256 in lower-case hex");
        }
        KnowledgeRules.checkId("storageKey", command.storageKey());
        if (command.duplicateOf() != null) {
            KnowledgeRules.checkId("duplicateOf", command.duplicateOf());
        }
        if (command.replaces() != null) {
            KnowledgeRules.checkId("replaces", command.replaces());
        }
        String rejection = command.rejection() == null ? null : KnowledgeRules.reason(command.rejection());
        String nameProblem = KnowledgeRules.nameProblem(command.fileName());
        if (rejection == null && nameProblem != null) {
            rejection = nameProblem;
        }
        if (rejection == null && command.sizeBytes() == 0) {
            rejection = "the file is empty";
        }
        if (rejection == null && command.duplicateOf() != null) {
            rejection = "the same file is already uploaded as document " + command.duplicateOf();
        }
        apply(new FileUploaded(command.fileId(), command.tenantId(), command.userId(), command.scope(),
                command.conversationId(), KnowledgeRules.displayName(command.fileName()), command.mediaType(),
                command.sizeBytes(), command.contentHash(), command.storageKey(), command.duplicateOf(),
                rejection == null ? command.replaces() : null));
        if (rejection != null) {
            apply(new DocumentFailed(command.fileId(), command.tenantId(), rejection));
        }
    }

    @CommandHandler
    public void handle(RecordDocumentParsed command) {
        requireStatus(DocumentStatus.UPLOADED);
        if (command.pages() < 1 || command.pages() > KnowledgeRules.MAX_PAGES) {
            throw invalid("pages", "pages must be 1-" + KnowledgeRules.MAX_PAGES);
        }
        if (command.characters() < 0) {
            throw invalid("characters", "characters must not be negative");
        }
        apply(new DocumentParsed(fileId, tenantId, command.pages(), command.characters()));
    }

    @CommandHandler
    public void handle(RecordDocumentChunked command) {
        requireStatus(DocumentStatus.PARSED);
        if (command.chunks() < 1 || command.chunks() > KnowledgeRules.MAX_CHUNKS) {
            throw invalid("chunks", "chunks must be 1-" + KnowledgeRules.MAX_CHUNKS);
        }
        checkModel(command.embeddingModel());
        apply(new DocumentChunked(fileId, tenantId, command.chunks(), command.embeddingModel()));
    }

    @CommandHandler
    public void handle(RecordEmbeddingProgress command) {
        if (status != DocumentStatus.CHUNKED && status != DocumentStatus.EMBEDDING) {
            throw notProcessing();
        }
        if (command.total() != chunks) {
            throw invalid("total", "total must be the document's " + chunks + " chunks");
        }
        if (command.done() < embedded || command.done() > chunks) {
            throw invalid("done", "done must be between " + embedded + " and " + chunks);
        }
        if (command.done() == embedded && status == DocumentStatus.EMBEDDING) {
            return;
        }
        apply(new DocumentEmbeddingProgressed(fileId, tenantId, command.done(), command.total()));
    }

    @CommandHandler
    public void handle(MarkDocumentIndexed command) {
        if (status != DocumentStatus.CHUNKED && status != DocumentStatus.EMBEDDING) {
            throw notProcessing();
        }
        if (command.chunks() != chunks) {
            throw invalid("chunks", "chunks must be the document's " + chunks + " chunks");
        }
        checkModel(command.embeddingModel());
        apply(new DocumentIndexed(fileId, tenantId, scope, pages, chunks, command.embeddingModel(),
                Math.max(0, command.indexingMillis()), replaces));
    }

    @CommandHandler
    public void handle(FailDocument command) {
        if (!status.processing()) {
            throw notProcessing();
        }
        if (reindexingTo != null) {
            apply(new DocumentReindexFailed(fileId, tenantId, reindexingTo, embeddingModel, indexedPages,
                    indexedChunks, KnowledgeRules.reason(command.reason())));
            return;
        }
        apply(new DocumentFailed(fileId, tenantId, KnowledgeRules.reason(command.reason())));
    }

    /** Index an indexed document again with another embedding model; a repeated request changes nothing. */
    @CommandHandler
    public void handle(ReindexDocument command) {
        checkModel(command.embeddingModel());
        if (status.processing() && command.embeddingModel().equals(reindexingTo)) {
            return;
        }
        if (status != DocumentStatus.INDEXED) {
            throw conflict("not-indexed", "only an indexed document can be indexed again; it is " + status);
        }
        if (command.embeddingModel().equals(embeddingModel)) {
            return;
        }
        if (command.embeddingModel().equals(reindexFailedWith) && reindexFailedAt != null
                && GenericEventMessage.clock.instant().isBefore(reindexFailedAt.plus(REINDEX_RETRY_AFTER))) {
            throw conflict("reindex-failed", "indexing this document again with " + reindexFailedWith
                    + " failed less than " + REINDEX_RETRY_AFTER.toMinutes() + " minutes ago; it stays indexed with "
                    + embeddingModel);
        }
        apply(new DocumentReindexStarted(fileId, tenantId, embeddingModel, command.embeddingModel()));
    }

    @CommandHandler
    public void handle(ReplaceDocument command) {
        KnowledgeRules.checkId("replacedBy", command.replacedBy());
        if (status == DocumentStatus.REPLACED || status == DocumentStatus.DELETED) {
            return;
        }
        if (status != DocumentStatus.INDEXED) {
            throw conflict("not-indexed", "only an indexed document can be replaced");
        }
        apply(new DocumentReplaced(fileId, tenantId, command.replacedBy(), storageKey));
    }

    @CommandHandler
    public void handle(DeleteDocument command) {
        if (command.tenantId() == null || !command.tenantId().equals(tenantId) || status == DocumentStatus.DELETED) {
            throw notFound("document", "no such document");
        }
        KnowledgeRules.checkUserId(command.userId());
        apply(new DocumentDeleted(fileId, tenantId, command.userId(), storageKey));
    }

    private void requireStatus(DocumentStatus expected) {
        if (status != expected) {
            throw notProcessing();
        }
    }

    private RuntimeException notProcessing() {
        return conflict("not-processing", "the document is " + status + ", not in the step this report is for");
    }

    private static void checkModel(String model) {
        if (model == null || !KnowledgeRules.MODEL.matcher(model).matches()) {
            throw invalid("embeddingModel", "embeddingModel must be a model name without white space");
        }
    }

    @EventSourcingHandler
    void on(FileUploaded event) {
        fileId = event.fileId();
        tenantId = event.tenantId();
        scope = event.scope();
        storageKey = event.storageKey();
        replaces = event.replaces();
        status = DocumentStatus.UPLOADED;
    }

    @EventSourcingHandler
    void on(DocumentParsed event) {
        pages = event.pages();
        status = DocumentStatus.PARSED;
    }

    @EventSourcingHandler
    void on(DocumentChunked event) {
        chunks = event.chunks();
        status = DocumentStatus.CHUNKED;
    }

    @EventSourcingHandler
    void on(DocumentEmbeddingProgressed event) {
        embedded = event.done();
        status = DocumentStatus.EMBEDDING;
    }

    @EventSourcingHandler
    void on(DocumentIndexed event) {
        embedded = event.chunks();
        embeddingModel = event.embeddingModel();
        reindexingTo = null;
        indexedPages = event.pages();
        indexedChunks = event.chunks();
        status = DocumentStatus.INDEXED;
    }

    @EventSourcingHandler
    void on(DocumentReindexFailed event, @Timestamp Instant at) {
        reindexingTo = null;
        reindexFailedWith = event.embeddingModel();
        reindexFailedAt = at;
        pages = event.pages();
        chunks = event.chunks();
        embedded = event.chunks();
        status = DocumentStatus.INDEXED;
    }

    @EventSourcingHandler
    void on(DocumentReindexStarted event) {
        reindexingTo = event.embeddingModel();
        replaces = null;
        pages = 0;
        chunks = 0;
        embedded = 0;
        status = DocumentStatus.UPLOADED;
    }

    @EventSourcingHandler
    void on(DocumentFailed event) {
        status = DocumentStatus.FAILED;
    }

    @EventSourcingHandler
    void on(DocumentReplaced event) {
        status = DocumentStatus.REPLACED;
    }

    @EventSourcingHandler
    void on(DocumentDeleted event) {
        status = DocumentStatus.DELETED;
    }
}
