package io.assistantcore.messages.billing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.util.List;

/**
 * Prices per provider and model are data, kept as events in one price list, so any period can be re-priced and every
 * change is audited. The configured table only seeds prices that were never set.
 */
public final class PriceMessages {

    /** The id of the one price list of the platform. */
    public static final String PRICE_LIST_ID = "price-list";

    private PriceMessages() {
    }

    /**
     * Price of one model: per million input and output tokens, in an ISO 4217 currency; an image model also has a
     * price per generated image ({@code perImage}, null for a model that makes none).
     */
    public record ModelPrice(String provider, String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                             String currency, BigDecimal perImage) {
    }

    public record SetModelPrice(@TargetAggregateIdentifier String priceListId, ModelPrice price) {
    }

    /** Sets the prices of the models that have none yet; prices already set (by an admin) are left alone. */
    public record SeedModelPrices(@TargetAggregateIdentifier String priceListId, List<ModelPrice> prices) {
    }

    @Revision("1")
    public record ModelPriceSet(String priceListId, ModelPrice price) {
    }

    /** Answers a {@link PriceList}. */
    public record PriceListQuery() {
    }

    public record PriceList(List<ModelPrice> prices) {
    }
}
