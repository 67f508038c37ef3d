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
    private final String queryPrefix;
    private final String passagePrefix;

    public KnowledgeEmbedder(Supplier<EmbeddingModel> model, String modelName) {
        this(model, modelName, MAX_CHARS, true);
    }

    /**
     * @param inProcess an in-process model is called by one thread at a time; a provider's is called concurrently
     */
    public KnowledgeEmbedder(Supplier<EmbeddingModel> model, String modelName, int maxChars, boolean inProcess) {
        this(model, modelName, maxChars, inProcess, "", "");
    }

    /**
     * @param queryPrefix   put before every question (e5 models are trained with {@code "query: "})
     * @param passagePrefix put before every chunk and sentence of a document (e5: {@code "passage: "})
     */
    public KnowledgeEmbedder(Supplier<EmbeddingModel> model, String modelName, int maxChars, boolean inProcess,
                             String queryPrefix, String passagePrefix) {
        this.model = model;
        this.modelName = modelName;
        this.maxChars = maxChars;
        this.inProcess = inProcess;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
    }

    public String modelName() {
        return modelName;
    }

    /** Embeds texts of documents (chunks, sentences). */
    public float[][] embed(List<String> texts) {
        return embed(texts, passagePrefix);
    }

    /** Embeds a text of a document (a chunk, a sentence). */
    public float[] embed(String text) {
        return embed(List.of(text), passagePrefix)[0];
    }

    /** Embeds questions (a question, or a question with a word left out). */
    public float[][] embedQueries(List<String> questions) {
        return embed(questions, queryPrefix);
    }

    /** Embeds a question. */
    public float[] embedQuery(String question) {
        return embed(List.of(question), queryPrefix)[0];
    }

    private float[][] embed(List<String> texts, String prefix) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<TextSegment> segments = texts.stream()
                .map(text -> TextSegment.from(prefix + (text.length() > maxChars ? text.substring(0, maxChars)
                        : text)))
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
}
