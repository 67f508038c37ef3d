package io.assistantcore.messages.assist;

import io.assistantcore.messages.assist.AssistQueries.AttemptView;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.tenant.AiPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssistInputsTest {

    private static final ContextItem NOTES = new ContextItem("notes", "Notes", "call on monday");
    private static final ContextItem DEAL = new ContextItem("deal", "Deal", "renewal, 40k");
    private static final ContextItem EMAIL = new ContextItem("email", "Mail", "from bob");

    private static AiPolicy allowing(String... kinds) {
        return new AiPolicy(EnumSet.allOf(AiAction.class), Set.of("*"), Set.of(kinds), true, true, false);
    }

    @Test
    void withoutTogglesEveryAllowedKindGoesAndForbiddenOnesStay() {
        assertThat(AssistInputs.selectContext(List.of(NOTES, DEAL, EMAIL), null, allowing("notes", "deal")))
                .containsExactly(NOTES, DEAL);
        assertThat(AssistInputs.selectContext(List.of(NOTES, DEAL, EMAIL), null, allowing("*")))
                .containsExactly(NOTES, DEAL, EMAIL);
    }

    @Test
    void togglesPickKindsAndAreRefusedForMissingOrForbiddenKinds() {
        assertThat(AssistInputs.selectContext(List.of(NOTES, DEAL, EMAIL), Set.of("deal"), allowing("*")))
                .containsExactly(DEAL);
        assertThat(AssistInputs.selectContext(List.of(NOTES, DEAL), Set.of(), allowing("*"))).isEmpty();
        assertThatThrownBy(() -> AssistInputs.selectContext(List.of(NOTES), Set.of("deal"), allowing("*")))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("no context of kind 'deal'");
        assertThatThrownBy(() -> AssistInputs.selectContext(List.of(NOTES, EMAIL), Set.of("email"), allowing("notes")))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("does not allow");
    }

    @Test
    void aRefinementWorksOnTheLatestTextAndIsRefusedWithoutOne() {
        assertThat(AssistInputs.inputText("original", false, "latest")).isEqualTo("original");
        assertThat(AssistInputs.inputText("original", true, "latest")).isEqualTo("latest");
        assertThatThrownBy(() -> AssistInputs.inputText("original", true, null))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("refine");
    }

    @Test
    void theLatestSuggestionIsTheOneWhoseAttemptStartedLastAndItsApprovedTextWins() {
        Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
        SuggestionView first = suggestion("a", t0, "first text", null, attempt(1, t0), attempt(2, t0.plusSeconds(60)));
        SuggestionView second = suggestion("b", t0.plusSeconds(30), "second text", "second, edited",
                attempt(1, t0.plusSeconds(30)));
        SessionView session = new SessionView("s", "t", "u", null, "original", List.of(), List.of(first, second), t0);
        // "a" was regenerated after "b" was requested: its new attempt is the latest
        assertThat(AssistInputs.latestText(session)).isEqualTo("first text");
        SessionView approvedLast = new SessionView("s", "t", "u", null, "original", List.of(),
                List.of(suggestion("a", t0, "first text", null, attempt(1, t0)), second), t0);
        assertThat(AssistInputs.latestText(approvedLast)).isEqualTo("second, edited");
        assertThat(AssistInputs.latestText(new SessionView("s", "t", "u", null, "original", List.of(), List.of(), t0)))
                .isNull();
        assertThat(AssistInputs.refinedText(approvedLast, "b")).isEqualTo("second, edited");
        assertThat(AssistInputs.refinedText(approvedLast, null)).isEqualTo("original");
    }

    private static AttemptView attempt(int number, Instant started) {
        return new AttemptView(number, "COMPLETED", "local", "m", "x", null, null, null, 1, started, started, null,
                null);
    }

    private static SuggestionView suggestion(String id, Instant created, String text, String finalText,
                                             AttemptView... attempts) {
        return new SuggestionView(id, "s", "t", "u", AiAction.IMPROVE, null, null, null, "v1",
                SuggestionStatus.COMPLETED, attempts.length, text, finalText, finalText != null, "local", "m", null,
                null, null, 0, List.of(attempts), created, created, null, null);
    }
}
