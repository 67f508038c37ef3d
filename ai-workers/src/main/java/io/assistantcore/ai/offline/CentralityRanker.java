package io.assistantcore.ai.offline;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Orders sentences by centrality: every sentence is embedded (all-MiniLM-L6-v2, in-process ONNX), and its score is
 * the mean cosine similarity to all other sentences, i.e. how much of the rest of the text it represents. The order
 * is highest score first, ties to the earlier sentence; a sentence whose cosine similarity to one ranked before it
 * exceeds {@link #DUPLICATE_SIMILARITY} is moved behind all others, so that near-repetitions are chosen last.
 */
final class CentralityRanker {

    static final double DUPLICATE_SIMILARITY = 0.9;

    private final Supplier<EmbeddingModel> model;

    CentralityRanker(Supplier<EmbeddingModel> model) {
        this.model = model;
    }

    /** Cosine similarity of every pair of sentences (1 on the diagonal). */
    double[][] similarities(List<String> sentences) {
        int n = sentences.size();
        double[][] similarity = new double[n][n];
        if (n == 0) {
            return similarity;
        }
        double[][] vectors = embed(sentences);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                similarity[i][j] = i == j ? 1 : dot(vectors[i], vectors[j]);
            }
        }
        return similarity;
    }

    /** Mean cosine similarity of each sentence to all others (0 for a single sentence). */
    static double[] centrality(double[][] similarity) {
        int n = similarity.length;
        double[] score = new double[n];
        for (int i = 0; i < n && n > 1; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum += similarity[i][j];
                }
            }
            score[i] = sum / (n - 1);
        }
        return score;
    }

    /** Sentence indices, most central first. */
    List<Integer> rank(List<String> sentences) {
        int n = sentences.size();
        if (n <= 1) {
            return n == 0 ? List.of() : List.of(0);
        }
        double[][] similarity = similarities(sentences);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum += similarity[i][j];
                }
            }
            score[i] = sum / (n - 1);
        }
        List<Integer> byScore = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byScore.add(i);
        }
        byScore.sort((a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        List<Integer> order = new ArrayList<>();
        List<Integer> duplicates = new ArrayList<>();
        for (int candidate : byScore) {
            boolean duplicate = false;
            for (int chosen : order) {
                if (similarity[candidate][chosen] > DUPLICATE_SIMILARITY) {
                    duplicate = true;
                    break;
                }
            }
            (duplicate ? duplicates : order).add(candidate);
        }
        order.addAll(duplicates);
        return order;
    }

    private double[][] embed(List<String> sentences) {
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings;
        EmbeddingModel embeddingModel = model.get();
        synchronized (embeddingModel) {
            embeddings = embeddingModel.embedAll(segments).content();
        }
        double[][] vectors = new double[sentences.size()][];
        for (int i = 0; i < vectors.length; i++) {
            float[] raw = embeddings.get(i).vector();
            double norm = 0;
            for (float v : raw) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            double[] unit = new double[raw.length];
            for (int k = 0; k < raw.length; k++) {
                unit[k] = norm == 0 ? 0 : raw[k] / norm;
            }
            vectors[i] = unit;
        }
        return vectors;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }
}
