package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.GenerationSpec;

import java.util.Map;

/**
 * One attempt of one suggestion to run.
 *
 * @param startProvider the provider to start with (after a failover), or null for the first allowed one
 * @param metaData      correlation data of the event that asked for the attempt, carried onto what it causes
 */
public record AttemptJob(String sessionId, String tenantId, String suggestionId, int attempt, GenerationSpec spec,
                         String startProvider, Map<String, Object> metaData) {
}
