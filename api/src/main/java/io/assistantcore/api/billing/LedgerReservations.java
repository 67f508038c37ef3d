package io.assistantcore.api.billing;

import io.assistantcore.messages.billing.BudgetMessages.ReleaseReservation;
import io.assistantcore.messages.billing.BudgetMessages.RequestedReservation;
import io.assistantcore.messages.billing.BudgetMessages.ReservationDecision;
import io.assistantcore.messages.billing.BudgetMessages.ReservationOutcome;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudget;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudgets;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for budget reservations. Every AI request reserves from its tenant's month ledger, one aggregate, so
 * under load requests queue for that aggregate's lock one command at a time. Here the reservations that arrive while
 * a ledger is busy are collected and decided together in one {@link ReserveBudgets} command — one lock, one load, one
 * transaction — in their order of arrival, each exactly as a lone {@link ReserveBudget} would be decided (the ledger
 * still grants only what fits, so the budget cannot be overrun). With one request at a time a batch holds one
 * reservation and nothing waits longer than before.
 * <p>
 * Batches are sent from {@code sender} threads, which act for no user: each reservation carries its requester's
 * user, tenant and request id, and the ledger records its events with them.
 */
public class LedgerReservations {

    private static final Logger log = LoggerFactory.getLogger(LedgerReservations.class);

    /** Reservations decided in one command at most. */
    static final int MAX_BATCH = 256;

    private record Pending(RequestedReservation reservation, CompletableFuture<ReservationDecision> decision) {
    }

    private static final class Ledger {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean draining = new AtomicBoolean();
    }

    private final CommandGateway commands;
    private final Executor sender;
    private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();

    public LedgerReservations(CommandGateway commands, Executor sender) {
        this.commands = commands;
        this.sender = sender;
    }

    /** Queues {@code reservation} for its ledger; the future completes with its decision or its refusal. */
    public CompletableFuture<ReservationDecision> reserve(ReserveBudget reservation, Map<String, String> requester) {
        CompletableFuture<ReservationDecision> decision = new CompletableFuture<>();
        Ledger ledger = ledgers.computeIfAbsent(reservation.ledgerId(), id -> new Ledger());
        ledger.queue.add(new Pending(new RequestedReservation(reservation, requester), decision));
        schedule(reservation.ledgerId(), ledger);
        return decision;
    }

    private void schedule(String ledgerId, Ledger ledger) {
        if (ledger.draining.compareAndSet(false, true)) {
            try {
                sender.execute(() -> drain(ledgerId, ledger));
            } catch (RuntimeException rejected) {
                ledger.draining.set(false);
                failAll(ledger, rejected);
            }
        }
    }

    /** Sends the queued reservations in batches until the queue is empty; one drainer per ledger at a time. */
    private void drain(String ledgerId, Ledger ledger) {
        try {
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < MAX_BATCH && (next = ledger.queue.poll()) != null) {
                if (!next.decision().isDone()) {
                    batch.add(next); // one whose requester stopped waiting is not decided at all
                }
            }
            if (!batch.isEmpty()) {
                send(ledgerId, batch);
            }
        } finally {
            ledger.draining.set(false);
            if (!ledger.queue.isEmpty()) {
                schedule(ledgerId, ledger);
            }
        }
    }

    private void send(String ledgerId, List<Pending> batch) {
        try {
            String tenantId = batch.get(0).reservation().reservation().tenantId();
            List<ReservationOutcome> outcomes = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new ReserveBudgets(ledgerId, batch.stream().map(Pending::reservation).toList()))
                    .withMetaData(MetaData.with(MetaDataKeys.TENANT_ID, tenantId)));
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<ReservationDecision> decision = batch.get(i).decision();
                try {
                    ReservationDecision decided = outcomes.get(i).decisionOrThrow();
                    if (!decision.complete(decided) && decided.granted()) {
                        // its requester stopped waiting and answered 503: nobody will use or settle it
                        giveBack(batch.get(i).reservation().reservation());
                    }
                } catch (RuntimeException refused) {
                    decision.completeExceptionally(refused);
                }
            }
        } catch (RuntimeException failed) {
            batch.forEach(pending -> pending.decision().completeExceptionally(failed));
        }
    }

    private void giveBack(ReserveBudget reservation) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ReleaseReservation(
                            reservation.ledgerId(), reservation.reservationId(), "requester stopped waiting"))
                    .withMetaData(MetaData.with(MetaDataKeys.TENANT_ID, reservation.tenantId())));
        } catch (RuntimeException e) {
            log.warn("Giving back reservation {} of {} failed ({}); the ledger releases it when it is abandoned",
                    reservation.reservationId(), reservation.ledgerId(), e.getClass().getSimpleName());
        }
    }

    private static void failAll(Ledger ledger, RuntimeException cause) {
        Pending pending;
        while ((pending = ledger.queue.poll()) != null) {
            pending.decision().completeExceptionally(cause);
        }
    }
}
