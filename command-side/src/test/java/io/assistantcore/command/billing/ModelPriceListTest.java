package io.assistantcore.command.billing;

import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.billing.PriceMessages.ModelPriceSet;
import io.assistantcore.messages.billing.PriceMessages.SeedModelPrices;
import io.assistantcore.messages.billing.PriceMessages.SetModelPrice;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.assistantcore.command.Rejections.rejected;
import static io.assistantcore.messages.billing.PriceMessages.PRICE_LIST_ID;

class ModelPriceListTest {

    private static final ModelPrice MINI = new ModelPrice("openai", "gpt-4o-mini", new BigDecimal("0.15"),
            new BigDecimal("0.60"), "USD", null);
    private static final ModelPrice LOCAL = new ModelPrice("local", "offline-engine-v1", BigDecimal.ZERO,
            BigDecimal.ZERO, "USD", null);

    private FixtureConfiguration<ModelPriceList> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelPriceList.class);
    }

    @Test
    void setsAPrice() {
        fixture.givenNoPriorActivity()
                .when(new SetModelPrice(PRICE_LIST_ID, MINI))
                .expectEvents(new ModelPriceSet(PRICE_LIST_ID, MINI));
    }

    @Test
    void changesAPrice() {
        ModelPrice cheaper = new ModelPrice("openai", "gpt-4o-mini", new BigDecimal("0.10"), new BigDecimal("0.40"),
                "USD", null);
        fixture.given(new ModelPriceSet(PRICE_LIST_ID, MINI))
                .when(new SetModelPrice(PRICE_LIST_ID, cheaper))
                .expectEvents(new ModelPriceSet(PRICE_LIST_ID, cheaper));
    }

    @Test
    void theSamePriceAgainRecordsNothing() {
        fixture.given(new ModelPriceSet(PRICE_LIST_ID, MINI))
                .when(new SetModelPrice(PRICE_LIST_ID, MINI))
                .expectNoEvents();
    }

    @Test
    void seedingSetsOnlyModelsWithoutAPrice() {
        ModelPrice adminsChoice = new ModelPrice("openai", "gpt-4o-mini", new BigDecimal("0.20"),
                new BigDecimal("0.80"), "EUR", null);
        fixture.given(new ModelPriceSet(PRICE_LIST_ID, adminsChoice))
                .when(new SeedModelPrices(PRICE_LIST_ID, List.of(MINI, LOCAL)))
                .expectEvents(new ModelPriceSet(PRICE_LIST_ID, LOCAL));
    }

    @Test
    void refusesNegativePrices() {
        fixture.givenNoPriorActivity()
                .when(new SetModelPrice(PRICE_LIST_ID, new ModelPrice("openai", "x", new BigDecimal("-1"),
                        BigDecimal.ONE, "USD", null)))
                .expectException(rejected(Kind.INVALID, "inputPerMillion"))
                .expectNoEvents();
    }

    @Test
    void refusesTooManyDecimals() {
        fixture.givenNoPriorActivity()
                .when(new SetModelPrice(PRICE_LIST_ID, new ModelPrice("openai", "x", BigDecimal.ONE,
                        new BigDecimal("0.0000001"), "USD", null)))
                .expectException(rejected(Kind.INVALID, "outputPerMillion"));
    }

    @Test
    void refusesUnknownCurrencies() {
        fixture.givenNoPriorActivity()
                .when(new SetModelPrice(PRICE_LIST_ID, new ModelPrice("openai", "x", BigDecimal.ONE, BigDecimal.ONE,
                        "XYZ", null)))
                .expectException(rejected(Kind.INVALID, "currency"));
    }

    @Test
    void refusesMalformedNames() {
        fixture.givenNoPriorActivity()
                .when(new SetModelPrice(PRICE_LIST_ID, new ModelPrice("open ai", "x", BigDecimal.ONE, BigDecimal.ONE,
                        "USD", null)))
                .expectException(rejected(Kind.INVALID, "provider"));
    }

    @Test
    void aSeedWithOneBadPriceRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(new SeedModelPrices(PRICE_LIST_ID, List.of(LOCAL, new ModelPrice("x", "y", BigDecimal.ONE,
                        BigDecimal.ONE, "usd", null))))
                .expectException(rejected(Kind.INVALID, "currency"))
                .expectNoEvents();
    }
}
