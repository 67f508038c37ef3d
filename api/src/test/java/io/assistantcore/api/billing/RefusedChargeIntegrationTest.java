package io.assistantcore.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudget;
import io.assistantcore.messages.billing.BudgetMessages.UsageCharged;
import io.assistantcore.messages.common.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A charge the ledger refuses is not skipped: the settlement keeps it (and the later charges of its ledger) in its
 * dead-letter queue, other ledgers are settled on, and a retry once the ledger takes it charges it exactly once.
 */
class RefusedChargeIntegrationTest extends ApiIntegrationTest {

    private static final String PERIOD = "2026-11";
    private static final Money BUDGET = Money.of("10.00", "USD");
    private static final Money COST = Money.of("0.25", "USD");

    @Autowired
    private EventStore eventStore;
    @Autowired
    private CommandGateway commands;

    private ApiClient api;
    private String admin;

    @BeforeEach
    void setUp() {
        api = api();
        admin = api.devToken(null, "root", "PLATFORM_ADMIN");
    }

    private void usage(String ledgerId, String reservationId, String suggestionId) {
        eventStore.publish(GenericEventMessage.asEventMessage(new AttemptUsageRecorded("session-" + suggestionId,
                ledgerId.substring(0, ledgerId.indexOf('/')), suggestionId, 1, "alice", "local", "offline",
                new TokenUsage(10, 5, true), COST, UsageOutcome.COMPLETED, null, null, ledgerId, reservationId,
                true)));
    }

    private void reserve(String ledgerId, String reservationId) {
        commands.sendAndWait(new ReserveBudget(ledgerId, ledgerId.substring(0, ledgerId.indexOf('/')), PERIOD,
                reservationId, "alice", Money.of("1.00", "USD"), BUDGET));
    }

    private List<UsageCharged> charges(String ledgerId) {
        List<UsageCharged> charged = new ArrayList<>();
        eventStore.readEvents(ledgerId).asStream()
                .filter(event -> event.getPayload() instanceof UsageCharged)
                .forEach(event -> charged.add((UsageCharged) event.getPayload()));
        return charged;
    }

    private List<JsonNode> settlementLetters(String ledgerId) {
        Response response = api.get("/api/v1/admin/dead-letters?processingGroup=budget-settlement&limit=1000",
                admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        response.json().forEach(letter -> {
            if (letter.get("sequenceIdentifier").asText().equals(ledgerId)) {
                letters.add(letter);
            }
        });
        return letters;
    }

    private static JsonNode firstOf(List<JsonNode> letters) {
        return letters.stream().min(java.util.Comparator.comparingLong(letter -> letter.get("sequenceIndex").asLong()))
                .orElseThrow();
    }

    @Test
    void aRefusedChargeWaitsAsADeadLetterWhileOtherLedgersAreSettledAndIsChargedOnceOnRetry() {
        // a ledger nobody opened yet refuses every charge (no such aggregate)
        String refusing = uniqueTenantId("refusing") + "/" + PERIOD;
        String other = uniqueTenantId("settled") + "/" + PERIOD;
        reserve(other, "res-other");

        usage(refusing, "res-1", "sugg-a");
        usage(other, "res-other", "sugg-b");
        usage(refusing, "res-1", "sugg-c");

        await().atMost(Duration.ofSeconds(30)).until(() -> settlementLetters(refusing).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !charges(other).isEmpty());
        assertThat(charges(other)).extracting(UsageCharged::chargeId).containsExactly("sugg-b#1");
        List<JsonNode> letters = settlementLetters(refusing);
        assertThat(letters).extracting(letter -> letter.get("eventType").asText())
                .containsOnly(AttemptUsageRecorded.class.getSimpleName());
        JsonNode first = firstOf(letters);
        assertThat(first.get("causeType").asText()).isNotBlank();

        // a retry while the ledger still refuses keeps both letters
        Response stillRefused = api.post("/api/v1/admin/dead-letters/" + first.get("id").asText() + "/retry",
                admin, null);
        assertThat(stillRefused.status()).as(stillRefused.body()).isEqualTo(200);
        assertThat(stillRefused.json().get("handled").asBoolean()).isFalse();
        assertThat(settlementLetters(refusing)).hasSize(2);
        assertThat(charges(refusing)).isEmpty();

        // once the ledger exists, the retry charges both usages, each once, and the queue is empty
        reserve(refusing, "res-1");
        JsonNode waiting = firstOf(settlementLetters(refusing));
        Response retried = api.post("/api/v1/admin/dead-letters/" + waiting.get("id").asText() + "/retry", admin,
                null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("handled").asBoolean()).isTrue();
        assertThat(retried.json().get("stillWaiting").asLong()).isZero();
        assertThat(charges(refusing)).extracting(UsageCharged::chargeId).containsExactly("sugg-a#1", "sugg-c#1");
        assertThat(settlementLetters(refusing)).isEmpty();
    }
}
