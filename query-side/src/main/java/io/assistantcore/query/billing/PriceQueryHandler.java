package io.assistantcore.query.billing;

import io.assistantcore.messages.billing.PriceMessages.PriceList;
import io.assistantcore.messages.billing.PriceMessages.PriceListQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers the price list from its read model. */
@Component
public class PriceQueryHandler {

    private final ModelPrices prices;

    public PriceQueryHandler(ModelPrices prices) {
        this.prices = prices;
    }

    @QueryHandler
    public PriceList handle(PriceListQuery query) {
        return new PriceList(prices.prices());
    }
}
