package io.assistantcore.messages.billing;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The budget ledger of one tenant for one calendar month (UTC). Every model call is paid for in two steps: an
 * estimate is reserved before the call, and the actual cost is charged against that reservation afterwards; what the
 * reservation did not use is released when the request ends. The ledger is one aggregate, so its commands are
 * applied one after the other and concurrent requests can never together reserve more than the budget.
 */
public final class BudgetMessages {

    private BudgetMessages() {
    }

    /** The id of a tenant's ledger for a month: {@code <tenantId>/<yyyy-MM>}. */
    public static String ledgerId(String tenantId, YearMonth period) {
        return tenantId + "/" + period;
    }

    /**
     * Reserves {@code estimate} unless spent + reserved + estimate would exceed {@code budget} (the tenant's monthly
     * budget when the request was made). Answers a {@link ReservationDecision}; a refusal is recorded as an event
     * too, so it is never an exception.
     */
    public record ReserveBudget(@TargetAggregateIdentifier String ledgerId, String tenantId, String period,
                                String reservationId, String userId, Money estimate, Money budget) {
    }

    /**
     * Several reservations of one ledger decided in one command, one after the other in the given order, exactly as
     * if each were a {@link ReserveBudget} of its own (group commit: under load, requests that arrive while the ledger
     * is busy are decided together instead of each waiting for the ledger's lock). Each reservation's events carry
     * its requester's metadata ({@code requester}: user, tenant, request id). Answers one
     * {@link ReservationOutcome} per reservation, in order.
     */
    public record ReserveBudgets(@TargetAggregateIdentifier String ledgerId, List<RequestedReservation> reservations) {

        public ReserveBudgets {
            reservations = List.copyOf(reservations);
        }
    }

    /** One reservation of a {@link ReserveBudgets} with the metadata of the request that asked for it. */
    public record RequestedReservation(ReserveBudget reservation, Map<String, String> requester) {

        public RequestedReservation {
            requester = Map.copyOf(requester);
        }
    }

    /**
     * What became of one reservation of a {@link ReserveBudgets}: a decision, or the refusal a {@link ReserveBudget}
     * alone would have thrown ({@code rejection}).
     */
    public record ReservationOutcome(ReservationDecision decision, CommandRejectedException.Kind rejectionKind,
                                     String rejectionCode, String rejectionMessage) {

        public static ReservationOutcome decided(ReservationDecision decision) {
            return new ReservationOutcome(decision, null, null, null);
        }

        public static ReservationOutcome rejected(CommandRejectedException rejection) {
            return new ReservationOutcome(null, rejection.kind(), rejection.code(), rejection.getMessage());
        }

        /** The decision, or the refusal thrown as a lone {@link ReserveBudget} would have thrown it. */
        public ReservationDecision decisionOrThrow() {
            if (decision == null) {
                throw new CommandRejectedException(rejectionKind, rejectionCode, rejectionMessage);
            }
            return decision;
        }
    }

    public record ReservationDecision(boolean granted, Money budget, Money spent, Money reserved) {

        public Money remaining() {
            return budget.minus(spent).minus(reserved);
        }
    }

    /**
     * Charges the actual cost of one model call (or cache hit) against a reservation. {@code chargeId} names the
     * call (suggestion and attempt); a charge already applied is ignored, so delivering it twice bills once.
     *
     * @param closesReservation the request ended with this call: release what the reservation did not use
     */
    public record ChargeUsage(@TargetAggregateIdentifier String ledgerId, String reservationId, String chargeId,
                              Money cost, boolean closesReservation) {
    }

    /** Releases what is left of a reservation (a request that ended without a model call, or was refused). */
    public record ReleaseReservation(@TargetAggregateIdentifier String ledgerId, String reservationId, String reason) {
    }

    @Revision("1")
    public record BudgetReserved(String ledgerId, String tenantId, String period, String reservationId,
                                 String userId, Money amount, Money budget) {
    }

    @Revision("1")
    public record BudgetReservationRefused(String ledgerId, String tenantId, String period, String reservationId,
                                           String userId, Money estimate, Money budget, Money spent,
                                           Money reserved) {
    }

    /** {@code fromReservation} is the part of the cost the reservation covered; the rest went beyond it. */
    @Revision("1")
    public record UsageCharged(String ledgerId, String tenantId, String period, String reservationId,
                               String chargeId, Money cost, Money fromReservation) {
    }

    @Revision("1")
    public record BudgetReservationReleased(String ledgerId, String tenantId, String period, String reservationId,
                                            Money released, String reason) {
    }

    /**
     * Spent plus reserved reached {@code percent} (80 or 100) of the budget for the first time this month. 100 is
     * also recorded at the month's first refusal: from then on the budget no longer covers every request.
     */
    @Revision("1")
    public record BudgetThresholdReached(String ledgerId, String tenantId, String period, int percent,
                                         Money budget, Money spent, Money reserved) {
    }
}
