package io.assistantcore.ai.vector;

import java.util.List;
import java.util.Map;

/**
 * Stores embeddings per collection and tenant and finds the nearest ones.
 * <p>
 * Rules every implementation keeps (see {@code VectorIndexContract} in the tests):
 * <ul>
 *     <li>tenant isolation is absolute: an entry of one tenant is never returned for another, and the same id under
 *     two tenants names two entries;</li>
 *     <li>{@code collection} is a safe name, {@code [a-z][a-z0-9_]*} of at most 40 characters, because it may become
 *     part of a table name;</li>
 *     <li>attribute keys match {@code [A-Za-z0-9][A-Za-z0-9_.:-]*} (at most 64 characters), values are any strings;</li>
 *     <li>every vector has the index's dimension, finite components and a non-zero length (cosine needs one).</li>
 * </ul>
 * Violations are {@link IllegalArgumentException}s.
 */
public interface VectorIndex {

    /** e.g. "pgvector" or "table (exact search in the JVM)", for start-up logs. */
    String kind();

    /** Adds or replaces the entry with this id. attributes: small string key/values stored with it. */
    void add(String collection, String tenantId, String id, float[] vector, Map<String, String> attributes);

    /**
     * Entries of this collection and tenant whose attributes contain all of requiredAttributes, with cosine similarity
     * &gt;= minSimilarity, best first, at most maxResults.
     */
    List<VectorMatch> search(String collection, String tenantId, float[] query, double minSimilarity, int maxResults,
                             Map<String, String> requiredAttributes);

    /** Removes every entry of this tenant in the collection. */
    void removeTenant(String collection, String tenantId);
}
