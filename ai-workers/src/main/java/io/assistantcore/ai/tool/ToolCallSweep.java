package io.assistantcore.ai.tool;

import io.assistantcore.messages.tool.ToolCommands.ExpireToolCall;
import io.assistantcore.messages.tool.ToolCommands.RecordToolResult;
import io.assistantcore.messages.tool.ToolQueries.OverdueToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.StuckToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The safety nets of tool calls, run by every node (the aggregates make running them twice harmless): an approval
 * past its expiry whose deadline was lost with a node is expired; a call whose node stopped mid-call (executing for
 * longer than the longest tool timeout and a margin) is failed as of unknown outcome — never called again, since the
 * host application may have acted on it.
 */
public class ToolCallSweep implements Runnable {

    static final String UNKNOWN_OUTCOME = "The call was interrupted before the host application's answer was "
            + "recorded; its outcome is unknown, so it was not repeated";
    private static final Logger log = LoggerFactory.getLogger(ToolCallSweep.class);
    private static final int BATCH = 100;

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration stuckAfter;

    public ToolCallSweep(QueryGateway queries, CommandGateway commands, Clock clock, Duration stuckAfter) {
        this.queries = queries;
        this.commands = commands;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public void run() {
        try {
            for (ToolCallView call : queries.query(new OverdueToolCallsQuery(clock.instant(), BATCH),
                    ToolCallPage.class).join().calls()) {
                send(new ExpireToolCall(call.toolCallId()), call);
            }
            for (ToolCallView call : queries.query(new StuckToolCallsQuery(clock.instant().minus(stuckAfter), BATCH),
                    ToolCallPage.class).join().calls()) {
                send(new RecordToolResult(call.toolCallId(), false, null, UNKNOWN_OUTCOME), call);
            }
        } catch (RuntimeException e) {
            log.warn("Sweeping tool calls failed: {}", e.toString());
        }
    }

    private void send(Object command, ToolCallView call) {
        try {
            commands.sendAndWait(command);
        } catch (RuntimeException e) {
            log.debug("Tool call {} changed meanwhile: {}", call.toolCallId(), e.getMessage());
        }
    }
}
