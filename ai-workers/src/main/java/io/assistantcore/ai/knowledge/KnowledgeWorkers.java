package io.assistantcore.ai.knowledge;

import io.assistantcore.messages.knowledge.KnowledgeCommands.ReplaceDocument;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentIndexed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReplaced;
import io.assistantcore.messages.knowledge.KnowledgeEvents.FileUploaded;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.platform.files.EncryptedFileStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.concurrent.Executor;

/** The event handlers of the knowledge pipeline. */
public final class KnowledgeWorkers {

    private KnowledgeWorkers() {
    }

    /**
     * Starts indexing each uploaded file on the indexing executor. Never replayed, and its processor starts at the
     * head of the event store: a new deployment does not index old uploads again.
     */
    @ProcessingGroup(Indexing.PROCESSING_GROUP)
    @DisallowReplay
    public static class Indexing {

        public static final String PROCESSING_GROUP = "knowledge-indexer";

        private final KnowledgeIndexer indexer;
        private final Executor executor;

        public Indexing(KnowledgeIndexer indexer, Executor executor) {
            this.indexer = indexer;
            this.executor = executor;
        }

        @EventHandler
        void on(FileUploaded event, MetaData metaData) {
            if (event.sizeBytes() == 0 || event.duplicateOf() != null) {
                return;
            }
            HashMap<String, Object> correlation = new HashMap<>(metaData);
            executor.execute(() -> indexer.index(event, correlation));
        }
    }

    /**
     * Removes what a document leaves behind: its chunks, vectors and stored bytes when it is deleted, replaced or
     * failed; and replaces the older document of the same title when a new upload is indexed. Idempotent, so it
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
