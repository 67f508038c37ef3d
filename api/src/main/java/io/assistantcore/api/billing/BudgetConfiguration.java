package io.assistantcore.api.billing;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires budget admission: reservations decided in groups per ledger (see {@link LedgerReservations}). */
@Configuration(proxyBeanMethods = false)
public class BudgetConfiguration {

    /** Ledgers whose batches are sent at once; at most one batch per ledger is ever in flight. */
    static final int SENDERS = 4;

    @Bean(destroyMethod = "shutdown")
    public ExecutorService ledgerReservationSenders() {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(SENDERS, SENDERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "ledger-reservations-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Bean
    public LedgerReservations ledgerReservations(CommandGateway commandGateway,
                                                 ExecutorService ledgerReservationSenders) {
        return new LedgerReservations(commandGateway, ledgerReservationSenders);
    }
}
