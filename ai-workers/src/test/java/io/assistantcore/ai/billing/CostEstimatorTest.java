package io.assistantcore.ai.billing;

import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.provider.PromptTemplates;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.common.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostEstimatorTest {

    private static final List<ModelPrice> PRICES = List.of(
            new ModelPrice("openai", "gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"), "USD", null),
            new ModelPrice("anthropic", "claude", new BigDecimal("0.80"), new BigDecimal("4.00"), "USD", null),
            new ModelPrice("gemini", "flash", new BigDecimal("0.10"), new BigDecimal("0.40"), "EUR", null));

    private final PriceBook prices = new PriceBook(() -> PRICES, Duration.ofSeconds(5), Clock.systemUTC());
    private final CostEstimator estimator = new CostEstimator(new PromptTemplates(), prices);
    private final GenerationRequest request = new GenerationRequest(AiAction.IMPROVE, null, null,
            "we will call you back on monday", List.of(), "v1", null);

    static TextGenerator provider(String id, String model) {
        return new TextGenerator() {
            @Override
            public String providerId() {
                return id;
            }

            @Override
            public String defaultModel() {
                return model;
            }

            @Override
            public GenerationHandle generate(GenerationRequest request, GenerationListener listener) {
                throw new UnsupportedOperationException("never called to estimate");
            }
        };
    }

    @Test
    void theEstimateIsThePromptPlusTheOutputLimitAtTheDearestCandidate() {
        CostEstimator.Estimate estimate = estimator.estimate(request, List.of(provider("openai", "gpt-4o-mini"),
                provider("anthropic", "claude"), provider("local", "offline-engine-v1")), "USD");

        assertThat(estimate.pricedAs()).isEqualTo("anthropic/claude");
        assertThat(estimate.outputLimit()).isEqualTo(TextGenerator.DEFAULT_MAX_OUTPUT_TOKENS);
        assertThat(estimate.promptTokens()).isGreaterThan(20);
        assertThat(estimate.amount()).isEqualTo(PriceBook.cost(PRICES.get(1), estimate.promptTokens(), 4096));
    }

    @Test
    void theOfflineEngineIsFreeEvenWithoutAPrice() {
        CostEstimator.Estimate estimate = estimator.estimate(request, List.of(provider("local", "offline-engine-v1")),
                "EUR");
        assertThat(estimate.amount()).isEqualTo(Money.zero("EUR"));
        assertThat(prices.cost("local", "offline-engine-v1", null, new TokenUsage(10, 10, false)))
                .contains(Money.zero(PriceBook.DEFAULT_CURRENCY));
    }

    @Test
    void anUnpricedModelOrAnotherCurrencyCannotBeBudgeted() {
        assertThatThrownBy(() -> estimator.estimate(request, List.of(provider("openai", "gpt-5")), "USD"))
                .isInstanceOf(UnbudgetableRequestException.class)
                .hasMessageContaining("openai/gpt-5 has no price")
                .hasMessageContaining("PUT /api/v1/admin/prices/openai/gpt-5");
        assertThatThrownBy(() -> estimator.estimate(request, List.of(provider("gemini", "flash")), "USD"))
                .isInstanceOf(UnbudgetableRequestException.class)
                .hasMessageContaining("priced in EUR but your budget is in USD");
    }

    @Test
    void aRequestTheTemplatesCannotRenderIsStillEstimated() {
        GenerationRequest noTone = new GenerationRequest(AiAction.CHANGE_TONE, null, null, "some text", List.of(),
                "v1", null);
        CostEstimator.Estimate estimate = estimator.estimate(noTone, List.of(provider("openai", "gpt-4o-mini")),
                "USD");
        assertThat(estimate.promptTokens()).isPositive();
    }

    @Test
    void aDatedModelNameIsPricedAsTheModelAskedFor() {
        assertThat(prices.cost("openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini", new TokenUsage(1_000_000, 0, true)))
                .contains(new Money(new BigDecimal("0.15"), "USD"));
        assertThat(prices.cost("openai", "gpt-4o-mini-2024-07-18", null, new TokenUsage(1, 1, true))).isEmpty();
    }
}
