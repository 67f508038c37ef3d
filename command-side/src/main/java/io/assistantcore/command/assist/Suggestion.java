package io.assistantcore.command.assist;

import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.SuggestionStatus;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** State of one suggestion inside its session: what was asked, which attempt runs, where it stands. */
final class Suggestion {

    final String suggestionId;
    final GenerationSpec spec;
    int attempt;
    SuggestionStatus status;
    String text;
    /** Provider and model of the running attempt, once its stream started. */
    String provider;
    String model;
    /** Who asked for the running request, and the budget reservation paying for it (null: not budgeted). */
    String requestedBy;
    String ledgerId;
    String reservationId;
    /** Attempts whose usage is recorded; each is recorded once. */
    final Set<Integer> usageRecorded = new HashSet<>();

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
                && spec.equals(that.spec) && status == that.status && Objects.equals(text, that.text)
                && Objects.equals(provider, that.provider) && Objects.equals(model, that.model)
                && Objects.equals(requestedBy, that.requestedBy) && Objects.equals(ledgerId, that.ledgerId)
                && Objects.equals(reservationId, that.reservationId) && usageRecorded.equals(that.usageRecorded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(suggestionId, attempt, status);
    }

    void startAttempt(int newAttempt) {
        attempt = newAttempt;
        status = SuggestionStatus.REQUESTED;
        text = null;
        provider = null;
        model = null;
    }
}
