package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.CheckToolCallAwaited;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.tool.ToolQueries.ReplyToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply that ends takes its calls that have not started with it; a call the conversation still waits for (one of a
 * newer attempt of the reply) and a call that started are left alone.
 */
class EndedReplyToolCallsTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static ToolCallView call(String id, ToolCallStatus status) {
        return new ToolCallView(id, "acme", "conv-1", "r-1", "bob", "create_track", "{}", status, ApprovalMode.ADMIN,
                Set.of(), AT, null, null, null, null, AT, AT);
    }

    private static ToolCallBuses buses(Set<String> awaited) {
        return new ToolCallBuses()
                .answer(CheckToolCallAwaited.class, check -> awaited.contains(check.toolCallId()))
                .answer(AbandonToolCall.class, abandon -> null)
                .query(ReplyToolCallsQuery.class, ToolCallPage.class, query -> new ToolCallPage(
                        query.tenantId().equals("acme") && query.replyId().equals("r-1")
                                ? List.of(call("waiting", ToolCallStatus.AWAITING_APPROVAL),
                                call("approved", ToolCallStatus.APPROVED),
                                call("running", ToolCallStatus.EXECUTING),
                                call("done", ToolCallStatus.SUCCEEDED),
                                call("of-the-new-attempt", ToolCallStatus.AWAITING_APPROVAL))
                                : List.of()));
    }

    @Test
    void aCancelledReplysCallsThatHaveNotStartedAreAbandonedAndNoOthers() {
        ToolCallBuses buses = buses(Set.of("of-the-new-attempt"));

        new EndedReplyToolCalls(buses.commands, buses.queries).on(new ReplyCancelled("conv-1", "acme", "r-1", 1));

        assertThat(buses.sent(AbandonToolCall.class)).containsExactlyInAnyOrder(
                new AbandonToolCall("waiting", EndedReplyToolCalls.REPLY_ENDED),
                new AbandonToolCall("approved", EndedReplyToolCalls.REPLY_ENDED));
        assertThat(buses.sent(CheckToolCallAwaited.class)).extracting(CheckToolCallAwaited::toolCallId)
                .containsExactlyInAnyOrder("waiting", "approved", "of-the-new-attempt");
    }

    @Test
    void aCallProposedAfterItsReplyEndedIsAbandonedOnceItAwaitsApproval() {
        ToolCallBuses buses = buses(Set.of());

        new EndedReplyToolCalls(buses.commands, buses.queries).on(awaiting("late"));

        assertThat(buses.sent(AbandonToolCall.class)).containsExactly(
                new AbandonToolCall("late", EndedReplyToolCalls.NOT_AWAITED));
    }

    @Test
    void aCallTheReplyWaitsForIsLeftToItsApprover() {
        ToolCallBuses buses = buses(Set.of("wanted"));

        new EndedReplyToolCalls(buses.commands, buses.queries).on(awaiting("wanted"));

        assertThat(buses.sent(CheckToolCallAwaited.class)).containsExactly(
                new CheckToolCallAwaited("conv-1", "r-1", "wanted"));
        assertThat(buses.sent(AbandonToolCall.class)).isEmpty();
    }

    private static ToolCallAwaitingApproval awaiting(String id) {
        return new ToolCallAwaitingApproval(id, "acme", "conv-1", "r-1", 1, "bob", "create_track", "{}",
                ApprovalMode.ADMIN, Set.of(), AT);
    }
}
