package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.GenerationSpec;

import java.util.Map;

/**
 * One attempt of one suggestion to run.
 *
 * @param startProvider the provider to start with (after a failover), or null for the first allowed one
 * @param metaData      correlation data of the event that asked for the attempt, carried onto what it causes
 * @param cacheable     the first attempt of a request: it may be answered from the response cache (a regenerate,
 *                      a failover or a restart asks for a fresh generation)
 * @param singleTurn    not a refinement of an earlier suggestion, so the semantic cache may answer it
 */
public record AttemptJob(String sessionId, String tenantId, String suggestionId, int attempt, GenerationSpec spec,
                         String startProvider, Map<String, Object> metaData, boolean cacheable, boolean singleTurn) {
}
