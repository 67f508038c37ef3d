package io.assistantcore.ai.billing;

import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.provider.PromptTemplates;
import io.assistantcore.messages.billing.CostEstimates.ChatCostEstimateQuery;
import io.assistantcore.messages.billing.CostEstimates.ChatEstimatedRequest;
import io.assistantcore.messages.billing.CostEstimates.CostEstimate;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.ai.billing.CostEstimatorTest.provider;
import static org.assertj.core.api.Assertions.assertThat;

/** Chat cost estimates: the memory counts, the routes count, and what cannot be budgeted says why. */
class ChatCostEstimateQueryHandlerTest {

    private static final List<ModelPrice> PRICES = List.of(
            new ModelPrice("openai", "gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"), "USD", null),
            new ModelPrice("openai", "gpt-4o", new BigDecimal("2.50"), new BigDecimal("10.00"), "USD", null),
            new ModelPrice("anthropic", "claude-haiku", new BigDecimal("0.80"), new BigDecimal("4.00"), "USD", null));
    private static final String QUESTION = "Which of the offices goes live first, and when?";

    private final CostEstimator estimator = new CostEstimator(new PromptTemplates(),
            new PriceBook(() -> PRICES, Duration.ofSeconds(5), Clock.systemUTC()));
    private final ChatCostEstimateQueryHandler handler = new ChatCostEstimateQueryHandler(estimator,
            new ProviderChain(List.of(provider("openai", "gpt-4o-mini"), provider("local", "offline-engine-v1"))));

    @Test
    void theMemoryTheReplyCarriesIsCountedInThePrompt() {
        MemoryInput memory = new MemoryInput("The customer has three regional offices and a phased rollout.",
                List.of(new ProfileFact("name", "Dana"), new ProfileFact("company", "Northwind")),
                List.of(new Turn(3, "The Lisbon office goes first, at the start of next month.", "Noted: Lisbon "
                        + "first, at the start of next month."), new Turn(4, "Training is the week before.",
                        "Understood, training happens in the week before go-live.")), 2);

        CostEstimate bare = estimate(new ChatEstimatedRequest(QUESTION, MemoryInput.EMPTY, null, null, "v1"));
        CostEstimate remembering = estimate(new ChatEstimatedRequest(QUESTION, memory, null, null, "v1"));

        assertThat(bare.budgetable()).isTrue();
        assertThat(bare.promptTokens()).isGreaterThan(ChatCostEstimateQueryHandler.SYSTEM_PROMPT_ALLOWANCE);
        // the summary, two profile facts and two turns: well over forty tokens of text
        assertThat(remembering.promptTokens() - bare.promptTokens()).isGreaterThan(40);
        assertThat(remembering.amount().isGreaterThan(bare.amount())).isTrue();
        assertThat(remembering.outputLimit()).as("a worst-case answer, as for suggestions").isEqualTo(4096);
    }

    @Test
    void aModelTheTenantRoutesToIsPricedWhenItIsTheDearest() {
        RoutingRules rules = new RoutingRules(Map.of(RouteCategory.REASONING, new Route("openai", "gpt-4o"),
                RouteCategory.CODE, new Route("anthropic", "claude-haiku")), null, List.of(), false);

        CostEstimate estimate = estimate(new ChatEstimatedRequest(QUESTION, MemoryInput.EMPTY, null, rules, "v1"));

        assertThat(estimate.pricedAs()).isEqualTo("openai/gpt-4o");
        assertThat(estimate.amount()).isEqualTo(PriceBook.cost(PRICES.get(1), estimate.promptTokens(), 4096));
    }

    @Test
    void aRouteToAProviderThePolicyDoesNotAllowIsNoCandidate() {
        RoutingRules rules = new RoutingRules(Map.of(RouteCategory.REASONING, new Route("openai", "gpt-4o")), null,
                List.of(), false);

        CostEstimate estimate = handler.handle(new ChatCostEstimateQuery(
                new ChatEstimatedRequest(QUESTION, MemoryInput.EMPTY, null, rules, "v1"), Set.of("local"), "USD"));

        assertThat(estimate.pricedAs()).isEqualTo("local/offline-engine-v1");
        assertThat(estimate.amount().amount()).isZero();
    }

    @Test
    void aRoutedModelWithoutAPriceCannotBeBudgetedAndSaysWhy() {
        RoutingRules rules = new RoutingRules(Map.of(RouteCategory.CREATIVE, new Route("openai", "gpt-5")), null,
                List.of(), false);

        CostEstimate estimate = estimate(new ChatEstimatedRequest(QUESTION, MemoryInput.EMPTY, null, rules, "v1"));

        assertThat(estimate.budgetable()).isFalse();
        assertThat(estimate.unbudgetableReason()).contains("openai/gpt-5 has no price");
    }

    private CostEstimate estimate(ChatEstimatedRequest request) {
        return handler.handle(new ChatCostEstimateQuery(request, Set.of(), "USD"));
    }
}
