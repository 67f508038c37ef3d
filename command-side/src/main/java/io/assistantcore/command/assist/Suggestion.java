package io.assistantcore.command.assist;

import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.SuggestionStatus;

import java.util.Objects;

/** State of one suggestion inside its session: what was asked, which attempt runs, where it stands. */
final class Suggestion {

    final String suggestionId;
    final GenerationSpec spec;
    int attempt;
    SuggestionStatus status;
    String text;

    Suggestion(String suggestionId, GenerationSpec spec, int attempt) {
        this.suggestionId = suggestionId;
        this.spec = spec;
        this.attempt = attempt;
        this.status = SuggestionStatus.REQUESTED;
    }

    /** Value equality lets the test fixture prove that event sourcing rebuilds exactly the state commands saw. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Suggestion that && attempt == that.attempt && suggestionId.equals(that.suggestionId)
                && spec.equals(that.spec) && status == that.status && Objects.equals(text, that.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(suggestionId, attempt, status);
    }

    void startAttempt(int newAttempt) {
        attempt = newAttempt;
        status = SuggestionStatus.REQUESTED;
        text = null;
    }
}
