package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.CheckToolCallAwaited;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailed;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.tool.ToolQueries.ReplyToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Ends the tool calls no reply waits for any more, so they can neither be approved nor run: when a reply ends
 * (cancelled — also by clearing its conversation —, failed, refused, completed) its calls that have not started are
 * abandoned ({@code AbandonToolCall}: one awaiting approval is denied by the platform, an approved one failed), and a
 * call that comes to await approval for a reply that no longer waits for it (proposed just after the reply was
 * cancelled) is abandoned at once. Which calls a reply has comes from the tool read model; whether the reply still
 * waits for a call is asked of the conversation itself ({@code CheckToolCallAwaited}), so a call of the reply's newer
 * attempt (after a regenerate) is never touched. The executor asks the same before it starts a call
 * ({@link ToolExecutionWorker}), which covers a call the read model did not show yet. Abandoning twice changes
 * nothing, so every node may run this. Never replayed; it runs in the processor of {@link ToolOutcomeRelay} (which
 * also starts at the head and is never replayed) rather than in one more processor that every stored event passes.
 */
@ProcessingGroup(ToolOutcomeRelay.PROCESSING_GROUP)
@DisallowReplay
public class EndedReplyToolCalls {

    static final String REPLY_ENDED = "The reply ended before the call ran; it was not called";
    static final String NOT_AWAITED = "The reply no longer waits for this call; it was not called";
    private static final Set<ToolCallStatus> NOT_STARTED = Set.of(ToolCallStatus.PROPOSED,
            ToolCallStatus.AWAITING_APPROVAL, ToolCallStatus.APPROVED);
    private static final Logger log = LoggerFactory.getLogger(EndedReplyToolCalls.class);

    private final CommandGateway commands;
    private final QueryGateway queries;

    public EndedReplyToolCalls(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    void on(ReplyCancelled event) {
        replyEnded(event.tenantId(), event.conversationId(), event.replyId());
    }

    @EventHandler
    void on(ReplyFailed event) {
        replyEnded(event.tenantId(), event.conversationId(), event.replyId());
    }

    @EventHandler
    void on(ReplyRefused event) {
        replyEnded(event.tenantId(), event.conversationId(), event.replyId());
    }

    @EventHandler
    void on(ReplyCompleted event) {
        replyEnded(event.tenantId(), event.conversationId(), event.replyId());
    }

    @EventHandler
    void on(ToolCallAwaitingApproval event) {
        abandonUnlessAwaited(event.conversationId(), event.replyId(), event.toolCallId(), NOT_AWAITED);
    }

    private void replyEnded(String tenantId, String conversationId, String replyId) {
        for (ToolCallView call : queries.query(new ReplyToolCallsQuery(tenantId, replyId), ToolCallPage.class)
                .join().calls()) {
            if (NOT_STARTED.contains(call.status())) {
                try {
                    abandonUnlessAwaited(conversationId, replyId, call.toolCallId(), REPLY_ENDED);
                } catch (RuntimeException e) {
                    // the executor asks the conversation again before it would start this call
                    log.warn("Abandoning tool call {} of ended reply {} failed: {}", call.toolCallId(), replyId,
                            e.toString());
                }
            }
        }
    }

    /** Asks the conversation first: only a call it does not wait for is abandoned. */
    private void abandonUnlessAwaited(String conversationId, String replyId, String toolCallId, String reason) {
        Object awaited = commands.sendAndWait(new CheckToolCallAwaited(conversationId, replyId, toolCallId));
        if (Boolean.TRUE.equals(awaited)) {
            return;
        }
        commands.sendAndWait(new AbandonToolCall(toolCallId, reason));
        log.debug("Tool call {} of reply {} was abandoned: its reply does not wait for it", toolCallId, replyId);
    }
}
