package io.assistantcore.api.billing;

import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.billing.CostEstimator;
import io.assistantcore.ai.billing.CostEstimator.Estimate;
import io.assistantcore.ai.billing.UnbudgetableRequestException;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.assist.AssistCommands.Funding;
import io.assistantcore.messages.billing.BudgetMessages;
import io.assistantcore.messages.billing.BudgetMessages.ReleaseReservation;
import io.assistantcore.messages.billing.BudgetMessages.ReservationDecision;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudget;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Reserves a request's estimated cost in the tenant's ledger of the current month before anything calls a model,
 * and refuses the request (429, {@code budget-exhausted}) when it does not fit. The ledger aggregate orders the
 * reservations, so concurrent requests cannot together overrun the budget.
 */
@Component
public class BudgetGuard {

    private static final Logger log = LoggerFactory.getLogger(BudgetGuard.class);

    private final CommandGateway commands;
    private final CostEstimator estimator;
    private final ProviderChain providers;
    private final Clock clock;

    public BudgetGuard(CommandGateway commands, CostEstimator estimator, ProviderChain providers) {
        this.commands = commands;
        this.estimator = estimator;
        this.providers = providers;
        this.clock = Clock.systemUTC();
    }

    /** A granted reservation. */
    public record Reservation(String ledgerId, String reservationId, Estimate estimate) {

        public Funding funding() {
            return new Funding(ledgerId, reservationId);
        }
    }

    /** The estimate alone (prompt tokens, output limit, amount), for rate limits that count tokens. */
    public Estimate estimate(TenantView tenant, GenerationRequest request) {
        Money budget = tenant.quotas().monthlyBudget();
        List<TextGenerator> candidates = providers.candidates(tenant.aiPolicy().allowedModels(), null);
        try {
            return estimator.estimate(request, candidates, budget.currency());
        } catch (UnbudgetableRequestException e) {
            throw new ApiException(HttpStatus.CONFLICT, "unbudgetable-request", "Request cannot be budgeted",
                    e.getMessage());
        }
    }

    /**
     * Reserves {@code estimate} for a request of {@code userId}.
     *
     * @throws ApiException 429 {@code budget-exhausted} when the month's budget cannot cover it
     */
    public Reservation reserve(TenantView tenant, String userId, Estimate estimate) {
        Money budget = tenant.quotas().monthlyBudget();
        YearMonth period = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        String ledgerId = BudgetMessages.ledgerId(tenant.tenantId(), period);
        String reservationId = UUID.randomUUID().toString();
        ReservationDecision decision = commands.sendAndWait(new ReserveBudget(ledgerId, tenant.tenantId(),
                period.toString(), reservationId, userId, estimate.amount(), budget));
        if (!decision.granted()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "budget-exhausted", "Budget exhausted",
                    "Your organisation's budget for " + period + " is " + plain(budget) + "; " + plain(decision.spent())
                            + " is spent and " + plain(decision.reserved()) + " is reserved by running requests, so "
                            + plain(decision.remaining()) + " is left. This request may cost up to "
                            + plain(estimate.amount()) + " (" + estimate.promptTokens() + " prompt tokens and up to "
                            + estimate.outputLimit() + " output tokens on " + estimate.pricedAs() + "). A tenant "
                            + "admin can raise the monthly budget with PUT /api/v1/tenants/" + tenant.tenantId()
                            + "/quotas.");
        }
        return new Reservation(ledgerId, reservationId, estimate);
    }

    /** Gives a reservation back whose request was refused after all; never fails the caller. */
    public void release(Reservation reservation, String reason) {
        try {
            commands.sendAndWait(new ReleaseReservation(reservation.ledgerId(), reservation.reservationId(), reason));
        } catch (RuntimeException e) {
            log.warn("Releasing reservation {} in {} failed: {}", reservation.reservationId(), reservation.ledgerId(),
                    e.toString());
        }
    }

    private static String plain(Money money) {
        return money.amount().stripTrailingZeros().toPlainString() + " " + money.currency();
    }
}
