package io.assistantcore.ai.vector;

import java.util.Map;

/**
 * One search hit: the entry's id, its plain cosine similarity to the query in [-1, 1] (1 = same direction), and the
 * attributes it was stored with.
 */
public record VectorMatch(String id, double similarity, Map<String, String> attributes) {

    public VectorMatch {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
