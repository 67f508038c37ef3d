package io.assistantcore.messages.chat;

import io.assistantcore.messages.privacy.PersonalData;

/**
 * A passage of the tenant's documents (or of an attachment) that a grounded reply was given: {@code sourceId} is the
 * number its citations use ("1", "2", …), {@code score} the cosine similarity to the question. The title and the
 * snippet are document text, so they are personal data of the conversation's owner in its events.
 */
public record GroundingSource(String sourceId, String documentId, @PersonalData String title, Integer page,
                              String chunkId, double score, @PersonalData String snippet) {
}
