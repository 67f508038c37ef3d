package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import io.assistantcore.platform.files.EncryptedFileStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The knowledge pipeline: parsing, chunking, embedding, the chunk index, search, and their event handlers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KnowledgeConfiguration.KnowledgeProperties.class)
public class KnowledgeConfiguration {

    /** The embedding model inside the langchain4j jar that the offline engine also uses. */
    public static final String IN_JAR_MODEL = "all-minilm-l6-v2";

    /**
     * The workers' {@code assistant.knowledge.*} settings (the upload limits are the API's, same prefix).
     *
     * @param chunkTokens      tokens per chunk (cl100k_base)
     * @param chunkOverlap     tokens a chunk repeats from the one before
     * @param embedBatch       chunks embedded and stored per progress report
     * @param indexerThreads   files indexed at once on a node
     * @param maxPages         a PDF with more pages fails
     * @param maxCharacters    a file with more text fails
     * @param maxParseTime     parsing that takes longer fails
     * @param topK             chunks an answer is grounded on
     * @param minScore         cosine similarity below which a chunk does not count as support (refusal threshold)
     * @param groundedScore    best similarity at or above which an answer is GROUNDED (below: PARTIAL)
     * @param hybrid           fuse full-text ranking with the vector ranking (reciprocal rank fusion)
     * @param sentenceSupport  score a retrieved chunk by its best sentence as well (see docs/knowledge.md)
     */
    @ConfigurationProperties("assistant.knowledge")
    public record KnowledgeProperties(@DefaultValue("200") int chunkTokens, @DefaultValue("40") int chunkOverlap,
                                      @DefaultValue("16") int embedBatch, @DefaultValue("1") int indexerThreads,
                                      @DefaultValue("2000") int maxPages,
                                      @DefaultValue("5000000") long maxCharacters,
                                      @DefaultValue("PT2M") Duration maxParseTime,
                                      @DefaultValue("5") int topK, @DefaultValue("0.5") double minScore,
                                      @DefaultValue("0.6") double groundedScore,
                                      @DefaultValue("false") boolean hybrid,
                                      @DefaultValue("true") boolean sentenceSupport) {
    }

    @Bean
    public KnowledgeIndex knowledgeIndex(DataSource dataSource) {
        return new KnowledgeIndex(dataSource);
    }

    @Bean
    public KnowledgeEmbedder knowledgeEmbedder(OfflineTextEngine offlineTextEngine) {
        return new KnowledgeEmbedder(offlineTextEngine::embeddingModel, IN_JAR_MODEL);
    }

    @Bean
    public KnowledgeSearch knowledgeSearch(KnowledgeIndex index, KnowledgeEmbedder embedder,
                                           KnowledgeProperties properties) {
        return new KnowledgeSearch(index, embedder, properties.hybrid());
    }

    @Bean
    public GroundedAnswers groundedAnswers(KnowledgeSearch search, KnowledgeIndex index, KnowledgeEmbedder embedder,
                                           KnowledgeProperties properties) {
        return new GroundedAnswers(search, index, embedder, Math.max(1, properties.topK()), properties.minScore(),
                properties.groundedScore(), properties.sentenceSupport());
    }

    @Bean
    public KnowledgeSearchQueryHandler knowledgeSearchQueryHandler(KnowledgeSearch search,
                                                                   KnowledgeProperties properties) {
        return new KnowledgeSearchQueryHandler(search, properties.minScore());
    }

    @Bean
    public KnowledgeIndexer knowledgeIndexer(EncryptedFileStore files, KnowledgeEmbedder embedder,
                                             KnowledgeIndex index, CommandGateway commands,
                                             KnowledgeProperties properties) {
        DocumentParser parser = new DocumentParser(new DocumentParser.Limits(properties.maxPages(),
                properties.maxCharacters(), properties.maxParseTime(), 256L << 20));
        return new KnowledgeIndexer(files, parser, new Chunker(properties.chunkTokens(), properties.chunkOverlap()),
                embedder, index, commands, Math.max(1, properties.embedBatch()));
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService knowledgeIndexerExecutor(KnowledgeProperties properties) {
        int threads = Math.max(1, properties.indexerThreads());
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "knowledge-indexer-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    public KnowledgeWorkers.Indexing knowledgeIndexing(KnowledgeIndexer indexer,
                                                       ExecutorService knowledgeIndexerExecutor) {
        return new KnowledgeWorkers.Indexing(indexer, knowledgeIndexerExecutor);
    }

    @Bean
    public KnowledgeWorkers.Cleanup knowledgeCleanup(KnowledgeIndex index, EncryptedFileStore files,
                                                     CommandGateway commands) {
        return new KnowledgeWorkers.Cleanup(index, files, commands);
    }

    /** The indexer starts at the head of the event store: a new deployment must not index old uploads again. */
    @Bean
    public ConfigurerModule knowledgeIndexerProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(KnowledgeWorkers.Indexing.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }

    /** A cleanup that keeps failing is set aside rather than blocking the ones after it. */
    @Bean
    public DeadLetteringGroups knowledgeCleanupDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(KnowledgeWorkers.Cleanup.PROCESSING_GROUP));
    }
}
