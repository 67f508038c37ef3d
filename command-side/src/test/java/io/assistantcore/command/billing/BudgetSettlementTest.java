package io.assistantcore.command.billing;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.billing.BudgetMessages.ChargeUsage;
import io.assistantcore.messages.common.Money;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The settlement sends its charges through a real gateway and bus; a handler on the bus records what arrives. */
class BudgetSettlementTest {

    private static final String LEDGER = "acme/2026-11";
    private static final TokenUsage USAGE = new TokenUsage(12, 8, true);
    private static final Money COST = Money.of("0.0021", "USD");
    private static final MetaData META = MetaData.with("correlationId", "request-7");

    private final List<CommandMessage<?>> sent = new ArrayList<>();
    private BudgetSettlement settlement;

    @BeforeEach
    void setUp() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(ChargeUsage.class.getName(), message -> {
            sent.add(message);
            return null;
        });
        settlement = new BudgetSettlement(DefaultCommandGateway.builder().commandBus(bus).build());
    }

    private static AttemptUsageRecorded usage(int attempt, String ledgerId, String reservationId, String provider,
                                              Money cost, UsageOutcome outcome, boolean closes) {
        return new AttemptUsageRecorded("session-1", "acme", "sugg-1", attempt, "alice", provider, "offline",
                USAGE, cost, outcome, null, null, ledgerId, reservationId, closes);
    }

    private List<Object> payloads() {
        return sent.stream().<Object>map(CommandMessage::getPayload).toList();
    }

    @Test
    void chargesTheReservationWithTheAttemptAsChargeId() {
        settlement.on(usage(2, LEDGER, "res-1", "local", COST, UsageOutcome.COMPLETED, true), META);

        assertThat(payloads()).containsExactly(new ChargeUsage(LEDGER, "res-1", "sugg-1#2", COST, true));
        assertThat(sent.get(0).getMetaData()).containsAllEntriesOf(META);
    }

    @Test
    void aFailoverChargesWithoutClosingTheReservation() {
        settlement.on(usage(1, LEDGER, "res-1", "openai", COST, UsageOutcome.FAILED_OVER, false),
                MetaData.emptyInstance());

        assertThat(payloads()).containsExactly(new ChargeUsage(LEDGER, "res-1", "sugg-1#1", COST, false));
    }

    @Test
    void anAttemptWithoutAModelCallChargesNothingAndClosesTheReservation() {
        settlement.on(usage(1, LEDGER, "res-1", null, null, UsageOutcome.CANCELLED, true), MetaData.emptyInstance());

        assertThat(payloads()).containsExactly(new ChargeUsage(LEDGER, "res-1", "sugg-1#1", null, true));
    }

    @Test
    void eachAttemptIsItsOwnCharge() {
        settlement.on(usage(1, LEDGER, "res-1", "openai", COST, UsageOutcome.FAILED_OVER, false), META);
        settlement.on(usage(2, LEDGER, "res-1", "local", COST, UsageOutcome.COMPLETED, true), META);

        assertThat(payloads()).containsExactly(new ChargeUsage(LEDGER, "res-1", "sugg-1#1", COST, false),
                new ChargeUsage(LEDGER, "res-1", "sugg-1#2", COST, true));
    }

    @Test
    void skipsUnbudgetedUsage() {
        settlement.on(usage(1, null, null, "local", COST, UsageOutcome.COMPLETED, true), META);
        settlement.on(usage(1, LEDGER, null, "local", COST, UsageOutcome.COMPLETED, true), META);
        settlement.on(usage(1, null, "res-1", "local", COST, UsageOutcome.COMPLETED, true), META);

        assertThat(sent).isEmpty();
    }
}
