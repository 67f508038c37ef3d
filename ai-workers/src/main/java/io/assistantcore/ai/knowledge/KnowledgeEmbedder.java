package io.assistantcore.ai.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.vector.UnitVectors;

import java.util.List;
import java.util.function.Supplier;

/**
 * Embeds chunks and questions as unit vectors with an in-process model (by default the all-MiniLM-L6-v2 inside the
 * langchain4j jar, shared with the offline engine), one call at a time on the model as the engine does.
 */
public class KnowledgeEmbedder {

    /** all-MiniLM-L6-v2 reads at most 256 word pieces; longer texts are cut to about that many characters. */
    static final int MAX_CHARS = 1_200;

    private final Supplier<EmbeddingModel> model;
    private final String modelName;

    public KnowledgeEmbedder(Supplier<EmbeddingModel> model, String modelName) {
        this.model = model;
        this.modelName = modelName;
    }

    public String modelName() {
        return modelName;
    }

    public float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<TextSegment> segments = texts.stream()
                .map(text -> TextSegment.from(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text))
                .toList();
        EmbeddingModel embeddingModel = model.get();
        List<Embedding> embeddings;
        synchronized (embeddingModel) {
            embeddings = embeddingModel.embedAll(segments).content();
        }
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = UnitVectors.unit(embeddings.get(i).vector());
        }
        return vectors;
    }

    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }
}
