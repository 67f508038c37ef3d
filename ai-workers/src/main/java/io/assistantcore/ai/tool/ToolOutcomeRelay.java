package io.assistantcore.ai.tool;

import io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolEvents.ToolCallDenied;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExpired;
import io.assistantcore.messages.tool.ToolEvents.ToolCallFailed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallSucceeded;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a waiting reply how each of its tool calls ended, so the reply goes on once the last one has; the
 * conversation records each outcome once, so a redelivered event changes nothing. Never replayed.
 */
@ProcessingGroup(ToolOutcomeRelay.PROCESSING_GROUP)
@DisallowReplay
public class ToolOutcomeRelay {

    public static final String PROCESSING_GROUP = "tool-outcomes";
    private static final Logger log = LoggerFactory.getLogger(ToolOutcomeRelay.class);

    private final CommandGateway commands;

    public ToolOutcomeRelay(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(ToolCallSucceeded event) {
        relay(event.conversationId(), event.replyId(), event.toolCallId(), ToolCallStatus.SUCCEEDED, event.result());
    }

    @EventHandler
    void on(ToolCallFailed event) {
        relay(event.conversationId(), event.replyId(), event.toolCallId(), ToolCallStatus.FAILED, event.reason());
    }

    @EventHandler
    void on(ToolCallDenied event) {
        relay(event.conversationId(), event.replyId(), event.toolCallId(), ToolCallStatus.DENIED, event.reason());
    }

    @EventHandler
    void on(ToolCallExpired event) {
        relay(event.conversationId(), event.replyId(), event.toolCallId(), ToolCallStatus.EXPIRED,
                "No one approved the call in time");
    }

    private void relay(String conversationId, String replyId, String toolCallId, ToolCallStatus status,
                       String result) {
        try {
            commands.sendAndWait(new RecordToolCallOutcome(conversationId, replyId, toolCallId, status, result));
        } catch (RuntimeException e) {
            // a conversation that no longer waits (cancelled, or no such reply) has nothing to go on with
            log.debug("The outcome of tool call {} was not taken by reply {}: {}", toolCallId, replyId,
                    e.getMessage());
        }
    }
}
