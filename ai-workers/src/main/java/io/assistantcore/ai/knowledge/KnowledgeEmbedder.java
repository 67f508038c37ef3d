package io.assistantcore.ai.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.vector.UnitVectors;

import java.util.List;
import java.util.function.Supplier;

/**
 * Embeds chunks and questions as unit vectors: with an in-process model (by default the all-MiniLM-L6-v2 inside the
 * langchain4j jar, shared with the offline engine, one call at a time on the model as the engine does), or with a
 * provider's embeddings (OpenAI-compatible {@code /v1/embeddings}). {@link #modelName()} is what each chunk and
 * document records; searches compare only vectors of that model.
 */
public class KnowledgeEmbedder {

    /** all-MiniLM-L6-v2 reads at most 256 word pieces; longer texts are cut to about that many characters. */
    static final int MAX_CHARS = 1_200;

    /** Texts sent to a provider are cut at this many characters (well inside their 8,000-token inputs). */
    static final int PROVIDER_MAX_CHARS = 8_000;

    private final Supplier<EmbeddingModel> model;
    private final String modelName;
    private final int maxChars;
    private final boolean inProcess;

    public KnowledgeEmbedder(Supplier<EmbeddingModel> model, String modelName) {
        this(model, modelName, MAX_CHARS, true);
    }

    /**
     * @param inProcess an in-process model is called by one thread at a time; a provider's is called concurrently
     */
    public KnowledgeEmbedder(Supplier<EmbeddingModel> model, String modelName, int maxChars, boolean inProcess) {
        this.model = model;
        this.modelName = modelName;
        this.maxChars = maxChars;
        this.inProcess = inProcess;
    }

    public String modelName() {
        return modelName;
    }

    public float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<TextSegment> segments = texts.stream()
                .map(text -> TextSegment.from(text.length() > maxChars ? text.substring(0, maxChars) : text))
                .toList();
        EmbeddingModel embeddingModel = model.get();
        List<Embedding> embeddings;
        if (inProcess) {
            synchronized (embeddingModel) {
                embeddings = embeddingModel.embedAll(segments).content();
            }
        } else {
            embeddings = embeddingModel.embedAll(segments).content();
        }
        if (embeddings == null || embeddings.size() != texts.size()) {
            throw new IllegalStateException("the embedding model answered " + (embeddings == null ? 0
                    : embeddings.size()) + " vectors for " + texts.size() + " texts");
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
