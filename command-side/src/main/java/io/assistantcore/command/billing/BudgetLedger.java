package io.assistantcore.command.billing;

import io.assistantcore.command.AggregateCaches;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationRefused;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationReleased;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReserved;
import io.assistantcore.messages.billing.BudgetMessages.BudgetThresholdReached;
import io.assistantcore.messages.billing.BudgetMessages.ChargeUsage;
import io.assistantcore.messages.billing.BudgetMessages.ReleaseReservation;
import io.assistantcore.messages.billing.BudgetMessages.RequestedReservation;
import io.assistantcore.messages.billing.BudgetMessages.ReservationDecision;
import io.assistantcore.messages.billing.BudgetMessages.ReservationOutcome;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudget;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudgets;
import io.assistantcore.messages.billing.BudgetMessages.UsageCharged;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.Money;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One tenant's budget for one month. Reservations, charges and releases are commands on this one aggregate, so they
 * are applied strictly one after the other (on one node by the aggregate lock, across nodes by the event store's
 * unique sequence per aggregate, a conflict being retried): a reservation is only granted while spent + reserved +
 * the new estimate stays within the budget, which is what keeps concurrent requests from overrunning it.
 * Snapshotted (its fields are what Jackson stores), so a busy month does not replay every event per command.
 */
