package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.FailUnproposedToolCalls;
import io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolCommands.ExpireToolCall;
import io.assistantcore.messages.tool.ToolCommands.RecordToolResult;
import io.assistantcore.messages.tool.ToolQueries.OverdueToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.RepliesWaitingForNoCallQuery;
import io.assistantcore.messages.tool.ToolQueries.ReplyToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.UnstartedToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.WaitingReplies;
import io.assistantcore.messages.tool.ToolQueries.WaitingReply;
import io.assistantcore.messages.tool.ToolQueries.StuckToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The safety nets of tool calls, run by every node (the aggregates make running them twice harmless), so that every
 * call and every reply waiting for calls ends:
 * <ul>
 * <li>an approval past its expiry whose deadline was lost with a node is expired;</li>
 * <li>a call approved longer than {@code unstartedAfter} ago that no worker started (the executor failed on its
 * approval) is failed with {@link #NOT_STARTED}, never called;</li>
 * <li>a call whose node stopped mid-call (executing for longer than {@code stuckAfter}: the longest tool timeout and
 * a margin) is failed as of unknown outcome — never called again, since the host application may have acted on
 * it;</li>
 * <li>a reply that has waited longer than {@code unproposedAfter} for calls of which none is open or changed since
 * (its node stopped between recording the round and proposing the calls) is handed the outcomes of its ended calls
 * again (should the relay have lost one) and has its other open calls failed with {@link #NEVER_PROPOSED}, and goes
 * on from there.</li>
 * </ul>
 */
public class ToolCallSweep implements Runnable {

    static final String UNKNOWN_OUTCOME = "The call was interrupted before the host application's answer was "
            + "recorded; its outcome is unknown, so it was not repeated";
    static final String NOT_STARTED = "The call was approved but could not be started; it was not called";
    static final String NEVER_PROPOSED = "The call was interrupted before it was proposed; it was not called";
    private static final Logger log = LoggerFactory.getLogger(ToolCallSweep.class);
    private static final int BATCH = 100;

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Duration unstartedAfter;
    private final Duration unproposedAfter;

    public ToolCallSweep(QueryGateway queries, CommandGateway commands, Clock clock, Duration stuckAfter,
                         Duration unstartedAfter, Duration unproposedAfter) {
        this.queries = queries;
        this.commands = commands;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.unstartedAfter = unstartedAfter;
        this.unproposedAfter = unproposedAfter;
    }

    /** Each net is swept on its own: one that fails (a query) does not keep the others from running. */
    @Override
    public void run() {
        Instant now = clock.instant();
        sweep("overdue approvals", () -> {
            for (ToolCallView call : calls(new OverdueToolCallsQuery(now, BATCH))) {
                send(new ExpireToolCall(call.toolCallId()), call.toolCallId());
            }
        });
        sweep("unstarted calls", () -> {
            for (ToolCallView call : calls(new UnstartedToolCallsQuery(now.minus(unstartedAfter), BATCH))) {
                send(new AbandonToolCall(call.toolCallId(), NOT_STARTED), call.toolCallId());
            }
        });
        sweep("interrupted calls", () -> {
            for (ToolCallView call : calls(new StuckToolCallsQuery(now.minus(stuckAfter), BATCH))) {
                send(new RecordToolResult(call.toolCallId(), false, null, UNKNOWN_OUTCOME), call.toolCallId());
            }
        });
        sweep("replies waiting for no call", () -> {
            for (WaitingReply reply : queries.query(new RepliesWaitingForNoCallQuery(now.minus(unproposedAfter),
                    BATCH), WaitingReplies.class).join().replies()) {
                // an outcome the relay could not hand over is handed over again; only what is left was never proposed
                for (ToolCallView call : calls(new ReplyToolCallsQuery(reply.tenantId(), reply.replyId()))) {
                    if (call.status().finished()) {
                        send(new RecordToolCallOutcome(reply.conversationId(), reply.replyId(), call.toolCallId(),
                                call.status(), call.status() == ToolCallStatus.SUCCEEDED ? call.result()
                                : call.reason()), call.toolCallId());
                    }
                }
                send(new FailUnproposedToolCalls(reply.conversationId(), reply.replyId(), reply.attempt(),
                        NEVER_PROPOSED), reply.replyId());
            }
        });
    }

    private List<ToolCallView> calls(Object query) {
        return queries.query(query, ToolCallPage.class).join().calls();
    }

    private static void sweep(String what, Runnable net) {
        try {
            net.run();
        } catch (RuntimeException e) {
            log.warn("Sweeping {} failed: {}", what, e.toString());
        }
    }

    private void send(Object command, String id) {
        try {
            commands.sendAndWait(command);
        } catch (RuntimeException e) {
            log.debug("{} changed meanwhile: {}", id, e.getMessage());
        }
    }
}
