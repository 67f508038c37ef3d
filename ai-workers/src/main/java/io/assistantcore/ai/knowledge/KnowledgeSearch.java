package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.KnowledgeIndex.Found;
import io.assistantcore.ai.knowledge.KnowledgeIndex.Scope;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the chunks that answer a question: the nearest by embedding, fused with a keyword ranking (reciprocal rank
 * fusion) when {@code hybrid} is on. Scores stay cosine similarities, so one threshold means the same whether the
 * keyword ranking took part or not; a chunk found only by keywords gets its cosine computed.
 */
public class KnowledgeSearch {

    /** How many candidates each ranking contributes before fusion. */
    static final int CANDIDATES = 20;

    private final KnowledgeIndex index;
    private final KnowledgeEmbedder embedder;
    private final boolean hybrid;

    public KnowledgeSearch(KnowledgeIndex index, KnowledgeEmbedder embedder, boolean hybrid) {
        this.index = index;
        this.embedder = embedder;
        this.hybrid = hybrid;
    }

    public String embeddingModel() {
        return embedder.modelName();
    }

    /** The best {@code topK} chunks with a cosine of at least {@code minScore}, best first. */
    public List<Found> search(Scope scope, String query, int topK, double minScore) {
        float[] vector = embedder.embedQuery(query);
        List<Found> nearest = index.nearest(scope, embedder.modelName(), vector, Math.max(topK, CANDIDATES));
        List<Found> ranked = nearest;
        if (hybrid) {
            List<Found> keyword = index.keyword(scope, query, CANDIDATES);
            List<Found> rescored = new ArrayList<>(keyword.size());
            for (Found found : keyword) {
                Found semantic = nearest.stream().filter(n -> n.chunkId().equals(found.chunkId())).findFirst()
                        .orElse(null);
                rescored.add(semantic != null ? semantic : new Found(found.chunkId(), found.fileId(), found.title(),
                        found.section(), found.page(), found.text(), cosine(vector, found)));
            }
            ranked = KnowledgeIndex.fuse(nearest, rescored, Math.max(topK, CANDIDATES));
        }
        return ranked.stream().filter(found -> found.score() >= minScore).limit(topK).toList();
    }

    private double cosine(float[] query, Found found) {
        float[] chunk = embedder.embed(KnowledgeIndexer.embeddingText(found.title(), found.section(), found.text()));
        double sum = 0;
        for (int i = 0; i < query.length; i++) {
            sum += query[i] * chunk[i];
        }
        return sum;
    }
}
