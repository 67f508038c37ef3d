package io.assistantcore.command.billing;

import io.assistantcore.command.AggregateCaches;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.billing.PriceMessages.ModelPriceSet;
import io.assistantcore.messages.billing.PriceMessages.SeedModelPrices;
import io.assistantcore.messages.billing.PriceMessages.SetModelPrice;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The platform's price table: one price per provider and model, changed only by events. */
@Aggregate(cache = AggregateCaches.PRICE_LISTS)
public class ModelPriceList {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    @AggregateIdentifier
    private String priceListId;
    private final Map<String, ModelPrice> prices = new HashMap<>();

    protected ModelPriceList() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetModelPrice command) {
        check(command.price());
        if (!command.price().equals(prices.get(key(command.price())))) {
            apply(new ModelPriceSet(command.priceListId(), command.price()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SeedModelPrices command) {
        command.prices().forEach(ModelPriceList::check);
        for (ModelPrice price : command.prices()) {
            if (!prices.containsKey(key(price))) {
                apply(new ModelPriceSet(command.priceListId(), price));
            }
        }
    }

    static void check(ModelPrice price) {
        if (price.provider() == null || !NAME.matcher(price.provider()).matches()) {
            throw invalid("provider", "provider must be 1-200 letters, digits or . _ : / -");
        }
        if (price.model() == null || !NAME.matcher(price.model()).matches()) {
            throw invalid("model", "model must be 1-200 letters, digits or . _ : / -");
        }
        checkAmount("inputPerMillion", price.inputPerMillion());
        checkAmount("outputPerMillion", price.outputPerMillion());
        if (price.perImage() != null) {
            checkAmount("perImage", price.perImage());
        }
        String currency = price.currency();
        boolean known;
        try {
            known = currency != null && currency.matches("[A-Z]{3}") && Currency.getInstance(currency) != null;
        } catch (IllegalArgumentException e) {
            known = false;
        }
        if (!known) {
            throw invalid("currency", "currency must be an ISO 4217 code such as USD or EUR, got '" + currency + "'");
        }
    }

    private static void checkAmount(String field, BigDecimal amount) {
        if (amount == null || amount.signum() < 0 || amount.compareTo(MAX_PRICE) > 0) {
            throw invalid(field, field + " must be between 0 and " + MAX_PRICE + " per million tokens");
        }
        if (amount.stripTrailingZeros().scale() > 6) {
            throw invalid(field, field + " may have at most 6 decimal places");
        }
    }

    private static String key(ModelPrice price) {
        return price.provider() + "\u0000" + price.model();
    }

    @EventSourcingHandler
    void on(ModelPriceSet event) {
        priceListId = event.priceListId();
        prices.put(key(event.price()), event.price());
    }
}
