package io.assistantcore.messages.billing;

import io.assistantcore.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.time.YearMonth;

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
