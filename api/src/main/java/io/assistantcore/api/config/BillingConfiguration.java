package io.assistantcore.api.config;

import io.assistantcore.ai.billing.CostEstimator;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.cache.ResponseCache;
import io.assistantcore.ai.cache.ResponseCacheInvalidation;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.PromptTemplates;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.ai.vector.VectorIndexes;
import io.assistantcore.command.billing.BudgetLedger;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import javax.sql.DataSource;
import java.time.Clock;

/** Wires billing: prices for the workers, budget estimates, the response cache and its vector storage. */
@Configuration(proxyBeanMethods = false)
public class BillingConfiguration {

    /** Dimension of all-MiniLM-L6-v2, the offline engine's embedding model that the semantic cache uses. */
    static final int EMBEDDING_DIMENSION = 384;

    /** A ledger is snapshotted every this many events, so a busy month loads fast. */
    static final int LEDGER_SNAPSHOT_EVERY = 200;

    @Bean
    public PriceBook priceBook(@Lazy QueryGateway queryGateway, AssistantProperties properties) {
        return new PriceBook(queryGateway, properties.ai().priceRefresh());
    }

    @Bean
    public CostEstimator costEstimator(PriceBook priceBook) {
        return new CostEstimator(new PromptTemplates(), priceBook);
    }

    @Bean
    public VectorIndex vectorIndex(DataSource dataSource) {
        return VectorIndexes.create(dataSource, EMBEDDING_DIMENSION);
    }

    @Bean
    public ResponseCache responseCache(DataSource dataSource, VectorIndex vectorIndex,
                                       OfflineTextEngine offlineTextEngine, AssistantProperties properties) {
        return new ResponseCache(dataSource, () -> vectorIndex, offlineTextEngine::embeddingModel,
                properties.cache().semanticThreshold(), properties.cache().maxAge(), Clock.systemUTC());
    }

    @Bean
    public ResponseCacheInvalidation responseCacheInvalidation(ResponseCache responseCache) {
        return new ResponseCacheInvalidation(responseCache);
    }

    @Bean(BudgetLedger.SNAPSHOT_TRIGGER)
    public SnapshotTriggerDefinition budgetLedgerSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, LEDGER_SNAPSHOT_EVERY);
    }
}
