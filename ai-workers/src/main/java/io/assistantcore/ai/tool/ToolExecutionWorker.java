package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.CheckToolCallAwaited;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.tenant.TenantQueries.TenantQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.messages.tenant.TenantStatus;
import io.assistantcore.messages.tool.BuiltInTools;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolCommands.RecordToolResult;
import io.assistantcore.messages.tool.ToolCommands.StartToolExecution;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import io.assistantcore.messages.tool.ToolQueries.ToolList;
import io.assistantcore.messages.tool.ToolQueries.ToolsQuery;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Runs approved tool calls, each exactly once. For every {@link ToolCallApproved} it asks the call's aggregate to
 * start it ({@link StartToolExecution}, with the tool as it is now); only the worker whose start was accepted makes
 * the call — on another node, for a redelivered event or after a restart the start is refused and nothing is called.
 * The start is sent before the handler returns (so an approval is never skipped: until its start is stored, the event
 * is handed over again); the call itself runs on the worker pool and ends with {@link RecordToolResult}. A node that
 * dies during a call leaves it EXECUTING; the sweep ({@link ToolCallSweep}) then fails it as of unknown outcome
 * rather than calling again. Before starting, it asks the conversation whether the reply still waits for the call
 * ({@code CheckToolCallAwaited}): a call of a reply that was cancelled, cleared or ended meanwhile is abandoned
 * instead, never made. Never replayed.
 */
@ProcessingGroup(ToolExecutionWorker.PROCESSING_GROUP)
@DisallowReplay
public class ToolExecutionWorker {

    public static final String PROCESSING_GROUP = "tool-executor";
    /** The observation (span, timer) of one tool call (docs/observability.md). */
    public static final String OBSERVATION = "assistant.tool.call";
    private static final Logger log = LoggerFactory.getLogger(ToolExecutionWorker.class);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final HostToolCaller host;
    private final BuiltInToolRunner builtIns;
    private final Executor executor;
    private final String nodeId;
    private final ObservationRegistry observations;

    public ToolExecutionWorker(CommandGateway commands, QueryGateway queries, HostToolCaller host,
                               BuiltInToolRunner builtIns, Executor executor, String nodeId) {
        this(commands, queries, host, builtIns, executor, nodeId, ObservationRegistry.NOOP);
    }

    /**
     * @param observations observes every call ({@value #OBSERVATION}: a span continuing the trace of the reply that
     *                     asked for it, when tracing is on)
     */
    public ToolExecutionWorker(CommandGateway commands, QueryGateway queries, HostToolCaller host,
                               BuiltInToolRunner builtIns, Executor executor, String nodeId,
                               ObservationRegistry observations) {
        this.observations = observations;
        this.commands = commands;
        this.queries = queries;
        this.host = host;
        this.builtIns = builtIns;
        this.executor = executor;
        this.nodeId = nodeId;
    }

    @EventHandler
    void on(ToolCallApproved event, MetaData metaData) {
        Object awaited = commands.sendAndWait(new CheckToolCallAwaited(event.conversationId(), event.replyId(),
                event.toolCallId()), metaData);
        if (!Boolean.TRUE.equals(awaited)) {
            commands.sendAndWait(new AbandonToolCall(event.toolCallId(), EndedReplyToolCalls.NOT_AWAITED), metaData);
            log.debug("Tool call {} is not made: its reply does not wait for it", event.toolCallId());
            return;
        }
        ToolDefinition current = currentTool(event.tenantId(), event.tool());
        boolean active = tenantActive(event.tenantId());
        Object started;
        try {
            started = commands.sendAndWait(new StartToolExecution(event.toolCallId(), nodeId, current, active),
                    metaData);
        } catch (CommandRejectedException rejected) {
            log.debug("Tool call {} is not started here: {}", event.toolCallId(), rejected.getMessage());
            return;
        }
        if (Boolean.TRUE.equals(started)) {
            executor.execute(() -> run(event, current, metaData));
        }
        // else the aggregate failed or denied the call instead of starting it: nothing to call
    }

    private void run(ToolCallApproved event, ToolDefinition tool, MetaData metaData) {
        ReceiverContext<MetaData> context = new ReceiverContext<>(
                (carrier, key) -> carrier.get(key) instanceof String value ? value : null);
        context.setCarrier(metaData);
        Observation call = Observation.createNotStarted(OBSERVATION, () -> context, observations)
                .contextualName("tool call")
                .lowCardinalityKeyValue("builtin", Boolean.toString(tool.builtIn()))
                .highCardinalityKeyValue("assistant.tool.name", tool.name())
                .start();
        try (Observation.Scope ignored = call.openScope()) {
            call(event, tool, metaData, call);
        } finally {
            call.stop();
        }
    }

    private void call(ToolCallApproved event, ToolDefinition tool, MetaData metaData, Observation call) {
        ToolOutcome outcome;
        try {
            outcome = tool.builtIn()
                    ? builtIns.run(event, event.arguments())
                    : host.call(event.tenantId(), event.toolCallId(), tool, event.arguments());
        } catch (RuntimeException e) {
            log.warn("Tool call {} failed: {}", event.toolCallId(), e.toString());
            outcome = ToolOutcome.failure(null, "The tool call failed");
        }
        call.lowCardinalityKeyValue("outcome", outcome.succeeded() ? "succeeded" : "failed");
        try {
            commands.sendAndWait(new RecordToolResult(event.toolCallId(), outcome.succeeded(), outcome.httpStatus(),
                    outcome.text()), metaData);
        } catch (RuntimeException e) {
            log.warn("Recording the result of tool call {} failed: {}", event.toolCallId(), e.toString());
        }
    }

    private ToolDefinition currentTool(String tenantId, String name) {
        Optional<ToolDefinition> builtIn = BuiltInTools.named(name);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        return queries.query(new ToolsQuery(tenantId), ToolList.class).join().tools().stream()
                .filter(tool -> tool.name().equals(name)).findFirst().orElse(null);
    }

    private boolean tenantActive(String tenantId) {
        Optional<TenantView> tenant = queries.query(new TenantQuery(tenantId),
                ResponseTypes.optionalInstanceOf(TenantView.class)).join();
        return tenant.map(view -> view.status() == TenantStatus.ACTIVE).orElse(true);
    }

}
