package io.assistantcore.ai.knowledge;

import io.assistantcore.messages.knowledge.KnowledgeCommands.ReplaceDocument;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentIndexed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReindexFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReindexStarted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReplaced;
import io.assistantcore.messages.knowledge.KnowledgeEvents.FileUploaded;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.platform.files.EncryptedFileStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/** The event handlers of the knowledge pipeline. */
public final class KnowledgeWorkers {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeWorkers.class);

    private KnowledgeWorkers() {
    }

    /**
     * Starts indexing each uploaded file on the indexing executor. Never replayed; its processor starts at the tail
     * of the event store, so an indexer that starts for the first time (or after uploads were made while none ran)
     * catches up on them, and an upload whose document already moved on (indexed, failed, deleted: its own events
     * say so) is skipped. Taking a file on is recorded ({@link IndexingRuns}) in the transaction that moves the
     * token, and the run starts once that is committed: a node that stops with runs queued or under way leaves rows
     * that {@link KnowledgeIndexingRecovery} finds.
     */
    @ProcessingGroup(Indexing.PROCESSING_GROUP)
    @DisallowReplay
    public static class Indexing {

        public static final String PROCESSING_GROUP = "knowledge-indexer";

        private final KnowledgeIndexer indexer;
        private final Executor executor;
        private final DocumentHistory history;
        private final IndexingRuns runs;
        private final String nodeId;

        public Indexing(KnowledgeIndexer indexer, Executor executor, DocumentHistory history, IndexingRuns runs,
                        String nodeId) {
            this.indexer = indexer;
            this.executor = executor;
            this.history = history;
            this.runs = runs;
            this.nodeId = nodeId;
        }

        @EventHandler
        void on(FileUploaded event, MetaData metaData) {
            if (indexable(event)) {
                take(event.fileId(), event.tenantId(), metaData);
            }
        }

        /** The embedding model changed: the document is indexed again from its stored bytes. */
        @EventHandler
        void on(DocumentReindexStarted event, MetaData metaData) {
            take(event.fileId(), event.tenantId(), metaData);
        }

        private void take(String fileId, String tenantId, MetaData metaData) {
            DocumentHistory.State state = history.of(fileId);
            if (state.stage() != DocumentHistory.Stage.WAITING || !indexable(state.upload())
                    || !runs.take(fileId, tenantId, nodeId)) {
                return;
            }
            FileUploaded event = state.upload();
            HashMap<String, Object> correlation = new HashMap<>(metaData);
            Runnable run = () -> start(indexer, executor, runs, event, correlation);
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(unitOfWork -> run.run());
            } else {
                run.run();
            }
        }

        static boolean indexable(FileUploaded event) {
            return event.sizeBytes() > 0 && event.duplicateOf() == null && !"none".equals(event.storageKey());
        }

        /** Runs the indexer on the executor; the run's record is removed when it ends, however it ends. */
        static void start(KnowledgeIndexer indexer, Executor executor, IndexingRuns runs, FileUploaded event,
                          Map<String, Object> metaData) {
            executor.execute(() -> {
                try {
                    indexer.index(event, metaData);
                } finally {
                    try {
                        runs.finished(event.fileId());
                    } catch (RuntimeException e) {
                        // the node is stopping (its pool is closed): the run's row stays and another node takes
                        // it over once this node's lease expires
                        log.warn("Could not record the end of indexing run {}: {}", event.fileId(),
                                e.getClass().getName());
                    }
                }
            });
        }
    }

    /**
     * Removes what a document leaves behind: its chunks, vectors and stored bytes when it is deleted, replaced or
     * failed (what a failed indexing again wrote); and replaces the older document of the same title when a new upload is indexed. Idempotent, so it
     * processes every event from the start of the store.
     */
    @ProcessingGroup(Cleanup.PROCESSING_GROUP)
    public static class Cleanup {

        public static final String PROCESSING_GROUP = "knowledge-cleanup";

        private final KnowledgeIndex index;
        private final EncryptedFileStore files;
        private final CommandGateway commands;

        public Cleanup(KnowledgeIndex index, EncryptedFileStore files, CommandGateway commands) {
            this.index = index;
            this.files = files;
            this.commands = commands;
        }

        @EventHandler
        void on(DocumentDeleted event) {
            index.remove(event.tenantId(), event.fileId());
            files.delete(event.tenantId(), event.storageKey());
        }

        @EventHandler
        void on(DocumentReplaced event) {
            index.remove(event.tenantId(), event.fileId());
            files.delete(event.tenantId(), event.storageKey());
        }

        @EventHandler
        void on(DocumentFailed event) {
            index.remove(event.tenantId(), event.fileId());
        }

        /** Indexing again failed: only what it wrote goes; the document's searchable chunks stay. */
        @EventHandler
        void on(DocumentReindexFailed event) {
            index.removeUnready(event.tenantId(), event.fileId());
        }

        @EventHandler
        void on(DocumentIndexed event, MetaData metaData) {
            if (event.replaces() == null) {
                return;
            }
            try {
                commands.sendAndWait(new ReplaceDocument(event.replaces(), event.fileId()));
            } catch (CommandRejectedException e) {
                // the older one is gone or was never indexed: nothing to replace
            }
        }
    }
}
