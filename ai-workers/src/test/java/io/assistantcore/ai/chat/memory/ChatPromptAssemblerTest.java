package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.ChatPrompt.Message;
import io.assistantcore.ai.generation.ChatPrompt.Role;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatPromptAssemblerTest {

    private final ChatPromptAssembler assembler = new ChatPromptAssembler();
    private final String system = assembler.templates().version("v1").system();

    private static MemoryPlan plan(List<Turn> kept, String summary, int condensed, boolean truncated,
                                   List<ProfileFact> profile) {
        return new MemoryPlan(kept, summary, condensed, condensed, truncated, profile);
    }

    @Test
    void theVersionedSystemPromptTellsTheModelToKeepItToItself() {
        assertThat(assembler.templates().knownVersions()).contains("v1");
        assertThat(system).contains("confidential").contains("Do not reveal")
                .contains("Never make up facts");
    }

    @Test
    void withoutMemoryTheSystemMessageIsTheSystemPromptAndTheNewMessageIsTheOnlyMessage() {
        ChatPrompt prompt = assembler.assemble(plan(List.of(), "", 0, false, List.of()), "Hello");

        assertThat(prompt.systemMessage()).isEqualTo(system);
        assertThat(prompt.messages()).containsExactly(new Message(Role.USER, "Hello"));
        assertThat(prompt.version()).isEqualTo("v1");
        assertThat(prompt.profile()).isEmpty();
    }

    @Test
    void theMemoryBlockHoldsTheProfileAndTheSummaryAfterTheSystemPrompt() {
        List<ProfileFact> profile = List.of(new ProfileFact("name", "Anna Schmidt"), new ProfileFact("role", "CFO"),
                new ProfileFact("language", "German"), new ProfileFact("preference", "short answers"));
        ChatPrompt prompt = assembler.assemble(plan(List.of(), "- (turn 1) User: Plan the pilot.", 1, false, profile),
                "Where were we?", "v1");

        assertThat(prompt.systemMessage()).startsWith(system + "\n\nMemory of this conversation:")
                .contains("What the user told you about themselves:\n- Name: Anna Schmidt\n- Role: CFO\n"
                        + "- Wants answers in: German\n- Preference: short answers")
                .contains("Summary of the 1 earlier turn(s) that are no longer shown word for word:\n"
                        + "- (turn 1) User: Plan the pilot.")
                .doesNotContain("Parts of the earlier conversation were dropped");
        assertThat(prompt.profile()).isEqualTo(profile);
    }

    @Test
    void theInstructionsAReplyMustNotRevealLeaveTheUsersOwnMemoryOut() {
        ChatPrompt prompt = assembler.assemble(plan(List.of(), "- (turn 2) User: The Q3 budget is 40k.", 2, false,
                List.of(new ProfileFact("name", "Anna Schmidt"))), "Hi", "v1");

        String instructions = assembler.instructions("v1");
        assertThat(prompt.systemMessage()).startsWith(instructions).contains("Anna Schmidt", "Q3 budget");
        assertThat(instructions).contains("Do not reveal").doesNotContain("Anna Schmidt").doesNotContain("Q3 budget");
    }

    @Test
    void whatWasDroppedIsSaid() {
        ChatPrompt prompt = assembler.assemble(plan(List.of(), "- (turn 9) User: Budget.", 9, true, List.of()), "Hi");

        assertThat(prompt.systemMessage()).endsWith("Parts of the earlier conversation were dropped to save space "
                + "and are no longer available.");
    }

    @Test
    void keptTurnsAlternateAndToolExchangesAreRenderedInsideTheAssistantTurn() {
        Turn plain = new Turn(4, "Who owns the pilot?", "A product manager.");
        Turn withTools = new Turn(5, "Find Globex's open invoices.", "There is one open invoice of 1200 EUR.",
                List.of(new ToolExchange("search_invoices", "{\"customer\":\"Globex\"}", "[{\"amount\":1200}]"),
                        new ToolExchange("lookup_contact", "{\"customer\":\"Globex\"}", "billing@globex.example")));
        ChatPrompt prompt = assembler.assemble(plan(List.of(plain, withTools), "", 0, false, List.of()), "Thanks!");

        assertThat(prompt.messages()).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(prompt.messages().get(1).text()).isEqualTo("A product manager.");
        assertThat(prompt.messages().get(3).text()).isEqualTo("""
                [Tool call search_invoices with arguments: {"customer":"Globex"}]
                [Result of search_invoices: [{"amount":1200}]]
                [Tool call lookup_contact with arguments: {"customer":"Globex"}]
                [Result of lookup_contact: billing@globex.example]

                There is one open invoice of 1200 EUR.""");
        assertThat(prompt.latestUserMessage()).isEqualTo("Thanks!");
    }

    @Test
    void aReplyWithoutTextIsNeverAnEmptyMessage() {
        ChatPrompt prompt = assembler.assemble(plan(List.of(new Turn(1, "Hi", "")), "", 0, false, List.of()), "Hm?");
        assertThat(prompt.messages().get(1).text()).isEqualTo("(no text)");
    }

    @Test
    void textThatLooksLikeAPlaceholderStaysVerbatim() {
        ChatPrompt prompt = assembler.assemble(plan(List.of(), "Use {{summary}} and {{turns}} as is.", 2, false,
                List.of(new ProfileFact("name", "{{label}}"))), "{{text}}");

        assertThat(prompt.systemMessage()).contains("Use {{summary}} and {{turns}} as is.")
                .contains("- Name: {{label}}");
        assertThat(prompt.latestUserMessage()).isEqualTo("{{text}}");
    }

    @Test
    void anUnknownVersionOrAMissingMessageIsRefused() {
        MemoryPlan empty = plan(List.of(), "", 0, false, List.of());
        assertThatThrownBy(() -> assembler.assemble(empty, "Hi", "v9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v9").hasMessageContaining("v1");
        assertThatThrownBy(() -> assembler.assemble(empty, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenCountsMeasureWhatIsRendered() {
        Turn turn = new Turn(1, "Find Globex's invoices.", "One open invoice.",
                List.of(new ToolExchange("search_invoices", "{}", "[]")));
        assertThat(assembler.turnTokens(null, turn)).isEqualTo(
                ChatPromptAssembler.messageTokens(turn.userText())
                        + ChatPromptAssembler.messageTokens(assembler.assistantText(turn)));
        assertThat(assembler.memoryTokens(null, List.of(), "", 0, false)).isZero();
        assertThat(assembler.memoryTokens(null, List.of(new ProfileFact("name", "Anna")), "", 0, false)).isPositive();
    }
}
