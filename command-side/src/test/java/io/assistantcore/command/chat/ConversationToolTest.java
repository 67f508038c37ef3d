package io.assistantcore.command.chat;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatCommands.AwaitToolCalls;
import io.assistantcore.messages.chat.ChatCommands.CancelReply;
import io.assistantcore.messages.chat.ChatCommands.CheckToolCallAwaited;
import io.assistantcore.messages.chat.ChatCommands.FailUnproposedToolCalls;
import io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome;
import io.assistantcore.messages.chat.ChatEvents.ReplyAwaitingToolCalls;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyResumedAfterTools;
import io.assistantcore.messages.chat.ChatEvents.ReplyToolCallFinished;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.ToolRoundRecord;
import io.assistantcore.messages.chat.ToolStep;
import io.assistantcore.messages.tool.ToolCallStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.assistantcore.command.chat.ConversationTest.C;
import static io.assistantcore.command.chat.ConversationTest.COST;
import static io.assistantcore.command.chat.ConversationTest.STARTED;
import static io.assistantcore.command.chat.ConversationTest.T;
import static io.assistantcore.command.chat.ConversationTest.U;
import static io.assistantcore.command.chat.ConversationTest.USAGE;
import static io.assistantcore.command.chat.ConversationTest.r;
import static io.assistantcore.command.chat.ConversationTest.spec;
import static io.assistantcore.command.chat.ConversationTest.streamingReply;

/**
 * A reply whose model asks for tools waits for every call to end, then goes on as a new attempt on the same
 * provider and model with the recorded results; nothing before it runs again.
 */
class ConversationToolTest {

    static final String ARGS = "{\"project\":\"Data Science\"}";
    static final ToolStep PENDING = new ToolStep("call-1", "call_abc", "create_track", ARGS, ToolCallStatus.PROPOSED,
            null);
    static final Set<String> ROLES = Set.of("MEMBER");

    AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
    }

    List<Object> streaming() {
        List<Object> events = new ArrayList<>();
        events.add(STARTED);
        events.addAll(streamingReply(1, 1, "Create a track", MemoryInput.EMPTY));
        return events;
    }

    List<Object> waiting() {
        List<Object> events = streaming();
        events.add(new AttemptUsageRecorded(C, T, r(1), 1, U, "local", "offline", USAGE, COST,
                UsageOutcome.COMPLETED, null, null, null, null, false));
        events.add(new ReplyAwaitingToolCalls(C, T, r(1), 1, "", List.of(PENDING), "local", "offline", ROLES));
        return events;
    }

    @Test
    void theReplyWaitsForItsToolCallsWithTheModelCallBilledAndTheReservationOpen() {
        fixture.given(streaming())
                .when(new AwaitToolCalls(C, r(1), 1, "", List.of(PENDING), ROLES, USAGE, "local", "offline", COST))
                .expectEvents(new AttemptUsageRecorded(C, T, r(1), 1, U, "local", "offline", USAGE, COST,
                                UsageOutcome.COMPLETED, null, null, null, null, false),
                        new ReplyAwaitingToolCalls(C, T, r(1), 1, "", List.of(PENDING), "local", "offline", ROLES));
    }

    @Test
    void theLastCallEndingResumesTheReplyAsANewAttemptWithTheRecordedResult() {
        ToolStep done = PENDING.ended(ToolCallStatus.SUCCEEDED, "{\"trackId\":\"t-1\"}");
        fixture.given(waiting())
                .when(new RecordToolCallOutcome(C, r(1), "call-1", ToolCallStatus.SUCCEEDED, "{\"trackId\":\"t-1\"}"))
                .expectEvents(new ReplyToolCallFinished(C, T, r(1), "call-1", ToolCallStatus.SUCCEEDED,
                                "{\"trackId\":\"t-1\"}"),
                        new ReplyResumedAfterTools(C, T, r(1), 2, spec("Create a track", MemoryInput.EMPTY), "local",
                                "offline", List.of(new ToolRoundRecord("", List.of(done))), U, ROLES));
    }

    @Test
    void anOutcomeRecordedTwiceOrForAnUnknownCallChangesNothing() {
        List<Object> events = waiting();
        events.add(new ReplyToolCallFinished(C, T, r(1), "call-1", ToolCallStatus.DENIED, "no"));
        fixture.given(events)
                .when(new RecordToolCallOutcome(C, r(1), "call-1", ToolCallStatus.SUCCEEDED, "{}"))
                .expectNoEvents();
        fixture.given(waiting())
                .when(new RecordToolCallOutcome(C, r(1), "call-9", ToolCallStatus.SUCCEEDED, "{}"))
                .expectNoEvents();
    }

    @Test
    void cancellingAWaitingReplyClosesTheReservationOfTheContinuation() {
        fixture.given(waiting())
                .when(new CancelReply(C, T, U, r(1)))
                .expectEvents(new ReplyCancelled(C, T, r(1), 1),
                        new AttemptUsageRecorded(C, T, r(1), 2, U, null, null,
                                io.assistantcore.messages.assist.TokenUsage.NONE, null, UsageOutcome.CANCELLED, null,
                                null, null, null, true));
    }

    @Test
    void aWaitingReplyAwaitsOnlyTheOpenCallsOfItsRound() {
        fixture.given(waiting())
                .when(new CheckToolCallAwaited(C, r(1), "call-1"))
                .expectResultMessagePayload(true)
                .expectNoEvents();
        fixture.given(waiting())
                .when(new CheckToolCallAwaited(C, r(1), "call-9"))
                .expectResultMessagePayload(false);
        List<Object> finished = waiting();
        finished.add(new ReplyToolCallFinished(C, T, r(1), "call-1", ToolCallStatus.DENIED, "no"));
        fixture.given(finished)
                .when(new CheckToolCallAwaited(C, r(1), "call-1"))
                .expectResultMessagePayload(false);
    }

    @Test
    void aCancelledReplyAwaitsNoCall() {
        List<Object> cancelled = waiting();
        cancelled.add(new ReplyCancelled(C, T, r(1), 1));
        fixture.given(cancelled)
                .when(new CheckToolCallAwaited(C, r(1), "call-1"))
                .expectResultMessagePayload(false)
                .expectNoEvents();
        fixture.given(STARTED)
                .when(new CheckToolCallAwaited(C, "r-unknown", "call-1"))
                .expectResultMessagePayload(false);
    }

    @Test
    void callsThatWereNeverProposedFailAndTheReplyGoesOn() {
        String reason = "The tool call was never proposed; it was not called";
        ToolStep failed = PENDING.ended(ToolCallStatus.FAILED, reason);
        fixture.given(waiting())
                .when(new FailUnproposedToolCalls(C, r(1), 1, reason))
                .expectEvents(new ReplyToolCallFinished(C, T, r(1), "call-1", ToolCallStatus.FAILED, reason),
                        new ReplyResumedAfterTools(C, T, r(1), 2, spec("Create a track", MemoryInput.EMPTY), "local",
                                "offline", List.of(new ToolRoundRecord("", List.of(failed))), U, ROLES));
    }

    @Test
    void failingUnproposedCallsOfAnotherAttemptOrOfAReplyNoLongerWaitingChangesNothing() {
        fixture.given(waiting())
                .when(new FailUnproposedToolCalls(C, r(1), 2, "never proposed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        List<Object> cancelled = waiting();
        cancelled.add(new ReplyCancelled(C, T, r(1), 1));
        fixture.given(cancelled)
                .when(new FailUnproposedToolCalls(C, r(1), 1, "never proposed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
