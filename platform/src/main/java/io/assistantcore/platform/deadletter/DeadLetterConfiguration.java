package io.assistantcore.platform.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dead-letter queues for the projections and the processors that declare one: an event one of them cannot handle (it
 * keeps failing) is set aside per sequence (aggregate, or what the processor sequences by), and the processor goes on
 * with every other sequence, instead of retrying that event for ever and holding every tenant back. See
 * docs/reliability.md.
 * <p>
 * Read-model builders get one, and processors whose handling can safely be retried later: {@code budget-settlement}
 * (the ledger takes a charge id once; a skipped charge would never reach {@code spent}). Others keep Axon's default
 * (logged, counted, skipped), their skips being repaired otherwise: the AI worker ({@code assist-worker}; a stalled
 * attempt is restarted or failed), {@code data-keys} and the response cache invalidation.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    /**
     * The processing groups whose events may be dead-lettered, named by the modules that own them: each module
     * declares a {@link DeadLetteringGroups} bean.
     */
    static Set<String> groups(List<DeadLetteringGroups> declared) {
        Set<String> groups = new TreeSet<>();
        declared.forEach(d -> groups.addAll(d.processingGroups()));
        return groups;
    }

    @Bean
    public ConfigurerModule projectionDeadLetterQueues(ConnectionProvider connectionProvider,
                                                       TransactionManager transactionManager,
                                                       DeadLetterSchema deadLetterSchema,
                                                       @Qualifier("eventSerializer") Serializer eventSerializer,
                                                       Serializer serializer,
                                                       MeterRegistry meters,
                                                       List<DeadLetteringGroups> declared) {
        Set<String> deadLettering = groups(declared);
        return configurer -> {
            var processing = configurer.eventProcessing();
            processing.registerDefaultListenerInvocationErrorHandler(config -> new ScrubbedLoggingErrorHandler(meters));
            for (String group : deadLettering) {
                processing.registerDeadLetterQueue(group, config -> new SealingDeadLetterQueue(
                                JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                        .processingGroup(group)
                                        .connectionProvider(connectionProvider)
                                        .transactionManager(transactionManager)
                                        .schema(deadLetterSchema)
                                        .genericSerializer(serializer)
                                        .eventSerializer(eventSerializer)
                                        .build()))
                        .registerDeadLetterPolicy(group, config -> new DeadLetterPolicy(group, meters))
                        // a replay rebuilds the read model from every event: what waited is handled again.
                        // The cache remembers per segment which sequences wait in the queue (none while it is
                        // empty), so an event of any other sequence is handled without asking the queue first.
                        .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                                (config, builder) -> builder.allowReset(true).enableSequenceIdentifierCache());
            }
        };
    }

    @Bean
    public BatchSavepoints batchSavepoints(PlatformTransactionManager transactions,
                                           List<DeadLetteringGroups> declared) {
        return new BatchSavepoints(groups(declared), transactions);
    }

    @Bean
    public DeadLetters deadLetters(org.axonframework.config.Configuration axon,
                                   org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return new DeadLetters(axon, jdbc);
    }
}
