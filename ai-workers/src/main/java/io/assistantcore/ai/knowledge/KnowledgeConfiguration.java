package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.AiWorkersConfiguration;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.ProviderConfiguration;
import io.assistantcore.ai.provider.ProviderSettings;
import org.springframework.core.env.Environment;
import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import io.assistantcore.platform.files.EncryptedFileStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import io.assistantcore.platform.nodes.NodeConfiguration.NodeProperties;
import io.assistantcore.platform.nodes.NodeLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The knowledge pipeline: parsing, chunking, embedding, the chunk index, search, and their event handlers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KnowledgeConfiguration.KnowledgeProperties.class)
public class KnowledgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);

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
     * @param confidentScore   best similarity from which a question counts as covered whatever its words (1: the
     *                         word check applies to every question)
     * @param minCoverage      between min-score and confident-score, the share of the question's words one
     *                         retrieved passage must support (contain, or say in other words), or it is refused
     * @param wordSupport      how much less similar to a passage's best sentence the question must be without a
     *                         word for the passage to support that word without containing it
     * @param wordScore        below min-score, the best similarity from which a question is still answered when one
     *                         sentence of a retrieved passage, with the sentences beside it, supports every one of
     *                         its words (at least two); 1: never
     * @param answerTypeCheck  refuse a question that asks for a kind of answer (a number, a price, a date, duration or
     *                         frequency, a person, a place) when the sentences its answer would quote contain nothing
     *                         of that kind ({@link AnswerTypes})
     * @param answerTypeMargin how far above the deciding score (min-score, or word-score) the best similarity must be
     *                         for the answer-type check to be skipped
     * @param wordSimilarity   a question's word also counts as supported by a passage holding a word whose vector,
     *                         each word embedded alone, is at least this close (cosine; 1 or more: never; 0.8
     *                         since the ninth round, see docs/knowledge.md)
     * @param wordWindow       below min-score, how many sentences on each side of a passage's sentence count with it
     *                         when every word of the question must be supported (1: the sentences beside it; a large
     *                         value: the whole passage; docs/knowledge.md item 36)
     * @param coverageNeighbours from min-score, a question's word also counts as supported by a passage when a chunk
     *                         of the same document up to this many chunks before or after it contains the word (0: the
     *                         passage alone; docs/knowledge.md item 39)
     * @param synonyms         a question's word also counts as supported by a passage (or by a sentence with its
     *                         neighbours) that contains a WordNet synonym of it: a single-word lemma of the word's first
     *                         this many senses as a noun, a verb and an adjective (0: never; a large value: every
     *                         sense; docs/knowledge.md item 43)
     * @param groundedScore    best similarity at or above which an answer is GROUNDED (below: PARTIAL)
     * @param hybrid           fuse full-text ranking with the vector ranking (reciprocal rank fusion)
     * @param sentenceSupport  score a retrieved chunk by its best sentence as well (see docs/knowledge.md)
     * @param recoveryInterval how often a node looks for indexing runs left by stopped nodes and for documents
     *                         embedded with another model than the configured one
     * @param embeddingModel   empty: the in-jar model; otherwise a provider's embedding model (OpenAI-compatible
     *                         {@code /v1/embeddings}, e.g. {@code text-embedding-3-small}); changing it indexes the
     *                         documents again
     * @param embeddingBaseUrl the embeddings API's base URL (default: the OpenAI provider's)
     * @param embeddingApiKey  its API key (default: the OpenAI provider's)
     * @param embeddingDimensions the vector size to ask for (null: the model's own)
     * @param embeddingTimeout limit for one embeddings call
     */
    @ConfigurationProperties("assistant.knowledge")
    public record KnowledgeProperties(@DefaultValue("200") int chunkTokens, @DefaultValue("40") int chunkOverlap,
                                      @DefaultValue("16") int embedBatch, @DefaultValue("1") int indexerThreads,
                                      @DefaultValue("2000") int maxPages,
                                      @DefaultValue("5000000") long maxCharacters,
                                      @DefaultValue("PT2M") Duration maxParseTime,
                                      @DefaultValue("5") int topK, @DefaultValue("0.5") double minScore,
                                      @DefaultValue("1.0") double confidentScore,
                                      @DefaultValue("0.5") double minCoverage,
                                      @DefaultValue("0.08") double wordSupport,
                                      @DefaultValue("0.4") double wordScore,
                                      @DefaultValue("true") boolean answerTypeCheck,
                                      @DefaultValue("0.2") double answerTypeMargin,
                                      @DefaultValue("0.8") double wordSimilarity,
                                      @DefaultValue("1") int wordWindow,
                                      @DefaultValue("0") int coverageNeighbours,
                                      @DefaultValue("0") int synonyms,
                                      @DefaultValue("0.6") double groundedScore,
                                      @DefaultValue("false") boolean hybrid,
                                      @DefaultValue("true") boolean sentenceSupport,
                                      @DefaultValue("PT15S") Duration recoveryInterval,
                                      @DefaultValue("") String embeddingModel, String embeddingBaseUrl,
                                      String embeddingApiKey, Integer embeddingDimensions,
                                      @DefaultValue("PT60S") Duration embeddingTimeout) {
    }

    @Bean
    public KnowledgeIndex knowledgeIndex(DataSource dataSource) {
        return new KnowledgeIndex(dataSource);
    }

    /**
     * The in-jar model, unless {@code embedding-model} names a provider's model: then the OpenAI-compatible
     * {@code /v1/embeddings} at {@code embedding-base-url} (default: the configured OpenAI provider's base URL) with
     * {@code embedding-api-key} (default: the OpenAI provider's key). The recorded model name is
     * {@code openai:<model>}.
     */
    @Bean
    public KnowledgeEmbedder knowledgeEmbedder(OfflineTextEngine offlineTextEngine, KnowledgeProperties properties,
                                               Environment environment) {
        String model = properties.embeddingModel() == null ? "" : properties.embeddingModel().strip();
        if (model.isEmpty() || model.equals(IN_JAR_MODEL)) {
            return new KnowledgeEmbedder(offlineTextEngine::embeddingModel, IN_JAR_MODEL);
        }
        ProviderSettings openai = ProviderConfiguration.configuredProviders(environment).stream()
                .filter(settings -> settings.id().equals(ProviderSettings.OPENAI)).findFirst().orElse(null);
        String baseUrl = blankToNull(properties.embeddingBaseUrl());
        String apiKey = blankToNull(properties.embeddingApiKey());
        if (baseUrl == null && openai != null) {
            baseUrl = openai.effectiveBaseUrl();
        }
        if (apiKey == null && openai != null) {
            apiKey = openai.apiKey();
        }
        if (baseUrl == null || apiKey == null) {
            throw new IllegalStateException("assistant.knowledge.embedding-model names a provider's model, but no "
                    + "OpenAI provider (or embedding-base-url and embedding-api-key) is configured");
        }
        EmbeddingModel embeddings = OpenAiEmbeddingModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .dimensions(properties.embeddingDimensions())
                .timeout(properties.embeddingTimeout())
                .maxRetries(2)
                .build();
        log.info("Knowledge embeddings: provider model {} (OpenAI-compatible)", model);
        return new KnowledgeEmbedder(() -> embeddings, "openai:" + model, KnowledgeEmbedder.PROVIDER_MAX_CHARS,
                false);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
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
                properties.groundedScore(), properties.sentenceSupport(), properties.confidentScore(),
                properties.minCoverage(), properties.wordSupport(), properties.wordScore(),
                properties.answerTypeCheck(), properties.answerTypeMargin(),
                properties.wordSimilarity() >= 1 ? Double.POSITIVE_INFINITY : properties.wordSimilarity(),
                properties.wordWindow(), properties.coverageNeighbours(), properties.synonyms());
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
    public IndexingRuns knowledgeIndexingRuns(DataSource dataSource) {
        return new IndexingRuns(dataSource);
    }

    @Bean
    public DocumentHistory knowledgeDocumentHistory(EventStore eventStore) {
        return new DocumentHistory(eventStore);
    }

    @Bean
    public KnowledgeWorkers.Indexing knowledgeIndexing(KnowledgeIndexer indexer,
                                                       ExecutorService knowledgeIndexerExecutor,
                                                       DocumentHistory knowledgeDocumentHistory,
                                                       IndexingRuns knowledgeIndexingRuns, NodeLeases nodeLeases) {
        return new KnowledgeWorkers.Indexing(indexer, knowledgeIndexerExecutor, knowledgeDocumentHistory,
                knowledgeIndexingRuns, nodeLeases.nodeId());
    }

    @Bean
    public KnowledgeIndexingRecovery knowledgeIndexingRecovery(IndexingRuns knowledgeIndexingRuns,
                                                               DocumentHistory knowledgeDocumentHistory,
                                                               KnowledgeIndexer indexer,
                                                               ExecutorService knowledgeIndexerExecutor,
                                                               CommandGateway commands, NodeLeases nodeLeases,
                                                               NodeProperties nodeProperties) {
        return new KnowledgeIndexingRecovery(knowledgeIndexingRuns, knowledgeDocumentHistory, indexer,
                knowledgeIndexerExecutor, commands, nodeLeases, nodeProperties.leaseTimeout());
    }

    @Bean
    public EmbeddingModelChange knowledgeEmbeddingModelChange(KnowledgeIndex index, KnowledgeEmbedder embedder,
                                                              CommandGateway commands) {
        return new EmbeddingModelChange(index, embedder.modelName(), commands);
    }

    /**
     * Looks for the runs of stopped nodes and for documents embedded with another model than the configured one
     * soon after start, then every {@code recovery-interval}.
     */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService knowledgeIndexingRecoverySweeps(KnowledgeIndexingRecovery recovery,
                                                                    EmbeddingModelChange modelChange,
                                                                    KnowledgeProperties properties) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "knowledge-indexing-recovery");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(1_000, properties.recoveryInterval().toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                recovery.sweep();
            } catch (RuntimeException e) {
                log.warn("Recovering interrupted indexing runs failed: {}", e.toString());
            }
            try {
                modelChange.sweep();
            } catch (RuntimeException e) {
                log.warn("Asking documents to be indexed with the configured embedding model failed: {}",
                        e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    @Bean
    public KnowledgeWorkers.Cleanup knowledgeCleanup(KnowledgeIndex index, EncryptedFileStore files,
                                                     CommandGateway commands) {
        return new KnowledgeWorkers.Cleanup(index, files, commands);
    }

    /**
     * The indexer starts at the tail of the event store: an indexer that starts for the first time catches up on the
     * uploads made before (each is checked against its document's events, so none is indexed twice).
     */
    @Bean
    public ConfigurerModule knowledgeIndexerProcessor(AiWorkersConfiguration.AiProperties properties) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(KnowledgeWorkers.Indexing.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createTailToken)
                                .initialSegmentCount(properties.workerSegments()));
    }

    /** A cleanup that keeps failing is set aside rather than blocking the ones after it. */
    @Bean
    public DeadLetteringGroups knowledgeCleanupDeadLetteringGroups() {
        return new DeadLetteringGroups(Set.of(KnowledgeWorkers.Cleanup.PROCESSING_GROUP));
    }
}
