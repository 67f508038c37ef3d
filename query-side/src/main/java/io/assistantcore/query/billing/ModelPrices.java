package io.assistantcore.query.billing;

import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.util.List;

/** Reads the current price of every model ({@code model_price_view}, written by PriceListProjection). */
@Repository
public class ModelPrices {

    private final JdbcTemplate jdbc;

    public ModelPrices(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<ModelPrice> prices() {
        return jdbc.query("SELECT * FROM model_price_view ORDER BY provider, model", (rs, row) -> new ModelPrice(
                rs.getString("provider"), rs.getString("model"), plain(rs.getBigDecimal("input_per_million")),
                plain(rs.getBigDecimal("output_per_million")), rs.getString("currency"),
                rs.getBigDecimal("per_image") == null ? null : plain(rs.getBigDecimal("per_image"))));
    }

    private static BigDecimal plain(BigDecimal stored) {
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale()));
    }
}
