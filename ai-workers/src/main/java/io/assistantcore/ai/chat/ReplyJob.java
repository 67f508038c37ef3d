package io.assistantcore.ai.chat;

import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.ToolRoundRecord;
import io.assistantcore.messages.common.MetaDataKeys;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One attempt of one chat reply to run.
 *
 * @param startProvider the provider the message was routed or handed to by an earlier attempt (failover, restart),
 *                      or null to screen and route the message
 * @param startModel    the model the earlier attempt was routed to, or null for the provider's default
 * @param metaData      correlation data of the event that asked for the attempt, carried onto what it causes
 * @param cause         why the attempt runs
 * @param toolRounds    the tool rounds the reply has done, with their results (empty: none)
 * @param userId        the requester
 * @param roles         the requester's roles when the message was posted
 */
public record ReplyJob(String conversationId, String tenantId, String replyId, int attempt, ReplySpec spec,
                       String startProvider, String startModel, Map<String, Object> metaData, Cause cause,
                       List<ToolRoundRecord> toolRounds, String userId, Set<String> roles) {

    public ReplyJob {
        toolRounds = toolRounds == null ? List.of() : List.copyOf(toolRounds);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** A job before any tool round; the requester and their roles come from the correlation data. */
    public ReplyJob(String conversationId, String tenantId, String replyId, int attempt, ReplySpec spec,
                    String startProvider, String startModel, Map<String, Object> metaData, Cause cause) {
        this(conversationId, tenantId, replyId, attempt, spec, startProvider, startModel, metaData, cause, List.of(),
                text(metaData, MetaDataKeys.USER_ID), roles(text(metaData, MetaDataKeys.ROLES)));
    }

    private static String text(Map<String, Object> metaData, String key) {
        Object value = metaData == null ? null : metaData.get(key);
        return value == null ? null : value.toString();
    }

    private static Set<String> roles(String joined) {
        return joined == null || joined.isBlank() ? Set.of() : Set.of(joined.split(","));
    }

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
        RESTARTED,
        /**
         * Every tool call of the reply's latest round ended: the attempt goes on from the memory step on the provider
         * and model that asked for them, with the recorded results; nothing before it runs again.
         */
        RESUMED
    }
}
