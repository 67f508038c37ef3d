package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.chat.LabelledLines;
import io.assistantcore.ai.chat.guardrails.InjectionRules.Category;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Known attack patterns ({@code chat/injection-patterns.txt}: {@code category | pattern} per line) and their
 * sentence embeddings, computed on first use.
 */
final class AttackPatterns {

    static final String RESOURCE = "chat/injection-patterns.txt";

    /** One pattern. */
    record Pattern(Category category, String text) {
    }

    /** The pattern most similar to a sentence. */
    record Nearest(Category category, double similarity) {
    }

    private final List<Pattern> patterns;
    private final SentenceEmbeddings embeddings;
    private volatile float[][] vectors;

    AttackPatterns(List<Pattern> patterns, SentenceEmbeddings embeddings) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("No attack patterns");
        }
        this.patterns = List.copyOf(patterns);
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    }

    /** The patterns shipped in the jar. */
    static AttackPatterns bundled(SentenceEmbeddings embeddings) {
        return new AttackPatterns(read(RESOURCE), embeddings);
    }

    static List<Pattern> read(String resource) {
        return LabelledLines.fromResource(resource, "|", "expected 'category | pattern'").stream()
                .map(line -> new Pattern(Category.fromWireName(line.label()), line.text()))
                .toList();
    }

    List<Pattern> patterns() {
        return patterns;
    }

    /** The nearest pattern to each of the given sentence vectors' best match, over all of them. */
    Nearest nearest(float[][] sentences) {
        float[][] known = vectors();
        Category best = null;
        double bestSimilarity = -1;
        for (float[] sentence : sentences) {
            for (int i = 0; i < known.length; i++) {
                double similarity = SentenceEmbeddings.cosine(sentence, known[i]);
                if (similarity > bestSimilarity) {
                    bestSimilarity = similarity;
                    best = patterns.get(i).category();
                }
            }
        }
        return best == null ? new Nearest(Category.PROMPT_INJECTION, 0) : new Nearest(best, bestSimilarity);
    }

    /** Embeds the patterns now instead of on the first screened message. */
    void warmUp() {
        vectors();
    }

    private float[][] vectors() {
        float[][] result = vectors;
        if (result == null) {
            synchronized (this) {
                result = vectors;
                if (result == null) {
                    result = embeddings.embed(patterns.stream().map(Pattern::text).toList());
                    vectors = result;
                }
            }
        }
        return result;
    }
}
