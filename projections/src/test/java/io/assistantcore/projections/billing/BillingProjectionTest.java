package io.assistantcore.projections.billing;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationRefused;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationReleased;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReserved;
import io.assistantcore.messages.billing.BudgetMessages.UsageCharged;
import io.assistantcore.messages.common.Money;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The billing read model, built by calling the projection's handlers as the processor would. */
class BillingProjectionTest {

    private static final Instant LATE_ON_THE_FIRST = Instant.parse("2026-03-01T23:59:59Z");
    private static final Instant EARLY_ON_THE_SECOND = Instant.parse("2026-03-02T00:00:01Z");
    private static final String LEDGER = "t1:2026-03";

    private static JdbcTemplate jdbc;
    private static BillingProjection projection;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        projection = new BillingProjection(jdbc);
    }

    @BeforeEach
    void empty() {
        projection.reset();
    }

    @Test
    void oneUsageRowPerAttemptWithItsCostAndUtcDay() {
        projection.on(usage("g1", 1, "alice", "openai", "gpt-x", 100, 20, Money.of("0.0125", "EUR"), null, null,
                UsageOutcome.FAILED_OVER), LATE_ON_THE_FIRST);

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM usage_record");
        assertThat(row).containsEntry("tenant_id", "t1").containsEntry("suggestion_id", "g1")
                .containsEntry("attempt", 1).containsEntry("session_id", "s-g1").containsEntry("user_id", "alice")
                .containsEntry("provider", "openai").containsEntry("model", "gpt-x")
                .containsEntry("outcome", "FAILED_OVER").containsEntry("input_tokens", 100L)
                .containsEntry("output_tokens", 20L).containsEntry("usage_reported", true)
                .containsEntry("currency", "EUR").containsEntry("cached_from", null)
                .containsEntry("saved_cost", null)
                .containsEntry("recorded_at", Timestamp.from(LATE_ON_THE_FIRST))
                .containsEntry("usage_day", Date.valueOf(LocalDate.of(2026, 3, 1)));
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.0125");
    }

    @Test
    void usageSumsPerDayUserAndModelWithCacheSavings() {
        projection.on(usage("g1", 1, "alice", "openai", "gpt-x", 100, 20, Money.of("0.0125", "EUR"), null, null,
                UsageOutcome.COMPLETED), LATE_ON_THE_FIRST);
        projection.on(usage("g2", 1, "alice", "openai", "gpt-x", 200, 40, Money.of("0.0250", "EUR"), null, null,
                UsageOutcome.COMPLETED), EARLY_ON_THE_SECOND);
        projection.on(usage("g3", 1, "bob", "mistral", "small", 50, 10, Money.of("0.0010", "EUR"), null, null,
                UsageOutcome.CANCELLED), EARLY_ON_THE_SECOND);
        // a cache hit: no model call paid, what it would have cost is saved
        projection.on(usage("g4", 1, "bob", "cache", null, 0, 40, null, "g2#1", Money.of("0.0250", "EUR"),
                UsageOutcome.COMPLETED), EARLY_ON_THE_SECOND.plusSeconds(60));
        // an attempt that ended before any provider was called is no row
        projection.on(usage("g5", 1, "bob", null, null, 0, 0, null, null, null, UsageOutcome.FAILED),
                EARLY_ON_THE_SECOND);
        // a redelivered record counts once
        projection.on(usage("g2", 1, "alice", "openai", "gpt-x", 200, 40, Money.of("0.0250", "EUR"), null, null,
                UsageOutcome.COMPLETED), EARLY_ON_THE_SECOND);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM usage_record", Long.class)).isEqualTo(4);
        assertThat(grouped("to_char(usage_day, 'YYYY-MM-DD')")).containsExactly(
                "2026-03-01 n=1 in=100 out=20 cost=0.0125 hits=0 saved=0 EUR",
                "2026-03-02 n=3 in=250 out=90 cost=0.026 hits=1 saved=0.025 EUR");
        assertThat(grouped("user_id")).containsExactly(
                "alice n=2 in=300 out=60 cost=0.0375 hits=0 saved=0 EUR",
                "bob n=2 in=50 out=50 cost=0.001 hits=1 saved=0.025 EUR");
        assertThat(grouped("provider || '/' || COALESCE(model, '-')")).containsExactly(
                "cache/- n=1 in=0 out=40 cost=0 hits=1 saved=0.025 EUR",
                "mistral/small n=1 in=50 out=10 cost=0.001 hits=0 saved=0 EUR",
                "openai/gpt-x n=2 in=300 out=60 cost=0.0375 hits=0 saved=0 EUR");
        // the cache hit's currency comes from what it saved
        assertThat(jdbc.queryForMap("SELECT cost, currency, cached_from FROM usage_record WHERE suggestion_id = 'g4'"))
                .containsEntry("cost", null).containsEntry("currency", "EUR").containsEntry("cached_from", "g2#1");
    }

    @Test
    void theLedgerFollowsReservationsChargesAndReleases() {
        projection.on(new BudgetReserved(LEDGER, "t1", "2026-03", "r1", "alice", Money.of("0.50", "EUR"),
                Money.of("10", "EUR")), LATE_ON_THE_FIRST);
        projection.on(new BudgetReserved(LEDGER, "t1", "2026-03", "r2", "bob", Money.of("0.30", "EUR"),
                Money.of("10", "EUR")), LATE_ON_THE_FIRST.plusMillis(1));
        assertThat(ledger()).isEqualTo("budget=10 spent=0 reserved=0.8 EUR");
        assertThat(reservations()).containsExactly("r1=0.5", "r2=0.3");

        // r1 pays 0.20 of its 0.50, then its rest is released
        projection.on(new UsageCharged(LEDGER, "t1", "2026-03", "r1", "c1", Money.of("0.20", "EUR"),
                Money.of("0.20", "EUR")), EARLY_ON_THE_SECOND);
        assertThat(ledger()).isEqualTo("budget=10 spent=0.2 reserved=0.6 EUR");
        assertThat(reservations()).containsExactly("r1=0.3", "r2=0.3");
        projection.on(new BudgetReservationReleased(LEDGER, "t1", "2026-03", "r1", Money.of("0.30", "EUR"), "done"),
                EARLY_ON_THE_SECOND.plusSeconds(1));
        assertThat(ledger()).isEqualTo("budget=10 spent=0.2 reserved=0.3 EUR");
        assertThat(reservations()).containsExactly("r2=0.3");

        // r2 costs more than it reserved: the whole reservation goes, the cost is spent
        projection.on(new UsageCharged(LEDGER, "t1", "2026-03", "r2", "c2", Money.of("0.45", "EUR"),
                Money.of("0.30", "EUR")), EARLY_ON_THE_SECOND.plusSeconds(2));
        assertThat(ledger()).isEqualTo("budget=10 spent=0.65 reserved=0 EUR");
        assertThat(reservations()).containsExactly("r2=0");

        // a refusal carries the budget as it is now; spending stays
        projection.on(new BudgetReservationRefused(LEDGER, "t1", "2026-03", "r3", "bob", Money.of("20", "EUR"),
                Money.of("12", "EUR"), Money.of("0.65", "EUR"), Money.zero("EUR")), EARLY_ON_THE_SECOND.plusSeconds(3));
        assertThat(ledger()).isEqualTo("budget=12 spent=0.65 reserved=0 EUR");
        assertThat(jdbc.queryForObject("SELECT updated_at FROM budget_ledger_view", Timestamp.class))
                .isEqualTo(Timestamp.from(EARLY_ON_THE_SECOND.plusSeconds(3)));
    }

    @Test
    void aRefusalAsTheMonthsFirstEventOpensTheLedger() {
        projection.on(new BudgetReservationRefused("t2:2026-03", "t2", "2026-03", "r1", "carol", Money.of("1", "USD"),
                Money.of("0", "USD"), Money.of("0", "USD"), Money.of("0", "USD")), LATE_ON_THE_FIRST);

        assertThat(jdbc.queryForList("SELECT tenant_id || ' ' || period || ' ' || budget::numeric(10,2) || ' ' "
                + "|| currency FROM budget_ledger_view", String.class)).containsExactly("t2 2026-03 0.00 USD");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM budget_reservation_view", Long.class)).isZero();
    }

    private static List<String> grouped(String key) {
        return jdbc.queryForList("SELECT " + key + " || ' n=' || COUNT(*) || ' in=' || SUM(input_tokens) "
                + "|| ' out=' || SUM(output_tokens) || ' cost=' || trim_scale(COALESCE(SUM(cost), 0)) "
                + "|| ' hits=' || COUNT(cached_from) || ' saved=' || trim_scale(COALESCE(SUM(saved_cost), 0)) "
                + "|| ' ' || MAX(currency) FROM usage_record WHERE tenant_id = 't1' GROUP BY " + key
                + " ORDER BY " + key, String.class);
    }

    private static String ledger() {
        return jdbc.queryForObject("SELECT 'budget=' || trim_scale(budget) || ' spent=' || trim_scale(spent) "
                + "|| ' reserved=' || trim_scale(reserved) || ' ' || currency FROM budget_ledger_view "
                + "WHERE ledger_id = ?", String.class, LEDGER);
    }

    private static List<String> reservations() {
        return jdbc.queryForList("SELECT reservation_id || '=' || trim_scale(remaining) FROM budget_reservation_view "
                + "WHERE ledger_id = ? ORDER BY reservation_id", String.class, LEDGER);
    }

    private static AttemptUsageRecorded usage(String suggestionId, int attempt, String userId, String provider,
                                              String model, long in, long out, Money cost, String cachedFrom,
                                              Money saved, UsageOutcome outcome) {
        return new AttemptUsageRecorded("s-" + suggestionId, "t1", suggestionId, attempt, userId, provider, model,
                new TokenUsage(in, out, true), cost, outcome, cachedFrom, saved, LEDGER, "r-" + suggestionId, true);
    }
}
