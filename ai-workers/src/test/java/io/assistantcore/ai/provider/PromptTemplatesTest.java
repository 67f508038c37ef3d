package io.assistantcore.ai.provider;

import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplatesTest {

    private final PromptTemplates templates = new PromptTemplates();

    private static GenerationRequest request(AiAction action, Tone tone, String instruction, List<ContextItem> context) {
        return new GenerationRequest(action, tone, instruction, "We has shipped the order yesterday.", context,
                PromptTemplates.CURRENT_VERSION, null);
    }

    @ParameterizedTest
    @EnumSource(AiAction.class)
    void everyActionRendersTheTextAndAsksForTheResultOnly(AiAction action) {
        RenderedPrompt prompt = templates.render(request(action, Tone.FRIENDLY, "Translate to German", List.of()));

        assertThat(prompt.version()).isEqualTo("v1");
        assertThat(prompt.systemMessage()).contains("Answer with the rewritten text only");
        assertThat(prompt.userMessage())
                .contains("<text>\nWe has shipped the order yesterday.\n</text>")
                .containsPattern("Answer with the [a-z ]+ only\\.$")
                .doesNotContain("{{")
                .doesNotContain("Context");
    }

    @Test
    void eachActionHasItsOwnTask() {
        Set<String> firstLines = EnumSet.allOf(AiAction.class).stream()
                .map(action -> templates.render(request(action, Tone.CASUAL, "Make it rhyme", List.of()))
                        .userMessage().lines().findFirst().orElseThrow())
                .collect(Collectors.toSet());

        assertThat(firstLines).hasSize(AiAction.values().length);
    }

    @Test
    void changeToneUsesToneSpecificWording() {
        String formal = templates.render(request(AiAction.CHANGE_TONE, Tone.FORMAL, null, List.of())).userMessage();
        String casual = templates.render(request(AiAction.CHANGE_TONE, Tone.CASUAL, null, List.of())).userMessage();

        assertThat(formal).contains("in a formal tone: precise and respectful").contains("no contractions");
        assertThat(casual).contains("in a casual tone: relaxed and conversational");
        for (Tone tone : Tone.values()) {
            assertThat(templates.render(request(AiAction.CHANGE_TONE, tone, null, List.of())).userMessage())
                    .contains(tone.name().toLowerCase() + " tone");
        }
    }

    @Test
    void freePromptCarriesTheInstruction() {
        String user = templates.render(request(AiAction.FREE_PROMPT, null, "  Turn this into a polite reminder ",
                List.of())).userMessage();

        assertThat(user).contains("<instruction>\nTurn this into a polite reminder\n</instruction>");
    }

    @Test
    void contextItemsAreRenderedAsALabelledBlockBeforeTheText() {
        String user = templates.render(request(AiAction.IMPROVE, null, null, List.of(
                new ContextItem("record", "Order 4711", "Customer: ACME Corp\nStatus: shipped"),
                new ContextItem("related-field", null, "Delivery date: 2025-03-01"),
                new ContextItem("tab", "Empty", "   ")))).userMessage();

        assertThat(user).contains("Context (background only, do not rewrite it):\n"
                + "### Order 4711 (record)\nCustomer: ACME Corp\nStatus: shipped\n\n"
                + "### related-field (related-field)\nDelivery date: 2025-03-01\n\nText:");
        assertThat(user).doesNotContain("Empty");
        assertThat(user.indexOf("Context")).isLessThan(user.indexOf("<text>"));
    }

    @Test
    void placeholdersInsideUserTextAreNotSubstituted() {
        GenerationRequest request = new GenerationRequest(AiAction.FREE_PROMPT, null, "Keep {{text}} literally",
                "Hello {{name}}, your code is {{context}} $1 \\", List.of(), "v1", null);

        RenderedPrompt prompt = templates.render(request);

        assertThat(prompt.userMessage()).contains("Hello {{name}}, your code is {{context}} $1 \\")
                .contains("Keep {{text}} literally");
    }

    @Test
    void nullVersionMeansCurrentAndUnknownVersionsAreRejected() {
        GenerationRequest noVersion = new GenerationRequest(AiAction.SHORTEN, null, null, "Text", List.of(), null,
                null);
        assertThat(templates.render(noVersion).version()).isEqualTo(PromptTemplates.CURRENT_VERSION);
        assertThat(templates.knownVersions()).containsExactly("v1");

        GenerationRequest v9 = new GenerationRequest(AiAction.SHORTEN, null, null, "Text", List.of(), "v9", null);
        assertThatThrownBy(() -> templates.render(v9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v9")
                .hasMessageContaining("known versions: v1");
    }

    @Test
    void incompleteRequestsAreRejected() {
        assertThatThrownBy(() -> templates.render(request(AiAction.CHANGE_TONE, null, null, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tone");
        assertThatThrownBy(() -> templates.render(request(AiAction.FREE_PROMPT, null, " ", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instruction");
        assertThatThrownBy(() -> templates.render(new GenerationRequest(AiAction.IMPROVE, null, null, null, List.of(),
                "v1", null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
    }
}
