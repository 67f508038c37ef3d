package io.assistantcore.projections.billing;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
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

import java.time.Instant;
import java.time.ZoneOffset;

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
}
