package io.assistantcore.ai.billing;

import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.messages.billing.CostEstimates.CostEstimate;
import io.assistantcore.messages.billing.CostEstimates.CostEstimateQuery;
import io.assistantcore.messages.billing.CostEstimates.EstimatedRequest;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Answers cost estimates: the candidates are the providers the tenant's policy allows, in fallback order, and the
 * estimate is that of {@link CostEstimator}. A request that cannot be budgeted is an answer, not a failure.
 */
public class CostEstimateQueryHandler {

    private final CostEstimator estimator;
    private final ProviderChain providers;

    public CostEstimateQueryHandler(CostEstimator estimator, ProviderChain providers) {
        this.estimator = estimator;
        this.providers = providers;
    }

    @QueryHandler
    public CostEstimate handle(CostEstimateQuery query) {
        EstimatedRequest request = query.request();
        GenerationRequest generation = new GenerationRequest(request.action(), request.tone(), request.instruction(),
                request.text(), request.context(), request.promptVersion(), null);
        return CostEstimator.answer(() -> estimator.estimate(generation,
                providers.candidates(query.allowedModels(), null), query.currency()));
    }
}
