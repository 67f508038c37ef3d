package io.assistantcore.ai.billing;

import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.billing.CostEstimator.Candidate;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.billing.CostEstimates.ChatCostEstimateQuery;
import io.assistantcore.messages.billing.CostEstimates.ChatEstimatedRequest;
import io.assistantcore.messages.billing.CostEstimates.CostEstimate;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import org.axonframework.queryhandling.QueryHandler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers what a chat reply may cost at most, before it is admitted: the prompt — the chat system prompt, the memory
 * (running summary, profile, the turns not condensed yet) and the new message — counted with the tokenizer, plus
 * each candidate's output limit, at the price of the dearest model the reply may end up on: every provider the
 * tenant's policy allows (in fallback order, with its default model) and every model the tenant's routing rules name
 * for one of them. The memory planner may keep fewer turns than it is given, never more, so the count is an upper
 * bound of what the memory adds. A reply that cannot be budgeted is an answer, not a failure.
 */
public class ChatCostEstimateQueryHandler {

    /**
     * Tokens reserved for the chat system prompt (instructions, the memory block's headings, the date); the versioned
     * prompt stays below this.
     */
    static final int SYSTEM_PROMPT_ALLOWANCE = 600;
    /** Tokens the chat format adds around each message. */
    static final int PER_MESSAGE_TOKENS = 4;

    private final CostEstimator estimator;
    private final ProviderChain providers;
    private volatile ImagePricing images;

    /**
     * What a picture costs, when an image provider is connected: a reply may be routed to it ({@code image}), so it
     * is one more candidate whose price the reservation must cover.
     */
    public interface ImagePricing {
        String provider();

        String model();

        /** The price of one picture, or empty when the image model has no per-image price. */
        java.util.Optional<io.assistantcore.messages.common.Money> pricePerImage();
    }

    /** From now on estimates cover a picture of {@code pricing} too (null: no image provider). */
    public void offerImages(ImagePricing pricing) {
        this.images = pricing;
    }

    public ChatCostEstimateQueryHandler(CostEstimator estimator, ProviderChain providers) {
        this.estimator = estimator;
        this.providers = providers;
    }

    @QueryHandler
    public CostEstimate handle(ChatCostEstimateQuery query) {
        ChatEstimatedRequest request = query.request();
        return CostEstimator.answer(() -> withImage(estimator.estimate(promptTokens(request),
                candidates(providers.candidates(query.allowedModels(), null), request.routing()), query.currency()),
                query));
    }

    /**
     * The dearer of the text estimate and one picture, when the reply may be routed to an image provider the policy
     * allows and that has a per-image price in the budget's currency (a picture without a price is never made).
     */
    private CostEstimator.Estimate withImage(CostEstimator.Estimate text, ChatCostEstimateQuery query) {
        ImagePricing pricing = images;
        if (pricing == null || !ProviderChain.allows(query.allowedModels(), pricing.provider(), pricing.model())) {
            return text;
        }
        return pricing.pricePerImage().filter(price -> price.currency().equals(query.currency()))
                .filter(price -> price.isGreaterThan(text.amount()))
                .map(price -> new CostEstimator.Estimate(price, text.promptTokens(), text.outputLimit(),
                        pricing.provider() + "/" + pricing.model() + " (one image)"))
                .orElse(text);
    }

    /** The prompt's tokens: system prompt, memory, every kept turn and the new message. */
    static long promptTokens(ChatEstimatedRequest request) {
        MemoryInput memory = request.memory();
        long tokens = SYSTEM_PROMPT_ALLOWANCE + TokenEstimator.count(memory.summary());
        for (ProfileFact fact : memory.profile()) {
            tokens += TokenEstimator.count(fact.key()) + TokenEstimator.count(fact.value()) + PER_MESSAGE_TOKENS;
        }
        for (Turn turn : memory.turns()) {
            tokens += TokenEstimator.count(turn.userText()) + TokenEstimator.count(turn.replyText())
                    + 2 * PER_MESSAGE_TOKENS;
            for (ToolExchange call : turn.toolCalls()) {
                tokens += TokenEstimator.count(call.tool()) + TokenEstimator.count(call.arguments())
                        + TokenEstimator.count(call.result()) + 2 * PER_MESSAGE_TOKENS;
            }
        }
        return tokens + TokenEstimator.count(request.text()) + 2 * PER_MESSAGE_TOKENS;
    }

    /**
     * The allowed providers with their default models, and the models the routing rules name for any of them (a
     * route to a provider the policy does not allow is not taken: the reply falls back to the allowed ones).
     */
    static List<Candidate> candidates(List<TextGenerator> allowed, RoutingRules routing) {
        Set<Candidate> candidates = new LinkedHashSet<>();
        allowed.forEach(generator -> candidates.add(Candidate.of(generator)));
        for (Route route : routing.routes().values()) {
            for (TextGenerator generator : allowed) {
                if (generator.providerId().equals(route.provider()) && route.model() != null) {
                    candidates.add(new Candidate(generator.providerId(), route.model(), generator.maxOutputTokens()));
                }
            }
        }
        return List.copyOf(candidates);
    }
}
