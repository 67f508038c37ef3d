package io.assistantcore.query.billing;

import io.assistantcore.messages.billing.BillingQueries.BudgetView;
import io.assistantcore.messages.billing.BillingQueries.UsageGrouping;
import io.assistantcore.messages.billing.BillingQueries.UsageRow;
import io.assistantcore.messages.common.Money;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Reads the billing read model ({@code usage_record}, {@code budget_ledger_view}) that BillingProjection writes. */
@Repository
public class BillingReports {

    private final JdbcTemplate jdbc;

    public BillingReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Usage from {@code from} to {@code to} (UTC days, both included), grouped; rows ordered by key. */
    public List<UsageRow> usage(String tenantId, LocalDate from, LocalDate to, UsageGrouping groupBy) {
        String key = switch (groupBy) {
            case DAY -> "to_char(usage_day, 'YYYY-MM-DD')";
            case USER -> "COALESCE(user_id, '(unknown)')";
            case MODEL -> "provider || '/' || COALESCE(model, '(unknown)')";
        };
        return jdbc.query("SELECT " + key + " AS group_key, COALESCE(currency, 'USD') AS ccy, COUNT(*) AS requests, "
                        + "SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, "
                        + "COALESCE(SUM(cost), 0) AS cost, COUNT(cached_from) AS cache_hits, "
                        + "COALESCE(SUM(saved_cost), 0) AS saved_cost "
                        + "FROM usage_record WHERE tenant_id = ? AND usage_day BETWEEN ? AND ? "
                        + "GROUP BY group_key, ccy ORDER BY group_key, ccy",
                (rs, row) -> new UsageRow(rs.getString("group_key"), rs.getLong("requests"),
                        rs.getLong("input_tokens"), rs.getLong("output_tokens"), plain(rs.getBigDecimal("cost")),
                        rs.getLong("cache_hits"), plain(rs.getBigDecimal("saved_cost")), rs.getString("ccy")),
                tenantId, from, to);
    }

    /** The ledger of one month, if any reservation was made in it. */
    public Optional<BudgetView> budget(String tenantId, String period) {
        return jdbc.query("SELECT * FROM budget_ledger_view WHERE tenant_id = ? AND period = ?", (rs, row) -> {
            String currency = rs.getString("currency");
            Money budget = new Money(plain(rs.getBigDecimal("budget")), currency);
            Money spent = new Money(plain(rs.getBigDecimal("spent")), currency);
            Money reserved = new Money(plain(rs.getBigDecimal("reserved")), currency);
            return new BudgetView(period, budget, spent, reserved, budget.minus(spent).minus(reserved));
        }, tenantId, period).stream().findFirst();
    }

    /** Amounts without trailing zeros, but never in exponent notation. */
    static BigDecimal plain(BigDecimal stored) {
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
