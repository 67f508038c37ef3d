package io.assistantcore.ai.knowledge;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.knowledge.KnowledgeCommands.ReindexDocument;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * When the configured embedding model is not the one a document was indexed with, asks the document to be indexed
 * again ({@code ReindexDocument} → {@code DocumentReindexStarted}, which the indexer takes like an upload). Searches
 * compare only vectors of the configured model, so such a document is not found until it is indexed again. Runs
 * with every recovery sweep; the document accepts one re-index per model, so repeated requests change nothing.
 */
public class EmbeddingModelChange {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingModelChange.class);
    private static final int BATCH = 50;

    private final KnowledgeIndex index;
    private final String model;
    private final CommandGateway commands;

    public EmbeddingModelChange(KnowledgeIndex index, String model, CommandGateway commands) {
        this.index = index;
        this.model = model;
        this.commands = commands;
    }

    /** Asks up to a batch of documents embedded with another model to be indexed again; answers how many. */
    public int sweep() {
        List<String> files = index.filesEmbeddedWithOtherModels(model, BATCH);
        int asked = 0;
        for (String fileId : files) {
            try {
                commands.sendAndWait(new ReindexDocument(fileId, model));
                asked++;
            } catch (CommandRejectedException e) {
                log.debug("Document {} is not indexed again: {}", fileId, e.getMessage());
            }
        }
        if (asked > 0) {
            log.info("Asked {} documents to be indexed again with embedding model {}", asked, model);
        }
        return asked;
    }
}
