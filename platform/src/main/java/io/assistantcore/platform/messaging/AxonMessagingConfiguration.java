package io.assistantcore.platform.messaging;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.AxonNonTransientExceptionClassesPredicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.springframework.beans.factory.InitializingBean;
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
     * A bound on every command's unit of work: a command handler that runs longer than
     * {@code assistant.commands.timeout} (30 s) is interrupted, with warnings in the log from a third of it on. Axon's
     * own time limits for every handler and unit of work are switched off ({@code axon.timeout.enabled=false}): each of
     * them records a stack trace and schedules tasks for every event each processor handles, which cost about 40% of
     * the CPU of a request under load (decision 0011). Commands are what an HTTP request waits for, so they keep one.
     */
    @Bean
    public InitializingBean commandTimeLimit(CommandBus commandBus,
                                             @Value("${assistant.commands.timeout:30s}") Duration timeout) {
        int limit = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return () -> commandBus.registerHandlerInterceptor(new UnitOfWorkTimeoutInterceptor(
                commandBus.getClass().getSimpleName(), limit, limit / 3, Math.max(1, limit / 6)));
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
}
