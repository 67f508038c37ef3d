package io.assistantcore.ai.chat.guardrails;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Hashed surface features of a text for the {@link InjectionClassifier}, beside its sentence embedding: character
 * n-grams of 3 to 5 characters inside each word (padded with a space on either side), every word, and every pair of
 * neighbouring words, each hashed (FNV-1a, 32 bits) into {@value #BUCKETS} buckets. Presence only (a feature counts
 * once), and the vector is scaled to unit length, so long and short texts weigh alike. Character n-grams survive
 * inflection, misspelling, partial de-obfuscation and scripts the English sentence-embedding model reads poorly
 * ("instrucciones", "инструкции", "プロンプト"); word pairs keep short phrases ("your rules"). Deterministic.
 */
final class TextFeatures {

    /** Hash buckets (a power of two). */
    static final int BUCKETS = 1 << 16;
    /** Longest text read, in characters: a sentence or a short message. */
    static final int MAX_CHARS = 2_000;
    static final int MIN_N = 3;
    static final int MAX_N = 5;

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** A sparse unit vector: sorted distinct bucket indexes, each with the same value. */
    record Sparse(int[] indexes, double value) {

        static final Sparse EMPTY = new Sparse(new int[0], 0);

        double dot(double[] weights) {
            double sum = 0;
            for (int index : indexes) {
                sum += weights[index];
            }
            return sum * value;
        }
    }

    private TextFeatures() {
    }

    /** The features of a text (lower-cased, de-obfuscated as the detector screens it). */
    static Sparse of(String text) {
        String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        String[] words = NOT_WORD.split(cut.toLowerCase(java.util.Locale.ROOT).strip());
        int[] buffer = new int[64];
        int size = 0;
        String previous = null;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            String padded = " " + word + " ";
            int needed = size + 2 + padded.length() * (MAX_N - MIN_N + 1);
            if (needed > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
            }
            buffer[size++] = bucket("w", word);
            if (previous != null) {
                buffer[size++] = bucket("b", previous + " " + word);
            }
            for (int n = MIN_N; n <= MAX_N; n++) {
                for (int start = 0; start + n <= padded.length(); start++) {
                    buffer[size++] = bucket("c", padded.substring(start, start + n));
                }
            }
            previous = word;
        }
        if (size == 0) {
            return Sparse.EMPTY;
        }
        int[] distinct = Arrays.stream(buffer, 0, size).sorted().distinct().toArray();
        return new Sparse(distinct, 1 / Math.sqrt(distinct.length));
    }

    /** FNV-1a over the kind and the text. */
    static int bucket(String kind, String text) {
        int hash = 0x811C9DC5;
        for (int i = 0; i < kind.length(); i++) {
            hash = (hash ^ kind.charAt(i)) * 0x01000193;
        }
        hash = (hash ^ ':') * 0x01000193;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x01000193;
        }
        return hash & (BUCKETS - 1);
    }
}
