package io.assistantcore.api.admission;

import io.assistantcore.api.billing.BudgetGuard;
import io.assistantcore.api.billing.BudgetGuard.Reservation;
import io.assistantcore.api.ratelimit.RequestRateLimiter;
import io.assistantcore.api.security.Caller;
import io.assistantcore.messages.assist.AssistCommands.Funding;
import io.assistantcore.messages.billing.CostEstimates.ChatEstimatedRequest;
import io.assistantcore.messages.billing.CostEstimates.CostEstimate;
import io.assistantcore.messages.billing.CostEstimates.EstimatedRequest;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.function.Function;

/**
 * The one path every request that calls a model takes on its way in (suggestions and chat replies, and their
 * regenerations; lead steps to come): its cost is estimated (by the AI workers), the caller's and the tenant's
 * per-minute limits are checked (429 {@code rate-limited}; else the caller's request limit goes on the response as
 * {@code RateLimit-*} headers), the estimate is reserved in the tenant's budget (429 {@code budget-exhausted}), the
 * command is sent with that reservation as its funding, and a refused command gives the reservation back. Nothing
 * reaches a worker that was not admitted; nothing admitted keeps money reserved when the write model says no.
 */
@Component
public class AiRequestAdmission {

    private final BudgetGuard budget;
    private final RequestRateLimiter rateLimiter;
    private final CommandGateway commands;

    public AiRequestAdmission(BudgetGuard budget, RequestRateLimiter rateLimiter, CommandGateway commands) {
        this.budget = budget;
        this.rateLimiter = rateLimiter;
        this.commands = commands;
    }

    /**
     * Admits {@code input} for {@code caller} and sends the command {@code funded} builds for the reservation.
     * Tokens per minute count the prompt and an answer of about its size.
     *
     * @return the command's result
     */
    public <R> R send(Caller caller, TenantView tenant, EstimatedRequest input, Function<Funding, Object> funded) {
        return send(caller, tenant, budget.estimate(tenant, input), funded);
    }

    /** Admits a chat reply (a new message's or a regenerated one's) the same way; funding is the same reservation. */
    public <R> R send(Caller caller, TenantView tenant, ChatEstimatedRequest input, Function<Funding, Object> funded) {
        return send(caller, tenant, budget.estimate(tenant, input), funded);
    }

    private <R> R send(Caller caller, TenantView tenant, CostEstimate estimate, Function<Funding, Object> funded) {
        rateLimiter.check(caller, tenant, 2 * estimate.promptTokens());
        Reservation reservation = budget.reserve(tenant, caller.userId(), estimate);
        Object command = null;
        try {
            // building the command may send commands of its own (the OpenAI surface starts its conversation here):
            // their refusal gives the reservation back too
            command = funded.apply(reservation.funding());
            return commands.sendAndWait(command);
        } catch (RuntimeException refused) {
            budget.release(reservation, (command == null ? "request" : command.getClass().getSimpleName())
                    + " refused");
            throw refused;
        }
    }
}
