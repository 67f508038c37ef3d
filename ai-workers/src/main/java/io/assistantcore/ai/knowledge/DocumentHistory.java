package io.assistantcore.ai.knowledge;

import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentIndexed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReindexFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReindexStarted;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentReplaced;
import io.assistantcore.messages.knowledge.KnowledgeEvents.FileUploaded;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Where a document's indexing stands, read from the document's own events (the event store is the truth; the read
 * model may lag behind it): waiting to be indexed (uploaded, or to be indexed again with a new embedding model),
 * part-way, or done (indexed, failed, replaced or deleted).
 */
public class DocumentHistory {

    public enum Stage {
        /** uploaded, no step reported yet */
        WAITING,
        /** parsed, chunked or embedding: a run was under way */
        UNDER_WAY,
        /** indexed, failed, replaced or deleted */
        DONE,
        /** no such document */
        UNKNOWN
    }

    /** The stage and the upload (null when unknown). */
    public record State(Stage stage, FileUploaded upload) {
    }

    private final EventStore events;

    public DocumentHistory(EventStore events) {
        this.events = events;
    }

    public State of(String fileId) {
        DomainEventStream stream = events.readEvents(fileId);
        FileUploaded upload = null;
        Stage stage = Stage.UNKNOWN;
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof FileUploaded uploaded) {
                upload = uploaded;
                stage = Stage.WAITING;
            } else if (payload instanceof DocumentReindexStarted) {
                stage = Stage.WAITING;
            } else if (payload instanceof DocumentIndexed || payload instanceof DocumentFailed
                    || payload instanceof DocumentReindexFailed
                    || payload instanceof DocumentReplaced || payload instanceof DocumentDeleted) {
                stage = Stage.DONE;
            } else if (stage == Stage.WAITING) {
                stage = Stage.UNDER_WAY;
            }
        }
        return new State(upload == null ? Stage.UNKNOWN : stage, upload);
    }
}
