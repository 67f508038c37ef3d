package io.assistantcore.ai.vector;

import java.util.Map;
import java.util.regex.Pattern;

/** The argument checks both implementations share, so they reject exactly the same calls. */
final class VectorArguments {

    private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private VectorArguments() {
    }

    /** Checks the arguments of {@link VectorIndex#add}; answers the attributes, checked. */
    static Map<String, String> entry(String collection, String tenantId, String id, float[] vector, int dimension,
                                     Map<String, String> attributes) {
        collection(collection);
        tenant(tenantId);
        id(id);
        vector(vector, dimension);
        return attributes(attributes);
    }

    /** Checks the arguments of {@link VectorIndex#search}; answers the required attributes, checked. */
    static Map<String, String> search(String collection, String tenantId, float[] query, int dimension,
                                      double minSimilarity, int maxResults, Map<String, String> requiredAttributes) {
        collection(collection);
        tenant(tenantId);
        vector(query, dimension);
        minSimilarity(minSimilarity);
        maxResults(maxResults);
        return attributes(requiredAttributes);
    }

    static void collection(String collection) {
        if (collection == null || !COLLECTION.matcher(collection).matches()) {
            throw new IllegalArgumentException("collection must match [a-z][a-z0-9_]{0,39}, got '" + collection + "'");
        }
    }

    static void tenant(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId must not be blank");
        }
    }

    static void id(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
    }

    static Map<String, String> attributes(Map<String, String> attributes) {
        if (attributes == null) {
            return Map.of();
        }
        attributes.forEach((key, value) -> {
            if (key == null || !ATTRIBUTE_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        "attribute keys must match [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}, got '" + key + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException("attribute '" + key + "' has no value");
            }
        });
        return attributes;
    }

    static void vector(float[] vector, int dimension) {
        if (vector == null || vector.length != dimension) {
            throw new IllegalArgumentException("vector must have " + dimension + " components, got "
                    + (vector == null ? "none" : vector.length));
        }
        double squares = 0;
        for (float component : vector) {
            if (!Float.isFinite(component)) {
                throw new IllegalArgumentException("vector components must be finite");
            }
            squares += (double) component * component;
        }
        if (squares == 0) {
            throw new IllegalArgumentException("a zero vector has no direction, so no cosine similarity");
        }
    }

    static void maxResults(int maxResults) {
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, got " + maxResults);
        }
    }

    static void minSimilarity(double minSimilarity) {
        if (Double.isNaN(minSimilarity)) {
            throw new IllegalArgumentException("minSimilarity must be a number");
        }
    }
}
