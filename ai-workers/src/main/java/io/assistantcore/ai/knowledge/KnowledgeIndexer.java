package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.Chunker.Chunk;
import io.assistantcore.ai.knowledge.DocumentParser.ParseException;
import io.assistantcore.ai.knowledge.DocumentParser.Section;
import io.assistantcore.ai.knowledge.KnowledgeIndex.StoredChunk;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.knowledge.KnowledgeCommands.FailDocument;
import io.assistantcore.messages.knowledge.KnowledgeCommands.MarkDocumentIndexed;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordDocumentChunked;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordDocumentParsed;
import io.assistantcore.messages.knowledge.KnowledgeCommands.RecordEmbeddingProgress;
import io.assistantcore.messages.knowledge.KnowledgeEvents.FileUploaded;
import io.assistantcore.platform.files.EncryptedFileStore;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one uploaded file through the pipeline, reporting every step to its KnowledgeDocument: read the stored bytes,
 * parse (pages), chunk, embed in batches (progress after each), then make every chunk searchable at once and mark it
 * indexed. Any failure removes what was stored and fails the document with a reason a person can read; a report the
 * document refuses (it was deleted or failed meanwhile) stops the run and removes what it stored. Logs name ids
 * only, never the document's text.
 */
public class KnowledgeIndexer {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeIndexer.class);

    private final EncryptedFileStore files;
    private final DocumentParser parser;
    private final Chunker chunker;
    private final KnowledgeEmbedder embedder;
    private final KnowledgeIndex index;
    private final CommandGateway commands;
    private final int batchSize;

    public KnowledgeIndexer(EncryptedFileStore files, DocumentParser parser, Chunker chunker,
                            KnowledgeEmbedder embedder, KnowledgeIndex index, CommandGateway commands, int batchSize) {
        this.files = files;
        this.parser = parser;
        this.chunker = chunker;
        this.embedder = embedder;
        this.index = index;
        this.commands = commands;
        this.batchSize = batchSize;
    }

    /**
     * The text an embedding is made of: the document's title and section give a chunk its context. A chunk's line
     * breaks (plain text) are read as spaces, so that its embedding is the one of the text without them.
     */
    static String embeddingText(String title, String section, String text) {
        StringBuilder out = new StringBuilder();
        if (title != null) {
            out.append(title).append(". ");
        }
        if (section != null && !section.isBlank()) {
            out.append(section).append(". ");
        }
        return out.append(Chunker.flat(text)).toString();
    }

    /**
     * A chunk's id: the file and the chunk's position, and for any model but the in-jar one a short tag of the model,
     * so that a document indexed again with another model gets new rows beside the old ones until it is ready.
     */
    static String chunkId(String fileId, String model, int ordinal) {
        if (KnowledgeConfiguration.IN_JAR_MODEL.equals(model)) {
            return fileId + ":" + ordinal;
        }
        String tag = Integer.toHexString(model.hashCode() & 0xfffffff);
        return fileId + ":" + tag + ":" + ordinal;
    }

    /** Indexes the file; returns once it is indexed, failed or stopped. */
    public void index(FileUploaded upload, Map<String, Object> metaData) {
        String fileId = upload.fileId();
        long started = System.nanoTime();
        try {
            Optional<byte[]> bytes = files.read(upload.tenantId(), upload.storageKey());
            if (bytes.isEmpty()) {
                fail(upload, "the stored file could not be read (it was deleted or its key destroyed)", metaData);
                return;
            }
            List<Section> sections;
            try {
                sections = parser.parse(bytes.get(), upload.mediaType());
            } catch (ParseException e) {
                fail(upload, e.getMessage(), metaData);
                return;
            }
            int pages = "application/pdf".equals(upload.mediaType()) ? sections.size() : 1;
            long characters = sections.stream().mapToLong(section -> section.text().length()).sum();
            if (!send(new RecordDocumentParsed(fileId, pages, characters), metaData)) {
                return;
            }
            List<Chunk> chunks = chunker.chunk(sections);
            if (chunks.isEmpty()) {
                fail(upload, "the file contains no text", metaData);
                return;
            }
            if (!send(new RecordDocumentChunked(fileId, chunks.size(), embedder.modelName()), metaData)) {
                return;
            }
            String title = upload.fileName();
            int done = 0;
            for (int from = 0; from < chunks.size(); from += batchSize) {
                List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + batchSize));
                float[][] vectors = embedder.embed(batch.stream()
                        .map(chunk -> embeddingText(title, chunk.section(), chunk.text())).toList());
                List<StoredChunk> stored = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    Chunk chunk = batch.get(i);
                    stored.add(new StoredChunk(chunkId(fileId, embedder.modelName(), chunk.ordinal()),
                            upload.tenantId(), fileId,
                            upload.scope().name(), upload.conversationId(), chunk.ordinal(), title, chunk.section(),
                            chunk.page(), chunk.text(), embedder.modelName(), vectors[i]));
                }
                index.add(stored);
                done += batch.size();
                if (!send(new RecordEmbeddingProgress(fileId, done, chunks.size()), metaData)) {
                    index.remove(upload.tenantId(), fileId);
                    return;
                }
            }
            index.markReady(upload.tenantId(), fileId, embedder.modelName());
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (!send(new MarkDocumentIndexed(fileId, chunks.size(), embedder.modelName(), millis), metaData)) {
                index.remove(upload.tenantId(), fileId);
                return;
            }
            log.info("Indexed file {}: {} pages, {} chunks in {} ms", fileId, pages, chunks.size(), millis);
        } catch (RuntimeException e) {
            log.error("Indexing file {} failed unexpectedly: {}", fileId, e.getClass().getName());
            fail(upload, "indexing failed unexpectedly; upload the file again", metaData);
        }
    }

    /**
     * Ends the run as failed: what it wrote goes (not yet searchable); a document being indexed again keeps its
     * searchable chunks of the earlier indexing and stays indexed with them (the document records the failure).
     */
    private void fail(FileUploaded upload, String reason, Map<String, Object> metaData) {
        try {
            index.removeUnready(upload.tenantId(), upload.fileId());
        } catch (RuntimeException e) {
            log.warn("Removing the chunks of failed file {} failed: {}", upload.fileId(), e.getClass().getName());
        }
        send(new FailDocument(upload.fileId(), reason), metaData);
    }

    /** Sends a report; false when the document refused it (no longer processing), which stops the run. */
    private boolean send(Object command, Map<String, Object> metaData) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            return true;
        } catch (CommandRejectedException rejected) {
            log.debug("{} refused: {}", command.getClass().getSimpleName(), rejected.getMessage());
            return false;
        }
    }
}
