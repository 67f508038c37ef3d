package io.assistantcore.ai.chat;

import io.assistantcore.messages.chat.ReplySpec;

import java.util.Map;

/**
 * One attempt of one chat reply to run.
 *
 * @param startProvider the provider the message was routed or handed to by an earlier attempt (failover, restart),
 *                      or null to screen and route the message
 * @param startModel    the model the earlier attempt was routed to, or null for the provider's default
 * @param metaData      correlation data of the event that asked for the attempt, carried onto what it causes
 * @param cause         why the attempt runs
 */
public record ReplyJob(String conversationId, String tenantId, String replyId, int attempt, ReplySpec spec,
                       String startProvider, String startModel, Map<String, Object> metaData, Cause cause) {

    public enum Cause {
        /** A new message: the whole pipeline, and an earlier answer may be reused. */
        REQUESTED,
        /** The user asked for another answer: the whole pipeline, never a reused answer. */
        REGENERATED,
        /**
         * The previous attempt's provider failed: the message was screened and routed already, so the attempt goes
         * on from the memory step on the next provider.
         */
        FAILED_OVER,
        /**
         * The previous attempt's worker vanished: an attempt that had been routed goes on from the memory step where
         * it was routed (or handed over), one that had not is screened and routed afresh; never a reused answer.
         */
        RESTARTED
    }
}
