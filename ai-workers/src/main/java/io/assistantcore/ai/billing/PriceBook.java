package io.assistantcore.ai.billing;

import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.billing.PriceMessages.PriceList;
import io.assistantcore.messages.billing.PriceMessages.PriceListQuery;
import io.assistantcore.messages.common.Money;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The price list as the workers see it: asked for through the query gateway and kept for a few seconds, so a price
 * change takes effect within {@code maxAge} without a query per call.
 */
public class PriceBook {

    /** Costs are kept to 8 decimal places: a single short call to a cheap model costs fractions of a cent. */
    public static final int COST_SCALE = 8;

    /** Currency of a zero cost that has no price to take one from (the ledger accepts zero in any currency). */
    public static final String DEFAULT_CURRENCY = "USD";

    private static final Logger log = LoggerFactory.getLogger(PriceBook.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final Supplier<List<ModelPrice>> source;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Map<String, ModelPrice> prices = Map.of();
    private volatile Instant loadedAt = Instant.MIN;

    public PriceBook(QueryGateway queries, Duration maxAge) {
        this(() -> queries.query(new PriceListQuery(), PriceList.class).join().prices(), maxAge, Clock.systemUTC());
    }

    public PriceBook(Supplier<List<ModelPrice>> source, Duration maxAge, Clock clock) {
        this.source = source;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The price of a model. Providers often answer with a dated variant of the model asked for (e.g.
     * {@code gpt-4o-mini-2024-07-18} for {@code gpt-4o-mini}); {@code requestedModel} is tried when the answering
     * model has no price of its own.
     */
    public Optional<ModelPrice> price(String provider, String model, String requestedModel) {
        Map<String, ModelPrice> current = current();
        ModelPrice price = current.get(key(provider, model));
        if (price == null && requestedModel != null) {
            price = current.get(key(provider, requestedModel));
        }
        return Optional.ofNullable(price);
    }

    /** What {@code usage} cost on that model; empty when the model has no price. */
    public Optional<Money> cost(String provider, String model, String requestedModel, TokenUsage usage) {
        Optional<ModelPrice> price = price(provider, model, requestedModel);
        if (price.isEmpty() && OfflineTextGenerator.PROVIDER_ID.equals(provider)) {
            return Optional.of(Money.zero(DEFAULT_CURRENCY));
        }
        if (price.isEmpty()) {
            log.warn("No price for {}/{}: its usage is recorded without cost; set one with PUT /api/v1/admin/prices",
                    provider, model);
            return Optional.empty();
        }
        return Optional.of(cost(price.get(), usage.inputTokens(), usage.outputTokens()));
    }

    /**
     * What one model call cost: {@code answeredModel} is the model that answered (null: the one requested), priced as
     * {@code requestedModel} when it has no price of its own. Null when there is no usage or no price (the usage is
     * then recorded without a cost).
     */
    public Money callCost(String provider, String requestedModel, String answeredModel, TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        return cost(provider, answeredModel == null ? requestedModel : answeredModel, requestedModel, usage)
                .orElse(null);
    }

    public static Money cost(ModelPrice price, long inputTokens, long outputTokens) {
        BigDecimal amount = price.inputPerMillion().multiply(BigDecimal.valueOf(inputTokens))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, COST_SCALE, RoundingMode.HALF_UP);
        return new Money(amount, price.currency());
    }

    private Map<String, ModelPrice> current() {
        Instant now = clock.instant();
        if (loadedAt.plus(maxAge).isBefore(now)) {
            synchronized (this) {
                if (loadedAt.plus(maxAge).isBefore(now)) {
                    Map<String, ModelPrice> loaded = new HashMap<>();
                    for (ModelPrice price : source.get()) {
                        loaded.put(key(price.provider(), price.model()), price);
                    }
                    prices = Map.copyOf(loaded);
                    loadedAt = now;
                }
            }
        }
        return prices;
    }

    private static String key(String provider, String model) {
        return provider + "\u0000" + model;
    }
}
