package io.assistantcore.ai.chat;

import io.assistantcore.messages.chat.ReplySpec;

import java.util.Map;

/**
 * One attempt of one chat reply to run.
 *
 * @param startProvider the provider a failover hands the attempt to, or null to route the message
 * @param metaData      correlation data of the event that asked for the attempt, carried onto what it causes
 * @param cause         why the attempt runs
 */
public record ReplyJob(String conversationId, String tenantId, String replyId, int attempt, ReplySpec spec,
                       String startProvider, Map<String, Object> metaData, Cause cause) {

    public enum Cause {
        /** A new message: the whole pipeline, and an earlier answer may be reused. */
        REQUESTED,
        /** The user asked for another answer: the whole pipeline, never a reused answer. */
        REGENERATED,
        /**
         * The previous attempt's provider failed: the message was screened and routed already, so the attempt goes
         * on from the memory step on the next provider.
         */
        FAILED_OVER
    }
}
