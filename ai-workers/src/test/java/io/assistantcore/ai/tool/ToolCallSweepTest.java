package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.FailUnproposedToolCalls;
import io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolCommands.ExpireToolCall;
import io.assistantcore.messages.tool.ToolCommands.RecordToolResult;
import io.assistantcore.messages.tool.ToolQueries.OverdueToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.RepliesWaitingForNoCallQuery;
import io.assistantcore.messages.tool.ToolQueries.ReplyToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.StuckToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import io.assistantcore.messages.tool.ToolQueries.UnstartedToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.WaitingReplies;
import io.assistantcore.messages.tool.ToolQueries.WaitingReply;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every net of the sweep ends what it finds, with the bound it was configured with: overdue approvals expire,
 * approved calls no worker started fail without being called, interrupted calls fail as of unknown outcome, and a
 * reply waiting for calls that were never proposed has them failed so it goes on. One failing net stops no other.
 */
class ToolCallSweepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration STUCK = Duration.ofMinutes(3);
    private static final Duration UNSTARTED = Duration.ofMinutes(7);
    private static final Duration UNPROPOSED = Duration.ofMinutes(11);

    private final List<Object> asked = new CopyOnWriteArrayList<>();

    private static ToolCallView call(String id, ToolCallStatus status) {
        return new ToolCallView(id, "acme", "conv-1", "r-1", "bob", "create_track", "{}", status, ApprovalMode.ADMIN,
                Set.of(), NOW, null, null, null, null, NOW, NOW);
    }

    private static ToolCallView ended(String id, ToolCallStatus status, String result, String reason) {
        return new ToolCallView(id, "acme", "conv-2", "r-2", "bob", "create_track", "{}", status, ApprovalMode.ADMIN,
                Set.of(), NOW, null, reason, null, result, NOW, NOW);
    }

    private ToolCallBuses buses(boolean overdueFails) {
        return new ToolCallBuses()
                .answer(ExpireToolCall.class, command -> null)
                .answer(AbandonToolCall.class, command -> null)
                .answer(RecordToolResult.class, command -> null)
                .answer(FailUnproposedToolCalls.class, command -> null)
                .answer(RecordToolCallOutcome.class, command -> null)
                .query(ReplyToolCallsQuery.class, ToolCallPage.class, query -> new ToolCallPage(
                        query.tenantId().equals("acme") && query.replyId().equals("r-2")
                                ? List.of(ended("relayed-but-lost", ToolCallStatus.SUCCEEDED, "{\"trackId\":7}", null),
                                ended("denied", ToolCallStatus.DENIED, null, "Not now"))
                                : List.of()))
                .query(OverdueToolCallsQuery.class, ToolCallPage.class, query -> {
                    asked.add(query);
                    if (overdueFails) {
                        throw new IllegalStateException("the read model is down");
                    }
                    return new ToolCallPage(List.of(call("overdue", ToolCallStatus.AWAITING_APPROVAL)));
                })
                .query(UnstartedToolCallsQuery.class, ToolCallPage.class, query -> {
                    asked.add(query);
                    return new ToolCallPage(List.of(call("unstarted", ToolCallStatus.APPROVED)));
                })
                .query(StuckToolCallsQuery.class, ToolCallPage.class, query -> {
                    asked.add(query);
                    return new ToolCallPage(List.of(call("interrupted", ToolCallStatus.EXECUTING)));
                })
                .query(RepliesWaitingForNoCallQuery.class, WaitingReplies.class, query -> {
                    asked.add(query);
                    return new WaitingReplies(List.of(new WaitingReply("acme", "conv-2", "r-2", 3)));
                });
    }

    private ToolCallSweep sweep(ToolCallBuses buses) {
        return new ToolCallSweep(buses.queries, buses.commands, Clock.fixed(NOW, ZoneOffset.UTC), STUCK, UNSTARTED,
                UNPROPOSED);
    }

    @Test
    void eachNetEndsWhatItFindsPastItsBound() {
        ToolCallBuses buses = buses(false);

        sweep(buses).run();

        assertThat(asked).containsExactlyInAnyOrder(new OverdueToolCallsQuery(NOW, 100),
                new UnstartedToolCallsQuery(NOW.minus(UNSTARTED), 100),
                new StuckToolCallsQuery(NOW.minus(STUCK), 100),
                new RepliesWaitingForNoCallQuery(NOW.minus(UNPROPOSED), 100));
        assertThat(buses.sent).containsExactlyInAnyOrder(new ExpireToolCall("overdue"),
                new AbandonToolCall("unstarted", ToolCallSweep.NOT_STARTED),
                new RecordToolResult("interrupted", false, null, ToolCallSweep.UNKNOWN_OUTCOME),
                new RecordToolCallOutcome("conv-2", "r-2", "relayed-but-lost", ToolCallStatus.SUCCEEDED,
                        "{\"trackId\":7}"),
                new RecordToolCallOutcome("conv-2", "r-2", "denied", ToolCallStatus.DENIED, "Not now"),
                new FailUnproposedToolCalls("conv-2", "r-2", 3, ToolCallSweep.NEVER_PROPOSED));
        assertThat(buses.sent.indexOf(new FailUnproposedToolCalls("conv-2", "r-2", 3, ToolCallSweep.NEVER_PROPOSED)))
                .as("what ended is handed over before the rest is failed").isEqualTo(buses.sent.size() - 1);
    }

    @Test
    void aNetThatFailsKeepsNoOtherFromRunning() {
        ToolCallBuses buses = buses(true);

        sweep(buses).run();

        assertThat(buses.sent).containsExactlyInAnyOrder(
                new AbandonToolCall("unstarted", ToolCallSweep.NOT_STARTED),
                new RecordToolResult("interrupted", false, null, ToolCallSweep.UNKNOWN_OUTCOME),
                new RecordToolCallOutcome("conv-2", "r-2", "relayed-but-lost", ToolCallStatus.SUCCEEDED,
                        "{\"trackId\":7}"),
                new RecordToolCallOutcome("conv-2", "r-2", "denied", ToolCallStatus.DENIED, "Not now"),
                new FailUnproposedToolCalls("conv-2", "r-2", 3, ToolCallSweep.NEVER_PROPOSED));
    }
}
