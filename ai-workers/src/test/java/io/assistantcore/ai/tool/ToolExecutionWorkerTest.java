package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.CheckToolCallAwaited;
import io.assistantcore.messages.tenant.TenantQueries.TenantQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.messages.tool.BuiltInTools;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolCommands.StartToolExecution;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor asks the conversation before it starts a call: a call of a reply that was cancelled (or cleared, or
 * ended otherwise) is abandoned and never made, even when it was approved.
 */
class ToolExecutionWorkerTest {

    private final List<Runnable> handedToPool = new CopyOnWriteArrayList<>();

    private static final ToolCallApproved APPROVED = new ToolCallApproved("call-1", "acme", "conv-1", "r-1", "bob",
            BuiltInTools.SEARCH_KNOWLEDGE, "carol", "{\"query\":\"tracks\"}", false);

    private ToolExecutionWorker worker(ToolCallBuses buses) {
        return new ToolExecutionWorker(buses.commands, buses.queries, null, null, handedToPool::add, "node-a");
    }

    @Test
    void anApprovedCallOfAReplyThatNoLongerWaitsIsAbandonedAndNeverStarted() {
        ToolCallBuses buses = new ToolCallBuses()
                .answer(CheckToolCallAwaited.class, check -> false)
                .answer(AbandonToolCall.class, abandon -> null)
                .answer(StartToolExecution.class, start -> true);

        worker(buses).on(APPROVED, MetaData.emptyInstance());

        assertThat(buses.sent).containsExactly(new CheckToolCallAwaited("conv-1", "r-1", "call-1"),
                new AbandonToolCall("call-1", EndedReplyToolCalls.NOT_AWAITED));
        assertThat(handedToPool).as("nothing is called").isEmpty();
    }

    @Test
    void anApprovedCallTheReplyWaitsForIsStarted() {
        ToolCallBuses buses = new ToolCallBuses()
                .answer(CheckToolCallAwaited.class, check -> true)
                .answer(StartToolExecution.class, start -> false)
                .query(TenantQuery.class, TenantView.class, query -> null);

        worker(buses).on(APPROVED, MetaData.emptyInstance());

        assertThat(buses.sent(StartToolExecution.class)).singleElement().satisfies(start -> {
            assertThat(start.toolCallId()).isEqualTo("call-1");
            assertThat(start.currentTool()).isEqualTo(BuiltInTools.KNOWLEDGE);
        });
        assertThat(buses.sent(AbandonToolCall.class)).isEmpty();
    }
}
