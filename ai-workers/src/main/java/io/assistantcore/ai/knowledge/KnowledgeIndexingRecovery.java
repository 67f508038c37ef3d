package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.IndexingRuns.Run;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.knowledge.KnowledgeCommands.FailDocument;
import io.assistantcore.platform.nodes.NodeLeases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Takes over the indexing runs of nodes that stopped (their lease expired) with uploads queued or under way: an
 * upload whose document reported no step yet is indexed here; one that stopped part-way is failed with a reason
 * (its chunks are removed by the cleanup, and the uploader can upload it again); one that ended meanwhile is only
 * forgotten. Every node sweeps; taking a run over is one conditional update, so each run is taken by one node.
 */
public class KnowledgeIndexingRecovery {

    static final String INTERRUPTED = "indexing was interrupted because its node stopped; upload the file again";

    private static final Logger log = LoggerFactory.getLogger(KnowledgeIndexingRecovery.class);
    private static final int BATCH = 50;

    private final IndexingRuns runs;
    private final DocumentHistory history;
    private final KnowledgeIndexer indexer;
    private final Executor executor;
    private final CommandGateway commands;
    private final NodeLeases nodes;
    private final Duration leaseTimeout;

    public KnowledgeIndexingRecovery(IndexingRuns runs, DocumentHistory history, KnowledgeIndexer indexer,
                                     Executor executor, CommandGateway commands, NodeLeases nodes,
                                     Duration leaseTimeout) {
        this.runs = runs;
        this.history = history;
        this.indexer = indexer;
        this.executor = executor;
        this.commands = commands;
        this.nodes = nodes;
        this.leaseTimeout = leaseTimeout;
    }

    /** One sweep; answers how many runs it took over. */
    public int sweep() {
        int taken = 0;
        for (Run run : runs.orphaned(nodes.liveNodes(leaseTimeout), BATCH)) {
            if (!runs.takeOver(run, nodes.nodeId())) {
                continue;
            }
            taken++;
            DocumentHistory.State state = history.of(run.fileId());
            switch (state.stage()) {
                case WAITING -> {
                    log.info("Indexing file {} left by stopped node {}", run.fileId(), run.nodeId());
                    KnowledgeWorkers.Indexing.start(indexer, executor, runs, state.upload(), Map.of());
                }
                case UNDER_WAY -> {
                    log.info("Failing file {}: its indexing stopped with node {}", run.fileId(), run.nodeId());
                    try {
                        commands.sendAndWait(new FailDocument(run.fileId(), INTERRUPTED));
                    } catch (CommandRejectedException e) {
                        // it ended meanwhile
                    }
                    runs.finished(run.fileId());
                }
                default -> runs.finished(run.fileId());
            }
        }
        return taken;
    }
}
