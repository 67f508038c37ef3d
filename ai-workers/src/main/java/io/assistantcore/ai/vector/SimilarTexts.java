package io.assistantcore.ai.vector;

import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Texts kept in one collection of a {@link VectorIndex} by their embeddings, found again by a text whose embedding
 * has a cosine similarity of at least the threshold with theirs. What an entry stands for lives elsewhere; a lookup
 * takes the closest candidate that the caller can still use.
 */
public final class SimilarTexts {

    private final Supplier<VectorIndex> vectors;
    private final Supplier<EmbeddingModel> embeddings;
    private final String collection;
    private final double threshold;
    private final int candidates;

    /**
     * @param thresholdName what the threshold is called in the error for one outside (0, 1]
     * @param candidates    how many of the closest entries a lookup tries at the most
     */
    public SimilarTexts(Supplier<VectorIndex> vectors, Supplier<EmbeddingModel> embeddings, String collection,
                        double threshold, String thresholdName, int candidates) {
        if (threshold <= 0 || threshold > 1) {
            throw new IllegalArgumentException("the " + thresholdName + " must be in (0, 1], got " + threshold);
        }
        this.vectors = vectors;
        this.embeddings = embeddings;
        this.collection = collection;
        this.threshold = threshold;
        this.candidates = candidates;
    }

    /** Adds or replaces the entry {@code id} of the tenant for {@code text}. */
    public void add(String tenantId, String id, String text, Map<String, String> attributes) {
        vectors.get().add(collection, tenantId, id, embed(text), attributes);
    }

    /**
     * The first of the tenant's entries close enough to {@code text} (with all of {@code attributes}, closest first)
     * for which {@code use} answers something.
     */
    public <T> Optional<T> closestUsable(String tenantId, String text, Map<String, String> attributes,
                                         Function<VectorMatch, Optional<T>> use) {
        for (VectorMatch match : vectors.get().search(collection, tenantId, embed(text), threshold, candidates,
                attributes)) {
            Optional<T> found = use.apply(match);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Removes every entry of the tenant. */
    public void removeTenant(String tenantId) {
        vectors.get().removeTenant(collection, tenantId);
    }

    private float[] embed(String text) {
        return embeddings.get().embed(text).content().vector();
    }
}
