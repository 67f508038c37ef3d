package io.assistantcore.messages.billing;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.RoutingRules;

import java.util.List;
import java.util.Set;

/**
 * What a request may cost at most, asked before it is admitted (rate limits count its tokens, the budget reserves
 * its amount). The AI workers answer it: they know the prompt templates, the tokenizer and the providers a request
 * may end up on.
 */
public final class CostEstimates {

    private CostEstimates() {
    }

    /**
     * What a request would send to a model.
     *
     * @param tone          set with {@link AiAction#CHANGE_TONE}, else null
     * @param instruction   set with {@link AiAction#FREE_PROMPT}, else null
     * @param promptVersion version of the prompt templates the request is rendered with
     */
    public record EstimatedRequest(AiAction action, Tone tone, String instruction, String text,
                                   List<ContextItem> context, String promptVersion) {

        public EstimatedRequest {
            context = context == null ? List.of() : List.copyOf(context);
        }
    }

    /**
     * Answers a {@link CostEstimate}.
     *
     * @param allowedModels the tenant's AI policy: which providers and models the request may use
     * @param currency      the budget's currency; every candidate's price must be in it
     */
    public record CostEstimateQuery(EstimatedRequest request, Set<String> allowedModels, String currency) {
    }

    /**
     * What a chat reply would send to a model: the user's message after the conversation's memory (summary, profile
     * and the turns not condensed yet, as the read model shows them when the message is posted), and where the
     * tenant's routing rules may send it.
     *
     * @param routeOverride the category the client asked for (null: the router decides)
     */
    public record ChatEstimatedRequest(String text, MemoryInput memory, RouteCategory routeOverride,
                                       RoutingRules routing, String promptVersion) {

        public ChatEstimatedRequest {
            memory = memory == null ? MemoryInput.EMPTY : memory;
            routing = routing == null ? RoutingRules.DEFAULT : routing;
        }
    }

    /**
     * Answers a {@link CostEstimate} for a chat reply: its prompt's tokens plus the output limit, at the price of the
     * dearest model the reply may end up on (any route of the tenant's rules, any provider of the fallback chain).
     *
     * @param allowedModels the tenant's AI policy: which providers and models the reply may use
     * @param currency      the budget's currency; every candidate's price must be in it
     */
    public record ChatCostEstimateQuery(ChatEstimatedRequest request, Set<String> allowedModels, String currency) {
    }

    /**
     * The estimate: the rendered prompt's tokens plus the output limit, at the price of the dearest candidate
     * ({@code pricedAs}: its provider and model). A request that cannot be budgeted (a candidate without a price, or
     * priced in another currency) has no amount and says why in {@code unbudgetableReason}.
     */
    public record CostEstimate(Money amount, long promptTokens, long outputLimit, String pricedAs,
                               String unbudgetableReason) {

        public static CostEstimate unbudgetable(String reason) {
            return new CostEstimate(null, 0, 0, null, reason);
        }

        public boolean budgetable() {
            return unbudgetableReason == null;
        }
    }
}
