package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveSummarizerTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine(1);

    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer(ENGINE);

    private static final Turn PILOT = new Turn(1, "We need to plan the launch of the new invoicing module.",
            "Start with a pilot for three customers. Fix the scope of the pilot first. Then agree on the success "
                    + "criteria with the customers. A pilot of six weeks covers one full invoicing cycle.");
    private static final Turn SEARCH = new Turn(2, "Find the open invoices of Globex.",
            "Globex has one open invoice of 1200 EUR.",
            List.of(new ToolExchange("search_invoices", "{\"customer\":\"Globex\"}", "[{\"id\":\"INV-7\"}]")));

    @Test
    void eachTurnBecomesALineOfItsCentralSentences() {
        Condensation condensation = summarizer.summarize("", List.of(PILOT, SEARCH), 500);

        assertThat(condensation.text().lines().toList()).containsExactly(
                "- (turn 1) User: We need to plan the launch of the new invoicing module. Assistant: "
                        + ENGINE.summarize(PILOT.replyText()),
                "- (turn 2) User: Find the open invoices of Globex. Assistant: Globex has one open invoice of "
                        + "1200 EUR. [tools: search_invoices]");
        assertThat(condensation.text()).doesNotContain("INV-7");
        assertThat(condensation.truncated()).isFalse();
        assertThat(condensation.call()).isNull();
    }

    @Test
    void newLinesFollowThePreviousSummary() {
        Condensation condensation = summarizer.summarize("- (turn 1) User: Plan the launch.", List.of(SEARCH), 500);

        assertThat(condensation.text()).startsWith("- (turn 1) User: Plan the launch.\n- (turn 2) User: Find");
        assertThat(condensation.truncated()).isFalse();
    }

    @Test
    void whatDoesNotFitIsDroppedLeastCentralFirstAndFlagged() {
        List<Turn> turns = List.of(
                new Turn(1, "Plan the invoicing pilot.", "Start the invoicing pilot with three customers."),
                new Turn(2, "Which customers for the invoicing pilot?", "Customers with many invoices per month."),
                new Turn(3, "What's for lunch?", "I don't know the canteen's menu."),
                new Turn(4, "How long should the invoicing pilot run?", "Six weeks covers one invoicing cycle."));
        String all = summarizer.summarize("", turns, 10_000).text();
        int budget = (int) TokenEstimator.count(all) - 10;

        Condensation condensation = summarizer.summarize("", turns, budget);

        assertThat(condensation.truncated()).isTrue();
        assertThat(TokenEstimator.count(condensation.text())).isLessThanOrEqualTo(budget);
        assertThat(condensation.text()).doesNotContain("lunch").contains("(turn 1)").contains("(turn 4)");
    }

    @Test
    void aSingleLineLargerThanTheBudgetIsCutAtAWord() {
        Condensation condensation = summarizer.summarize("", List.of(PILOT), 12);

        assertThat(condensation.truncated()).isTrue();
        assertThat(condensation.text()).startsWith("- (turn 1) User:").endsWith("…");
        assertThat(TokenEstimator.count(condensation.text())).isLessThanOrEqualTo(12);
    }

    @Test
    void nothingToSummarizeOrNoRoom() {
        assertThat(summarizer.summarize("", List.of(), 100)).isEqualTo(Condensation.offline("", false));
        assertThat(summarizer.summarize("- (turn 1) User: Hi.", List.of(), 0))
                .isEqualTo(Condensation.offline("", true));
        assertThat(summarizer.summarize("  - (turn 1) User: Hi.  ", List.of(), 100))
                .isEqualTo(Condensation.offline("- (turn 1) User: Hi.", false));
    }
}
