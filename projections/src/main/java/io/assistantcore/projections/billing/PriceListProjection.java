package io.assistantcore.projections.billing;

import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.billing.PriceMessages.ModelPriceSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/** The current price of every model ({@code model_price_view}; read by query-side's ModelPrices). */
@Component
@ProcessingGroup(PriceListProjection.PROCESSING_GROUP)
public class PriceListProjection {

    public static final String PROCESSING_GROUP = "price-list";

    private final JdbcTemplate jdbc;

    public PriceListProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ModelPriceSet event, @Timestamp Instant at) {
        ModelPrice price = event.price();
        jdbc.update("""
                INSERT INTO model_price_view (provider, model, input_per_million, output_per_million, currency, per_image,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (provider, model) DO UPDATE SET input_per_million = excluded.input_per_million,
                    output_per_million = excluded.output_per_million, currency = excluded.currency,
                    per_image = excluded.per_image,
                    updated_at = excluded.updated_at""",
                price.provider(), price.model(), price.inputPerMillion(), price.outputPerMillion(), price.currency(),
                price.perImage(), at.atOffset(ZoneOffset.UTC));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM model_price_view");
    }
}
