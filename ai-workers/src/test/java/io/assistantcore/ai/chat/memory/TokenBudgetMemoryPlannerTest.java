package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory policy with its real parts: the assembler's token counts, the offline summarizer, the profile rules. */
class TokenBudgetMemoryPlannerTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine(1);

    private final ChatPromptAssembler assembler = new ChatPromptAssembler();
    private final ProfileExtractor profiles = new ProfileExtractor();

    private TokenBudgetMemoryPlanner planner(TokenBudgetMemoryPlanner.Budget budget) {
        return new TokenBudgetMemoryPlanner(budget, assembler, new ExtractiveSummarizer(ENGINE), profiles);
    }

    private final TokenBudgetMemoryPlanner planner = planner(TokenBudgetMemoryPlanner.Budget.DEFAULT);

    private static final String[][] TOPICS = {
            {"We need to plan the launch of the new invoicing module. What should the first milestone be?",
                    "Start with a pilot for three customers. Fix the scope of the pilot first. Then agree on the "
                            + "success criteria with the customers."},
            {"Which customers would you pick for the pilot?",
                    "Pick customers with many invoices per month. Their feedback shows problems early. Avoid "
                            + "customers in the middle of a year-end closing."},
            {"How long should the pilot run?",
                    "Six weeks is usually enough. It covers one full monthly invoicing cycle. It also leaves time "
                            + "for one round of fixes."},
            {"What are good success criteria?",
                    "Measure the share of invoices created without manual corrections. Track the time per invoice. "
                            + "Ask the pilot users for a satisfaction score."},
            {"Who should own the pilot on our side?",
                    "A product manager should own it. An engineer from the invoicing team should support every "
                            + "customer. Finance should review the numbers weekly."},
            {"What risks do you see?",
                    "Tax rules differ between countries. Data migration from the old system may be incomplete. "
                            + "Customers may expect features that come later."},
            {"How do we handle the data migration?",
                    "Migrate one customer at a time. Compare totals before and after the migration. Keep the old "
                            + "system readable for three months."},
            {"What should we tell the customers before the pilot?",
                    "Explain the goal and the timeline. Name one contact person. Say clearly which features are "
                            + "not part of the pilot."}};

    private static List<Turn> turns(int count) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String[] topic = TOPICS[(i - 1) % TOPICS.length];
            turns.add(new Turn(i, topic[0], topic[1]));
        }
        return turns;
    }

    private long tokensOf(List<Turn> turns) {
        return turns.stream().mapToLong(turn -> assembler.turnTokens(null, turn)).sum();
    }

    // ---------------------------------------------------------------------------------------------------- budget

    @Test
    void theBudgetIsTheStrictestOfShareCeilingAndWhatTheWindowLeaves() {
        String message = "What next?";
        long system = assembler.systemTokens(null);
        long messageTokens = ChatPromptAssembler.messageTokens(message);
        // large window: the ceiling decides
        assertThat(planner.memoryBudget(128_000, message)).isEqualTo(16_000);
        // the offline engine's small window: the share decides (4096 / 2), the rest is room enough
        assertThat(planner.memoryBudget(4_096, message)).isEqualTo(2_048);
        assertThat(4_096 - system - messageTokens - 1_024).isGreaterThan(2_048);
        // a window the system prompt, the message and the output reserve fill: what is left
        int window = 2_000;
        assertThat(planner.memoryBudget(window, message))
                .isEqualTo(Math.min(1_000, window - system - messageTokens - 500));
        // nothing left: no memory at all
        assertThat(planner.memoryBudget(300, message)).isZero();
    }

    // ------------------------------------------------------------------------------------------------- keeping

    @Test
    void turnsThatFitAreAllKeptVerbatim() {
        List<Turn> turns = turns(4);
        MemoryPlan plan = planner.plan(new MemoryInput("", List.of(), turns, 0), "Thanks, what else?", 128_000);

        assertThat(plan.kept()).isEqualTo(turns);
        assertThat(plan.summary()).isEmpty();
        assertThat(plan.turnsCondensed()).isZero();
        assertThat(plan.condensedThroughTurn()).isZero();
        assertThat(plan.truncated()).isFalse();
        assertThat(plan.summaryCall()).isNull();
    }

    @Test
    void olderTurnsAreCondensedIntoTheSummaryAndTheNewestWholeTurnsThatFitAreKept() {
        List<Turn> turns = turns(24);
        int window = 1_600;
        String message = "Summarise where we are.";
        MemoryPlan plan = planner.plan(new MemoryInput("", List.of(), turns, 0), message, window);

        long budget = planner.memoryBudget(window, message);
        assertThat(plan.turnsKept()).isBetween(1, 23);
        // the kept turns are the newest, in order, without gaps
        assertThat(plan.kept()).isEqualTo(turns.subList(24 - plan.turnsKept(), 24));
        // they and the summary fit the budget, and one more turn would not have fit beside the summary's room
        long summaryRoom = (long) Math.floor(budget * 0.25);
        assertThat(tokensOf(plan.kept())).isLessThanOrEqualTo(budget - summaryRoom);
        assertThat(tokensOf(turns.subList(23 - plan.turnsKept(), 24))).isGreaterThan(budget - summaryRoom);
        assertThat(TokenEstimator.count(plan.summary())).isLessThanOrEqualTo(summaryRoom);
        // everything older is condensed, and the counts say so
        int condensed = 24 - plan.turnsKept();
        assertThat(plan.turnsCondensed()).isEqualTo(condensed);
        assertThat(plan.condensedThroughTurn()).isEqualTo(condensed);
        assertThat(plan.summary()).startsWith("- (turn ");
        // the whole prompt fits the window with room for the answer
        ChatPrompt prompt = assembler.assemble(plan, message);
        long promptTokens = TokenEstimator.count(prompt.systemMessage()) + prompt.messages().stream()
                .mapToLong(m -> ChatPromptAssembler.messageTokens(m.text())).sum();
        assertThat(promptTokens).isLessThanOrEqualTo(window - window / 4);
    }

    @Test
    void condensingAddsToTheRunningSummaryAndItsCount() {
        List<Turn> recent = turns(28).subList(4, 28);
        String earlier = "- (turn 1) User: We need to plan the launch of the new invoicing module.\n"
                + "- (turn 2) User: Which customers would you pick for the pilot?";
        MemoryPlan plan = planner.plan(new MemoryInput(earlier, List.of(), recent, 4), "And the budget?", 1_600);

        int condensedNow = 24 - plan.turnsKept();
        assertThat(condensedNow).isPositive();
        assertThat(plan.turnsCondensed()).isEqualTo(4 + condensedNow);
        assertThat(plan.condensedThroughTurn()).isEqualTo(4 + condensedNow);
        assertThat(plan.kept()).isEqualTo(recent.subList(condensedNow, 24));
        // what the summary keeps is the earlier lines and one line per newly condensed turn, in order; when it had
        // to drop some of them to fit, the plan says so
        List<String> lines = plan.summary().lines().toList();
        assertThat(lines).isSubsetOf(allLines(earlier, recent.subList(0, condensedNow)));
        assertThat(plan.truncated()).isEqualTo(lines.size() < 2 + condensedNow);
        assertThat(lines).isSortedAccordingTo(java.util.Comparator.comparingInt(TokenBudgetMemoryPlannerTest::turnOf));
    }

    private static List<String> allLines(String earlier, List<Turn> condensed) {
        List<String> lines = new ArrayList<>(earlier.lines().toList());
        lines.addAll(new ExtractiveSummarizer(ENGINE).summarize("", condensed, 100_000).text().lines().toList());
        return lines;
    }

    private static int turnOf(String line) {
        return Integer.parseInt(line.replaceAll("^- \\(turn (\\d+)\\).*", "$1"));
    }

    @Test
    void withNothingNewToCondenseTheSummaryAndItsTurnStayAsTheyWere() {
        List<Turn> recent = List.of(new Turn(7, "Hello again", "Hello!"));
        MemoryPlan plan = planner.plan(new MemoryInput("- (turn 1) User: Plan the pilot.", List.of(), recent, 6),
                "What was the plan?", 128_000);

        assertThat(plan.kept()).isEqualTo(recent);
        assertThat(plan.summary()).isEqualTo("- (turn 1) User: Plan the pilot.");
        assertThat(plan.turnsCondensed()).isEqualTo(6);
        assertThat(plan.condensedThroughTurn()).isEqualTo(6);
        assertThat(plan.truncated()).isFalse();
    }

    // --------------------------------------------------------------------------------------- whole-turn eviction

    @Test
    void aTurnIsKeptOrCondensedWholeWithItsToolCallsAndResults() {
        String bigResult = "Invoice record: customer Globex, amount 1200 EUR, due in 30 days. ".repeat(60);
        Turn search = new Turn(3, "Find the open invoices of Globex.", "Globex has one open invoice of 1200 EUR.",
                List.of(new ToolExchange("search_invoices", "{\"customer\":\"Globex\"}", bigResult)));
        Turn small = new Turn(4, "Thanks. Draft a reminder.", "Dear Globex team, a friendly reminder: invoice "
                + "1200 EUR is due.", List.of(new ToolExchange("lookup_contact", "{\"customer\":\"Globex\"}",
                "billing@globex.example")));
        List<Turn> turns = List.of(new Turn(1, "Hi", "Hello! How can I help?"),
                new Turn(2, "We need to chase payments.", "Sure. Which customer first?"), search, small);
        int window = 2_400;
        String message = "Make it firmer.";
        assertThat(assembler.turnTokens(null, search))
                .isGreaterThan(planner.memoryBudget(window, message) - tokensOf(List.of(small)));

        MemoryPlan plan = planner.plan(new MemoryInput("", List.of(), turns, 0), message, window);

        // the newest turn fits with its tool call and result; the one with the large result does not and is not
        // split: it is condensed, and so is everything before it (no gaps)
        assertThat(plan.kept()).containsExactly(small);
        assertThat(plan.turnsCondensed()).isEqualTo(3);
        assertThat(plan.condensedThroughTurn()).isEqualTo(3);
        assertThat(plan.summary()).contains("(turn 3)").contains("[tools: search_invoices]")
                .doesNotContain("due in 30 days. Invoice record");

        ChatPrompt prompt = assembler.assemble(plan, message);
        String all = prompt.systemMessage() + prompt.messages();
        assertThat(all).doesNotContain("[Result of search_invoices");
        String reply = prompt.messages().get(1).text();
        assertThat(reply.indexOf("[Tool call lookup_contact")).isZero();
        assertThat(reply.indexOf("[Result of lookup_contact: billing@globex.example]"))
                .isGreaterThan(reply.indexOf("[Tool call lookup_contact"));
        assertThat(reply).endsWith("invoice 1200 EUR is due.");
    }

    @Test
    void aNewestTurnTooLargeForTheRoomIsCondensedAndNoOlderTurnIsKeptInItsPlace() {
        Turn huge = new Turn(3, "Here is the contract: " + "The supplier delivers the goods on time. ".repeat(400),
                "Noted. The contract is about timely delivery.");
        List<Turn> turns = List.of(new Turn(1, "Hi", "Hello!"), new Turn(2, "Can you read contracts?", "Yes."), huge);

        MemoryPlan plan = planner.plan(new MemoryInput("", List.of(), turns, 0), "Summarise it.", 4_096);

        assertThat(plan.kept()).isEmpty();
        assertThat(plan.turnsCondensed()).isEqualTo(3);
        assertThat(plan.condensedThroughTurn()).isEqualTo(3);
        // a pasted document of 400 sentences is condensed from its beginning only, and the plan says so
        assertThat(plan.truncated()).isTrue();
        assertThat(plan.summary()).contains("(turn 3) User: Here is the contract");
    }

    // -------------------------------------------------------------------------------------------------- truncated

    @Test
    void aSummaryThatMustBeCutIsFlaggedTruncated() {
        TokenBudgetMemoryPlanner tight = planner(new TokenBudgetMemoryPlanner.Budget(0.5, 16_000, 4_096, 0.25, 60));
        MemoryPlan plan = tight.plan(new MemoryInput("", List.of(), turns(24), 0), "Go on.", 1_600);

        assertThat(plan.turnsCondensed()).isGreaterThan(2);
        assertThat(plan.truncated()).isTrue();
        assertThat(TokenEstimator.count(plan.summary())).isPositive().isLessThanOrEqualTo(60);
        assertThat(assembler.assemble(plan, "Go on.").systemMessage())
                .contains("Parts of the earlier conversation were dropped");
    }

    @Test
    void aSummaryThatFitsIsNotFlagged() {
        TokenBudgetMemoryPlanner roomy = planner(new TokenBudgetMemoryPlanner.Budget(0.5, 16_000, 4_096, 0.5, 1_000));
        MemoryPlan plan = roomy.plan(new MemoryInput("", List.of(), turns(20), 0), "Go on.", 1_600);

        assertThat(plan.turnsCondensed()).isPositive();
        assertThat(plan.truncated()).isFalse();
        assertThat(plan.summary().lines()).hasSize(plan.turnsCondensed());
    }

    @Test
    void anExistingSummaryTooLargeForASmallerWindowIsCutAndFlagged() {
        StringBuilder summary = new StringBuilder();
        for (Turn turn : turns(80)) {
            summary.append("- (turn ").append(turn.number()).append(") User: ").append(turn.userText())
                    .append(" Assistant: ").append(turn.replyText()).append('\n');
        }
        MemoryInput memory = new MemoryInput(summary.toString(), List.of(), List.of(new Turn(81, "Hi", "Hello")), 80);

        MemoryPlan plan = planner.plan(memory, "Where were we?", 4_096);

        assertThat(plan.truncated()).isTrue();
        assertThat(plan.kept()).hasSize(1);
        assertThat(plan.turnsCondensed()).isEqualTo(80);
        assertThat(plan.condensedThroughTurn()).isEqualTo(80);
        assertThat(TokenEstimator.count(plan.summary()))
                .isLessThanOrEqualTo(planner.memoryBudget(4_096, "Where were we?") / 4);
    }

    // ----------------------------------------------------------------------------------------- clear and profile

    @Test
    void aClearedConversationStartsWithAnEmptyMemory() {
        MemoryPlan plan = planner.plan(MemoryInput.EMPTY, "Hello, what can you do?", 128_000);

        assertThat(plan.kept()).isEmpty();
        assertThat(plan.summary()).isEmpty();
        assertThat(plan.turnsCondensed()).isZero();
        assertThat(plan.condensedThroughTurn()).isZero();
        assertThat(plan.truncated()).isFalse();
        assertThat(plan.profile()).isEmpty();
        assertThat(assembler.assemble(plan, "Hello, what can you do?").systemMessage())
                .isEqualTo(assembler.templates().version(null).system());
    }

    @Test
    void theProfileHoldsEarlierFactsAndWhatTheNewMessageStates() {
        MemoryInput memory = new MemoryInput("", List.of(new ProfileFact("name", "Anna"),
                new ProfileFact("company", "Acme")), List.of(), 0);

        MemoryPlan plan = planner.plan(memory, "I work for Globex now, as the CFO.", 128_000);

        assertThat(plan.profile()).containsExactly(new ProfileFact("name", "Anna"), new ProfileFact("role", "CFO"),
                new ProfileFact("company", "Globex"));
        assertThat(planner.plan(MemoryInput.EMPTY, "My name is Anna.", 128_000).profile())
                .containsExactly(new ProfileFact("name", "Anna"));
    }

    @Test
    void thePlanIsTheSameForTheSameInput() {
        MemoryInput memory = new MemoryInput("", List.of(), turns(24), 0);
        assertThat(planner.plan(memory, "Go on.", 1_600)).isEqualTo(planner.plan(memory, "Go on.", 1_600));
    }
}
