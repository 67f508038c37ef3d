package io.assistantcore.command.chat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.privacy.PersonalData;

import io.assistantcore.messages.chat.ToolRoundRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * State of one reply inside its conversation: which message it answers, which attempt runs, where it stands, who
 * pays for each attempt. Snapshotted with its conversation (its fields are what Jackson stores; the personal ones
 * are encrypted like event texts).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
final class Reply {

    String replyId;
    String messageId;
    /** The turn the reply answers, numbered since the conversation (or its last clear) began. */
    int turn;
    /** How many clears preceded the reply: a reply of an earlier span is hidden from the user. */
    int span;
    /**
     * What the reply was asked with. Kept for the newest reply only (the one that can run, fail over or be
     * regenerated), so a long conversation does not hold a copy of its memory per reply.
     */
    @PersonalData
    ReplySpec spec;
    /** The user's message, kept while the reply's turn may still join the memory. */
    @PersonalData
    String userText;
    int attempt;
    ReplyStatus status;
    /** The route of the latest attempt that was routed, and the model that served the completed attempt. */
    RouteCategory category;
    String servingModel;
    /**
     * Where the current attempt goes once it is routed: the routed provider and model, or the provider a failover
     * handed it to (model null: that provider's default). Null before routing, and for routes no model answers.
     */
    String routedProvider;
    String routedModel;
    /** Provider and model of the running attempt, once its stream started. */
    String provider;
    String model;
    /**
     * The current attempt was routed, recorded its memory or was handed over after routing (a failover, a restart
     * of a routed attempt, the continuation after tools) and has not recorded its model call yet: its worker may
     * have paid for calls (the memory summary, a picture) that it reports with its ending, so a cancellation waits for
     * the worker's cancelled output instead of closing the reservation at once.
     */
    boolean workerPaying;
    /** The attempt that was cancelled while streaming and whose output is still to be recorded (0: none). */
    int cancelledOutputPending;
    /** Who asked for each attempt whose usage is still to be recorded, and the reservation that pays for it. */
    Map<Integer, Billing> billing = new LinkedHashMap<>();
    /** Attempts whose usage is recorded; each is recorded once. */
    Set<Integer> usageRecorded = new HashSet<>();
    /** The tool rounds of the reply so far (the latest may still be waiting), with their calls. */
    @PersonalData
    List<ToolRoundRecord> toolRounds = new ArrayList<>();
    /** The requester's roles while tools are in play, repeated to the continuation. */
    Set<String> requesterRoles = new HashSet<>();
    /** Where the reply goes on after its tools: the provider and model that asked for them. */
    String toolProvider;
    String toolModel;
    /** Images made for the reply so far. */
    int images;
    /** What the images made since the last recorded usage cost; billed with the next one (null: nothing). */
    io.assistantcore.messages.common.Money imageCost;

    /** Who asked for an attempt and the budget reservation paying for it (ledger and reservation null: none). */
    record Billing(String userId, String ledgerId, String reservationId) {
    }

    @SuppressWarnings("unused")
    private Reply() {
        // for Jackson (snapshots)
    }

    Reply(String replyId, String messageId, int turn, int span, ReplySpec spec, Billing billing) {
        this.replyId = replyId;
        this.messageId = messageId;
        this.turn = turn;
        this.span = span;
        this.spec = spec;
        this.userText = spec.text();
        startAttempt(1, billing);
    }

    void startAttempt(int newAttempt, Billing assigned) {
        attempt = newAttempt;
        status = ReplyStatus.PENDING;
        workerPaying = false;
        provider = null;
        model = null;
        routedProvider = null;
        routedModel = null;
        billing.put(newAttempt, assigned);
    }

    boolean running() {
        return !status.terminal();
    }

    /** Value equality lets the test fixture prove that event sourcing rebuilds exactly the state commands saw. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Reply that && turn == that.turn && span == that.span && attempt == that.attempt
                && cancelledOutputPending == that.cancelledOutputPending && replyId.equals(that.replyId)
                && messageId.equals(that.messageId) && Objects.equals(spec, that.spec)
                && Objects.equals(userText, that.userText) && status == that.status && category == that.category
                && Objects.equals(servingModel, that.servingModel) && Objects.equals(provider, that.provider)
                && Objects.equals(model, that.model) && Objects.equals(routedProvider, that.routedProvider)
                && Objects.equals(routedModel, that.routedModel) && billing.equals(that.billing)
                && usageRecorded.equals(that.usageRecorded) && toolRounds.equals(that.toolRounds)
                && requesterRoles.equals(that.requesterRoles) && Objects.equals(toolProvider, that.toolProvider)
                && Objects.equals(toolModel, that.toolModel) && images == that.images
                && Objects.equals(imageCost, that.imageCost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(replyId, attempt, status);
    }
}