@Aggregate(snapshotTriggerDefinition = BudgetLedger.SNAPSHOT_TRIGGER, cache = AggregateCaches.BUDGET_LEDGERS)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class BudgetLedger {

    /** Name of the bean that decides when a ledger is snapshotted. */
    public static final String SNAPSHOT_TRIGGER = "budgetLedgerSnapshotTrigger";

    private static final Logger log = LoggerFactory.getLogger(BudgetLedger.class);
    private static final int[] THRESHOLDS = {80, 100};

    /**
     * A reservation still open after this long belongs to a request nobody will end any more (e.g. cancelled while
     * the worker running it was gone): no generation runs that long (providers time out after minutes), so what it
     * holds is given back. A late charge for it is still recorded in full.
     */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    @AggregateIdentifier
    private String ledgerId;
    private String tenantId;
    private String period;
    private String currency;
    private BigDecimal spent = BigDecimal.ZERO;
    /** Open reservations and what is left of each. */
    private Map<String, BigDecimal> reservations = new HashMap<>();
    /** When each open reservation was made (epoch milliseconds: plain numbers in the snapshot). */
    private Map<String, Long> reservedAt = new HashMap<>();
    /** Every charge applied, so a charge delivered twice is billed once. */
    private Set<String> charges = new HashSet<>();
    private Set<Integer> thresholdsReached = new HashSet<>();
    /** Every reservation ever made or refused here, so an id cannot be used twice. */
    private Set<String> reservationIds = new HashSet<>();
    /** The budget the latest reservation was made under. */
    private Money lastBudget;

    protected BudgetLedger() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ReservationDecision handle(ReserveBudget command) {
        return reserve(command, MetaData.emptyInstance());
    }

    /**
     * Decides the reservations one after the other, as lone {@link ReserveBudget}s would be decided; a reservation
     * that a lone command would refuse is refused alone (it records nothing), the others go on.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<ReservationOutcome> handle(ReserveBudgets command) {
        List<ReservationOutcome> outcomes = new ArrayList<>();
        for (RequestedReservation requested : command.reservations()) {
            if (!command.ledgerId().equals(requested.reservation().ledgerId())) {
                outcomes.add(ReservationOutcome.rejected(invalid("ledgerId", "a reservation of ledger '"
                        + requested.reservation().ledgerId() + "' cannot be decided by ledger '" + command.ledgerId()
                        + "'")));
                continue;
            }
            try {
                outcomes.add(ReservationOutcome.decided(reserve(requested.reservation(),
                        MetaData.from(requested.requester()))));
            } catch (CommandRejectedException refused) {
                outcomes.add(ReservationOutcome.rejected(refused));
            }
        }
        return outcomes;
    }

    private ReservationDecision reserve(ReserveBudget command, MetaData requester) {
        Money estimate = command.estimate();
        Money budget = command.budget();
        if (estimate == null || estimate.amount().signum() < 0) {
            throw invalid("estimate", "a reservation needs an estimate of zero or more");
        }
        if (budget == null || !budget.currency().equals(estimate.currency())) {
            throw invalid("currency", "the estimate is in " + estimate.currency() + " but the budget in "
                    + (budget == null ? "nothing" : budget.currency()));
        }
        if (currency != null && !currency.equals(budget.currency())) {
            throw conflict("currency-changed", "This month's ledger is kept in " + currency + "; the budget is now in "
                    + budget.currency() + ". Change the budget currency at the start of a month.");
        }
        if (reservationIds.contains(command.reservationId())) {
            throw conflict("reservation-exists", "Reservation '" + command.reservationId() + "' was made already");
        }
        releaseAbandoned(requester);
        BigDecimal reserved = reserved();
        String ccy = budget.currency();
        if (spent.add(reserved).add(estimate.amount()).compareTo(budget.amount()) > 0) {
            apply(new BudgetReservationRefused(command.ledgerId(), command.tenantId(), command.period(),
                    command.reservationId(), command.userId(), estimate, budget, new Money(spent, ccy),
                    new Money(reserved, ccy)), requester);
            if (!thresholdsReached.contains(100)) {
                apply(new BudgetThresholdReached(command.ledgerId(), command.tenantId(), command.period(), 100, budget,
                        new Money(spent, ccy), new Money(reserved, ccy)), requester);
            }
            return new ReservationDecision(false, budget, new Money(spent, ccy), new Money(reserved, ccy));
        }
        apply(new BudgetReserved(command.ledgerId(), command.tenantId(), command.period(), command.reservationId(),
                command.userId(), estimate, budget), requester);
        checkThresholds(budget, requester);
        return new ReservationDecision(true, budget, new Money(spent, ccy), new Money(reserved(), ccy));
    }

    @CommandHandler
    public void handle(ChargeUsage command) {
        String chargeKey = command.reservationId() + "|" + command.chargeId();
        if (charges.contains(chargeKey)) {
            return;
        }
        // no cost (no model was called, or it has no price) and a zero cost in any currency are both nothing
        Money cost = command.cost() == null || command.cost().amount().signum() == 0 ? Money.zero(currency)
                : command.cost();
        if (cost.amount().signum() < 0) {
            throw invalid("cost", "a cost cannot be negative");
        }
        if (!cost.currency().equals(currency)) {
            // The model's price changed currency while the request ran (a reservation is only made when price and
            // budget share one). There are no exchange rates: the usage costs what its reservation still holds, the
            // highest cost at the price the request was admitted under, in this ledger's currency. Without an open
            // reservation nothing prices it: refused (the settlement keeps it as a dead letter).
            BigDecimal held = reservations.get(command.reservationId());
            if (held == null) {
                throw invalid("cost", "the cost is in " + cost.currency() + " but this ledger is kept in " + currency
                        + ", and reservation '" + command.reservationId() + "' is no longer open to price it");
            }
            log.warn("Charge {} of ledger {} came in {}, the ledger is kept in {}: charged at what its reservation "
                    + "held", command.chargeId(), ledgerId, cost.currency(), currency);
            cost = new Money(held, currency);
        }
        BigDecimal left = reservations.getOrDefault(command.reservationId(), BigDecimal.ZERO);
        BigDecimal covered = cost.amount().min(left);
        apply(new UsageCharged(ledgerId, tenantId, period, command.reservationId(), command.chargeId(), cost,
                new Money(covered, currency)));
        if (command.closesReservation() && reservations.containsKey(command.reservationId())) {
            apply(new BudgetReservationReleased(ledgerId, tenantId, period, command.reservationId(),
                    new Money(reservations.get(command.reservationId()), currency), "request ended"));
        }
        if (lastBudget != null) {
            checkThresholds(lastBudget);
        }
    }

    @CommandHandler
    public void handle(ReleaseReservation command) {
        BigDecimal left = reservations.get(command.reservationId());
        if (left != null) {
            apply(new BudgetReservationReleased(ledgerId, tenantId, period, command.reservationId(),
                    new Money(left, currency), command.reason()));
        }
    }

    private void releaseAbandoned(MetaData requester) {
        long cutoff = GenericEventMessage.clock.instant().minus(ABANDONED_AFTER).toEpochMilli();
        List<String> abandoned = reservedAt.entrySet().stream().filter(entry -> entry.getValue() < cutoff)
                .map(Map.Entry::getKey).sorted().toList();
        for (String reservationId : abandoned) {
            apply(new BudgetReservationReleased(ledgerId, tenantId, period, reservationId,
                    new Money(reservations.get(reservationId), currency), "abandoned: open for more than "
                    + ABANDONED_AFTER.toHours() + " h"), requester);
        }
    }

    private void checkThresholds(Money budget) {
        checkThresholds(budget, MetaData.emptyInstance());
    }

    private void checkThresholds(Money budget, MetaData requester) {
        if (budget.amount().signum() <= 0) {
            return;
        }
        BigDecimal committed = spent.add(reserved());
        for (int percent : THRESHOLDS) {
            BigDecimal line = budget.amount().multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100));
            if (!thresholdsReached.contains(percent) && committed.compareTo(line) >= 0) {
                apply(new BudgetThresholdReached(ledgerId, tenantId, period, percent, budget,
                        new Money(spent, currency), new Money(reserved(), currency)), requester);
            }
        }
    }

    private BigDecimal reserved() {
        return reservations.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void identify(String ledgerId, String tenantId, String period) {
        this.ledgerId = ledgerId;
        this.tenantId = tenantId;
        this.period = period;
    }

    @EventSourcingHandler
    void on(BudgetReserved event, @Timestamp Instant at) {
        identify(event.ledgerId(), event.tenantId(), event.period());
        currency = event.budget().currency();
        lastBudget = event.budget();
        reservations.put(event.reservationId(), event.amount().amount());
        reservedAt.put(event.reservationId(), at.toEpochMilli());
        reservationIds.add(event.reservationId());
    }

    @EventSourcingHandler
    void on(BudgetReservationRefused event) {
        identify(event.ledgerId(), event.tenantId(), event.period());
        currency = event.budget().currency();
        lastBudget = event.budget();
        reservationIds.add(event.reservationId());
    }

    @EventSourcingHandler
    void on(UsageCharged event) {
        charges.add(event.reservationId() + "|" + event.chargeId());
        spent = spent.add(event.cost().amount());
        reservations.computeIfPresent(event.reservationId(),
                (id, left) -> left.subtract(event.fromReservation().amount()));
    }

    @EventSourcingHandler
    void on(BudgetReservationReleased event) {
        reservations.remove(event.reservationId());
        reservedAt.remove(event.reservationId());
    }

    @EventSourcingHandler
    void on(BudgetThresholdReached event) {
        identify(event.ledgerId(), event.tenantId(), event.period());
        thresholdsReached.add(event.percent());
    }
}
