package io.assistantcore.messages.billing;

import io.assistantcore.messages.common.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Queries over the billing read model; every query is scoped to a tenant. */
public final class BillingQueries {

    private BillingQueries() {
    }

    public enum UsageGrouping {
        DAY,
        USER,
        MODEL
    }

    /** Usage recorded from {@code from} to {@code to} (UTC days, both included). Answers a {@link UsageReport}. */
    public record UsageReportQuery(String tenantId, LocalDate from, LocalDate to, UsageGrouping groupBy) {
    }

    /**
     * One group of usage records. {@code requests} counts model calls and cache hits; a cache hit costs nothing and
     * adds what the original generation cost to {@code savedCost}.
     */
    public record UsageRow(String key, long requests, long inputTokens, long outputTokens, BigDecimal cost,
                           long cacheHits, BigDecimal savedCost, String currency) {
    }

    public record UsageReport(List<UsageRow> rows) {
    }

    /** The ledger of one month ({@code yyyy-MM}). Answers a {@link BudgetView}. */
    public record BudgetQuery(String tenantId, String period) {
    }

    /** {@code remaining} = budget − spent − reserved; {@code budget} is the one the latest reservation was made under. */
    public record BudgetView(String period, Money budget, Money spent, Money reserved, Money remaining) {
    }
}
