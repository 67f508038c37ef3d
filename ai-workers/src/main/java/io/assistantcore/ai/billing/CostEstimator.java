package io.assistantcore.ai.billing;

import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.ai.provider.PromptTemplates;
import io.assistantcore.ai.provider.RenderedPrompt;
import io.assistantcore.messages.billing.CostEstimates.CostEstimate;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.common.Money;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a request may cost at most, reserved against the budget before any provider is called: the rendered prompt's
 * tokens (counted with the tokenizer) plus the output limit, at the price of the dearest provider the request may
 * end up on (the first choice or any fallback after it).
 */
public class CostEstimator {

    /** Tokens the chat format adds around the system and user message (half of it per message). */
    private static final int MESSAGE_OVERHEAD_TOKENS = 12;

    private final PromptTemplates templates;
    private final PriceBook prices;

    public CostEstimator(PromptTemplates templates, PriceBook prices) {
        this.templates = templates;
        this.prices = prices;
    }

    /**
     * @param pricedAs the provider and model whose price gave the amount
     */
    public record Estimate(Money amount, long promptTokens, long outputLimit, String pricedAs) {
    }

    /**
     * The answer to a cost-estimate query: the estimate {@code estimate} makes, or, when it throws
     * {@link UnbudgetableRequestException}, an unbudgetable answer with its reason (an answer, not a failure).
     */
    static CostEstimate answer(Supplier<Estimate> estimate) {
        try {
            Estimate made = estimate.get();
            return new CostEstimate(made.amount(), made.promptTokens(), made.outputLimit(), made.pricedAs(), null);
        } catch (UnbudgetableRequestException e) {
            return CostEstimate.unbudgetable(e.getMessage());
        }
    }

    /** A provider and model a request may end up on, and the most it may be asked to write. */
    public record Candidate(String providerId, String model, int maxOutputTokens) {

        /** The provider with its default model. */
        public static Candidate of(TextGenerator generator) {
            return new Candidate(generator.providerId(), generator.defaultModel(), generator.maxOutputTokens());
        }
    }

    /**
     * @param currency the budget's currency; every candidate's price must be in it
     * @throws UnbudgetableRequestException when a candidate has no price or one in another currency
     */
    public Estimate estimate(GenerationRequest request, List<TextGenerator> candidates, String currency) {
        if (candidates.isEmpty()) {
            return new Estimate(Money.zero(currency), 0, 0, "no provider");
        }
        return estimate(promptTokens(request), candidates.stream().map(Candidate::of).toList(), currency);
    }

    /**
     * The dearest of {@code candidates} for a prompt of {@code promptTokens} and each one's output limit.
     *
     * @throws UnbudgetableRequestException when a candidate has no price or one in another currency
     */
    public Estimate estimate(long promptTokens, List<Candidate> candidates, String currency) {
        if (candidates.isEmpty()) {
            return new Estimate(Money.zero(currency), 0, 0, "no provider");
        }
        Estimate dearest = null;
        for (Candidate candidate : candidates) {
            Money amount;
            if (OfflineTextGenerator.PROVIDER_ID.equals(candidate.providerId())) {
                // the offline engine runs on this platform and costs nothing, priced or not
                amount = Money.zero(currency);
            } else {
                ModelPrice price = prices.price(candidate.providerId(), candidate.model(), null)
                        .orElseThrow(() -> new UnbudgetableRequestException("The model " + candidate.providerId() + "/"
                                + candidate.model() + " has no price, so the request cannot be budgeted; a "
                                + "platform admin sets it with PUT /api/v1/admin/prices/" + candidate.providerId() + "/"
                                + candidate.model()));
                if (!price.currency().equals(currency)) {
                    throw new UnbudgetableRequestException("The model " + candidate.providerId() + "/"
                            + candidate.model() + " is priced in " + price.currency() + " but your budget is in "
                            + currency + "; there are no exchange rates, so prices and budgets must share a currency");
                }
                amount = PriceBook.cost(price, promptTokens, candidate.maxOutputTokens());
            }
            if (dearest == null || amount.isGreaterThan(dearest.amount())) {
                dearest = new Estimate(amount, promptTokens, candidate.maxOutputTokens(),
                        candidate.providerId() + "/" + candidate.model());
            }
        }
        return dearest;
    }

    /**
     * The rendered prompt's tokens. A request the templates cannot render (e.g. CHANGE_TONE without a tone) is
     * refused by the write model with a clear message right after; until then its raw parts are counted.
     */
    private long promptTokens(GenerationRequest request) {
        return promptTokens(templates, request);
    }

    /** A chat prompt's tokens; the system message and each message carry their share of the format's overhead. */
    public static long promptTokens(ChatPrompt prompt) {
        return TokenEstimator.countPrompt(prompt) + (long) MESSAGE_OVERHEAD_TOKENS / 2 * (prompt.messages().size() + 1);
    }

    /** The prompt's tokens as the worker's tokenizer counts them, also used to estimate abandoned attempts. */
    public static long promptTokens(PromptTemplates templates, GenerationRequest request) {
        if (request.isChat()) {
            return promptTokens(request.chat());
        }
        try {
            RenderedPrompt prompt = templates.render(request);
            return TokenEstimator.count(prompt.systemMessage()) + TokenEstimator.count(prompt.userMessage())
                    + MESSAGE_OVERHEAD_TOKENS;
        } catch (IllegalArgumentException unrenderable) {
            long tokens = TokenEstimator.count(request.text()) + TokenEstimator.count(request.instruction())
                    + MESSAGE_OVERHEAD_TOKENS;
            for (var item : request.context()) {
                tokens += TokenEstimator.count(item.label()) + TokenEstimator.count(item.text());
            }
            return tokens;
        }
    }
}
