package io.assistantcore.api.billing;

import io.assistantcore.api.config.CallerMetaDataInterceptor;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.assist.AssistCommands.Funding;
import io.assistantcore.messages.billing.BudgetMessages;
import io.assistantcore.messages.billing.BudgetMessages.ReleaseReservation;
import io.assistantcore.messages.billing.BudgetMessages.ReservationDecision;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudget;
import io.assistantcore.messages.billing.CostEstimates.ChatCostEstimateQuery;
import io.assistantcore.messages.billing.CostEstimates.ChatEstimatedRequest;
import io.assistantcore.messages.billing.CostEstimates.CostEstimate;
import io.assistantcore.messages.billing.CostEstimates.CostEstimateQuery;
import io.assistantcore.messages.billing.CostEstimates.EstimatedRequest;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reserves a request's estimated cost in the tenant's ledger of the current month before anything calls a model,
 * and refuses the request (429, {@code budget-exhausted}) when it does not fit. The ledger aggregate orders the
 * reservations, so concurrent requests cannot together overrun the budget.
 */
@Component
public class BudgetGuard {

    private static final Logger log = LoggerFactory.getLogger(BudgetGuard.class);

    /** How long a request waits for its ledger's decision before it is refused with 503. */
    static final Duration DECISION_WAIT = Duration.ofSeconds(10);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final LedgerReservations reservations;
    private final Clock clock;

    public BudgetGuard(CommandGateway commands, QueryGateway queries, LedgerReservations reservations) {
        this.commands = commands;
        this.queries = queries;
        this.reservations = reservations;
        this.clock = Clock.systemUTC();
    }

    /** A granted reservation. */
    public record Reservation(String ledgerId, String reservationId, CostEstimate estimate) {

        public Funding funding() {
            return new Funding(ledgerId, reservationId);
        }
    }

    /**
     * The estimate alone (prompt tokens, output limit, amount), for rate limits that count tokens; the AI workers
     * answer it.
     *
     * @throws ApiException 409 {@code unbudgetable-request} when the request cannot be budgeted
     */
    public CostEstimate estimate(TenantView tenant, EstimatedRequest request) {
        return answered(new CostEstimateQuery(request, tenant.aiPolicy().allowedModels(),
                tenant.quotas().monthlyBudget().currency()));
    }

    /**
     * The estimate of a chat reply (its prompt with the conversation's memory, the output limit, the dearest model
     * its routes and the fallback chain allow).
     *
     * @throws ApiException 409 {@code unbudgetable-request} when the reply cannot be budgeted
     */
    public CostEstimate estimate(TenantView tenant, ChatEstimatedRequest request) {
        return answered(new ChatCostEstimateQuery(request, tenant.aiPolicy().allowedModels(),
                tenant.quotas().monthlyBudget().currency()));
    }

    private CostEstimate answered(Object estimateQuery) {
        CostEstimate estimate = queries.query(estimateQuery, CostEstimate.class).join();
        if (!estimate.budgetable()) {
            throw new ApiException(HttpStatus.CONFLICT, "unbudgetable-request", "Request cannot be budgeted",
                    estimate.unbudgetableReason());
        }
        return estimate;
    }

    /**
     * Reserves {@code estimate} for a request of {@code userId}.
     *
     * @throws ApiException 429 {@code budget-exhausted} when the month's budget cannot cover it
     */
    public Reservation reserve(TenantView tenant, String userId, CostEstimate estimate) {
        Money budget = tenant.quotas().monthlyBudget();
        YearMonth period = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        String ledgerId = BudgetMessages.ledgerId(tenant.tenantId(), period);
        String reservationId = UUID.randomUUID().toString();
        ReservationDecision decision = decide(new ReserveBudget(ledgerId, tenant.tenantId(), period.toString(),
                reservationId, userId, estimate.amount(), budget));
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

    /**
     * The ledger's decision, made together with the other reservations that arrive while the ledger is busy; its
     * events name the requester as a lone command's would.
     */
    private ReservationDecision decide(ReserveBudget reservation) {
        Map<String, String> requester = CallerMetaDataInterceptor.currentRequest();
        CompletableFuture<ReservationDecision> decision = reservations.reserve(reservation, requester);
        try {
            return decision.get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            if (!decision.cancel(false)) {
                return decision.join(); // decided just now after all
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too busy",
                    "The budget could not be checked in time; nothing was changed. Try again in a moment.")
                    .withRetryAfter(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reserving the budget", e);
        }
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
