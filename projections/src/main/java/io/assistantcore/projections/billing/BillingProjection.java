package io.assistantcore.projections.billing;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.billing.BillingQueries.BudgetView;
import io.assistantcore.messages.billing.BillingQueries.UsageGrouping;
import io.assistantcore.messages.billing.BillingQueries.UsageRow;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationRefused;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationReleased;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReserved;
import io.assistantcore.messages.billing.BudgetMessages.UsageCharged;
import io.assistantcore.messages.common.Money;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The billing read model: one row per recorded model call or cache hit (from {@link AttemptUsageRecorded}, which the
 * session records once per attempt), and each tenant's monthly ledger as its events left it. Attempts that ended
 * before any model was called cost nothing and are not rows. Rebuilt from scratch by a replay.
 */
@Component
@ProcessingGroup(BillingProjection.PROCESSING_GROUP)
public class BillingProjection {

    public static final String PROCESSING_GROUP = "billing";

    private final JdbcTemplate jdbc;

    public BillingProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AttemptUsageRecorded event, @Timestamp Instant at) {
        if (event.provider() == null) {
            return;
        }
        jdbc.update("""
                INSERT INTO usage_record (tenant_id, suggestion_id, attempt, session_id, user_id, provider, model,
                    outcome, input_tokens, output_tokens, usage_reported, cost, currency, cached_from, saved_cost,
                    recorded_at, usage_day)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                event.tenantId(), event.suggestionId(), event.attempt(), event.sessionId(), event.userId(),
                event.provider(), event.model(), event.outcome().name(), event.usage().inputTokens(),
                event.usage().outputTokens(), event.usage().reportedByProvider(),
                event.cost() == null ? null : event.cost().amount(), currencyOf(event),
                event.cachedFrom(), event.savedCost() == null ? null : event.savedCost().amount(),
                at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC).toLocalDate());
    }

    private static String currencyOf(AttemptUsageRecorded event) {
        if (event.cost() != null) {
            return event.cost().currency();
        }
        return event.savedCost() == null ? null : event.savedCost().currency();
    }

    @EventHandler
    void on(BudgetReserved event, @Timestamp Instant at) {
        upsertLedger(event.ledgerId(), event.tenantId(), event.period(), event.budget(), at);
        jdbc.update("UPDATE budget_ledger_view SET reserved = reserved + ? WHERE ledger_id = ?",
                event.amount().amount(), event.ledgerId());
        jdbc.update("INSERT INTO budget_reservation_view (ledger_id, reservation_id, remaining) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", event.ledgerId(), event.reservationId(), event.amount().amount());
    }

    @EventHandler
    void on(BudgetReservationRefused event, @Timestamp Instant at) {
        upsertLedger(event.ledgerId(), event.tenantId(), event.period(), event.budget(), at);
    }

    @EventHandler
    void on(UsageCharged event, @Timestamp Instant at) {
        jdbc.update("UPDATE budget_ledger_view SET spent = spent + ?, reserved = reserved - ?, updated_at = ? "
                        + "WHERE ledger_id = ?", event.cost().amount(), event.fromReservation().amount(),
                at.atOffset(ZoneOffset.UTC), event.ledgerId());
        jdbc.update("UPDATE budget_reservation_view SET remaining = remaining - ? WHERE ledger_id = ? "
                + "AND reservation_id = ?", event.fromReservation().amount(), event.ledgerId(), event.reservationId());
    }

    @EventHandler
    void on(BudgetReservationReleased event, @Timestamp Instant at) {
        jdbc.update("UPDATE budget_ledger_view SET reserved = reserved - ?, updated_at = ? WHERE ledger_id = ?",
                event.released().amount(), at.atOffset(ZoneOffset.UTC), event.ledgerId());
        jdbc.update("DELETE FROM budget_reservation_view WHERE ledger_id = ? AND reservation_id = ?",
                event.ledgerId(), event.reservationId());
    }

    private void upsertLedger(String ledgerId, String tenantId, String period, Money budget, Instant at) {
        jdbc.update("""
                INSERT INTO budget_ledger_view (ledger_id, tenant_id, period, currency, budget, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (ledger_id) DO UPDATE SET budget = excluded.budget, currency = excluded.currency,
                    updated_at = excluded.updated_at""",
                ledgerId, tenantId, period, budget.currency(), budget.amount(), at.atOffset(ZoneOffset.UTC));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM usage_record");
        jdbc.update("DELETE FROM budget_reservation_view");
        jdbc.update("DELETE FROM budget_ledger_view");
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
