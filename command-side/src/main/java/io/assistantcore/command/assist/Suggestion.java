package io.assistantcore.command.assist;

import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.SuggestionStatus;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
    /**
     * Who asked for each attempt and the budget reservation paying for it, by the attempt that a request or a
     * regenerate started; failover and restart attempts stay on the one before them. Kept per attempt because an
     * earlier attempt's usage can arrive after a regenerate (a cancelled attempt's output is recorded once its
     * provider stream closed) and must be charged to that attempt's reservation, not to the new one.
     */
    final TreeMap<Integer, Billing> billing = new TreeMap<>();
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
                && billing.equals(that.billing) && usageRecorded.equals(that.usageRecorded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(suggestionId, attempt, status);
    }

    /** Who asked for the attempt and which reservation pays for it (ledger and reservation null: not budgeted). */
    record Billing(String userId, String ledgerId, String reservationId) {
        static final Billing NONE = new Billing(null, null, null);
    }

    /** The billing of the attempt: the one assigned to it, else to the latest attempt before it. */
    Billing billingOf(int ofAttempt) {
        Map.Entry<Integer, Billing> assigned = billing.floorEntry(ofAttempt);
        return assigned == null ? Billing.NONE : assigned.getValue();
    }

    void startAttempt(int newAttempt) {
        attempt = newAttempt;
        status = SuggestionStatus.REQUESTED;
        text = null;
        provider = null;
        model = null;
    }
}
