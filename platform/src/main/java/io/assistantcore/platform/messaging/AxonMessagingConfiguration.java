package io.assistantcore.platform.messaging;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.AxonNonTransientExceptionClassesPredicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** How messages travel: the metadata every event inherits from its cause, and the command gateway's retries. */
@Configuration(proxyBeanMethods = false)
public class AxonMessagingConfiguration {

    /** Who, for which tenant and in which request: copied from every command to the events it causes. */
    @Bean
    public CorrelationDataProvider tenantUserRequestCorrelation() {
        return new SimpleCorrelationDataProvider(MetaDataKeys.CORRELATED.toArray(String[]::new));
    }

    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean(destroyMethod = "shutdown")
    public ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Two nodes writing the same aggregate collide on its (aggregate id, sequence) key; the loser retries on fresh
     * state, as do passing infrastructure faults. A refused command or any failure Axon marks non-transient is final.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor)
                        .retryInterval(25)
                        .maxRetryCount(5)
                        .nonTransientFailurePredicate(new AxonNonTransientExceptionClassesPredicate()
                                .or(failure -> failure instanceof CommandRejectedException))
                        .build())
                .build();
    }

    /**
     * Every command, query and event batch bounded in time: a warning after {@code warning-after}, an interrupt at
     * {@code time-limit} (Axon's defaults; decision 0021 says why this replaces Axon's own time limits).
     */
    @Bean(destroyMethod = "close")
    public UnitOfWorkTimeLimits unitOfWorkTimeLimits(
            @Value("${assistant.unit-of-work.time-limit:PT60S}") Duration limit,
            @Value("${assistant.unit-of-work.warning-after:PT10S}") Duration warningAfter) {
        return new UnitOfWorkTimeLimits(limit, warningAfter);
    }

    @Bean
    public ConfigurerModule unitOfWorkTimeLimitsModule(UnitOfWorkTimeLimits unitOfWorkTimeLimits) {
        return unitOfWorkTimeLimits.module();
    }

}
