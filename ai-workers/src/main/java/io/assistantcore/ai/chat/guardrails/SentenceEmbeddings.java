package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.vector.UnitVectors;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sentence embeddings as unit vectors, so that a dot product is the cosine similarity. The model (the in-jar
 * all-MiniLM-L6-v2 of the offline engine) is taken from the supplier on first use and used by one thread at a time,
 * as the offline engine does.
 */
final class SentenceEmbeddings {

    /** all-MiniLM-L6-v2 reads at most 256 word pieces; longer segments are cut to about that many characters. */
    static final int MAX_SEGMENT_CHARS = 1_000;

    private final Supplier<EmbeddingModel> model;

    SentenceEmbeddings(Supplier<EmbeddingModel> model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The embedding model's class: for an in-process model, which weights embed (loads the model). */
    String modelName() {
        return model.get().getClass().getName();
    }

    float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<TextSegment> segments = texts.stream()
                .map(text -> TextSegment.from(text.length() > MAX_SEGMENT_CHARS
                        ? text.substring(0, MAX_SEGMENT_CHARS) : text))
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

    static double cosine(float[] a, float[] b) {
        return UnitVectors.cosine(a, b);
    }
}
