package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.chat.LabelledLines;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A learned signal that does not depend on wording: L2-regularised logistic regression over all-MiniLM-L6-v2
 * sentence embeddings, telling attempts to override or reveal the assistant's instructions from harmless messages
 * that use the same words. It is trained when the detector warms up (or on the first screened message) on
 * {@value #RESOURCE} (attack paraphrases and benign look-alikes) plus the known patterns
 * ({@value AttackPatterns#RESOURCE}) as further attacks: the training lines are embedded once, then full-batch
 * gradient descent with a fixed number of steps from zero weights, so the result is the same on every start.
 * Classes are weighted to count equally. Thread-safe once trained.
 */
final class InjectionClassifier {

    static final String RESOURCE = "chat/injection-classifier-training.txt";
    /** Embeddings are unit vectors; scaling them keeps the weights of a separating direction moderate. */
    static final double FEATURE_SCALE = 8;
    /** Chosen by cross-validation ({@code InjectionClassifierCrossValidationTest}). */
    static final double L2 = 0.05;
    static final int STEPS = 400;
    static final double LEARNING_RATE = 0.5;
    static final double MOMENTUM = 0.9;

    /** One training line. */
    record Example(boolean attack, String text) {
    }

    /** The learned weights (the last one is the bias). */
    record Model(double[] weights) {

        /** The probability that a sentence (a unit vector) is an attack. */
        double probability(float[] vector) {
            double z = weights[weights.length - 1];
            for (int k = 0; k < vector.length; k++) {
                z += weights[k] * FEATURE_SCALE * vector[k];
            }
            return 1 / (1 + Math.exp(-z));
        }

        /** The highest probability over the sentences of a message; 0 when there are none. */
        double probability(float[][] vectors) {
            double best = 0;
            for (float[] vector : vectors) {
                best = Math.max(best, probability(vector));
            }
            return best;
        }
    }

    private final List<Example> examples;
    private final SentenceEmbeddings embeddings;
    private volatile Model model;

    InjectionClassifier(List<Example> examples, SentenceEmbeddings embeddings) {
        if (examples.stream().noneMatch(Example::attack) || examples.stream().allMatch(Example::attack)) {
            throw new IllegalArgumentException("Need attack and benign training examples");
        }
        this.examples = List.copyOf(examples);
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    }

    /** The training data shipped in the jar: the training file and the known patterns. */
    static InjectionClassifier bundled(SentenceEmbeddings embeddings, AttackPatterns patterns) {
        return new InjectionClassifier(examples(patterns), embeddings);
    }

    static List<Example> examples(AttackPatterns patterns) {
        List<Example> result = new ArrayList<>(read(RESOURCE));
        patterns.patterns().forEach(pattern -> result.add(new Example(true, pattern.text())));
        return result;
    }

    List<Example> examples() {
        return examples;
    }

    /** Trains now instead of on the first screened message. */
    void warmUp() {
        model();
    }

    /** The highest attack probability over the given sentence vectors. */
    double probability(float[][] sentences) {
        return model().probability(sentences);
    }

    private Model model() {
        Model result = model;
        if (result == null) {
            synchronized (this) {
                result = model;
                if (result == null) {
                    float[][] vectors = embeddings.embed(examples.stream()
                            .map(example -> InjectionDetector.trainingView(example.text())).toList());
                    boolean[] labels = new boolean[examples.size()];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = examples.get(i).attack();
                    }
                    result = train(vectors, labels);
                    model = result;
                }
            }
        }
        return result;
    }

    /** Class-balanced, L2-regularised logistic regression by full-batch gradient descent with momentum. */
    static Model train(float[][] vectors, boolean[] labels) {
        return train(vectors, labels, L2);
    }

    static Model train(float[][] vectors, boolean[] labels, double l2) {
        int n = vectors.length;
        int d = vectors[0].length;
        int attacks = 0;
        for (boolean label : labels) {
            attacks += label ? 1 : 0;
        }
        double attackWeight = n / (2.0 * attacks);
        double benignWeight = n / (2.0 * (n - attacks));
        double[] w = new double[d + 1];
        double[] velocity = new double[d + 1];
        double[] gradient = new double[d + 1];
        for (int step = 0; step < STEPS; step++) {
            java.util.Arrays.fill(gradient, 0);
            for (int i = 0; i < n; i++) {
                float[] x = vectors[i];
                double z = w[d];
                for (int k = 0; k < d; k++) {
                    z += w[k] * FEATURE_SCALE * x[k];
                }
                double p = 1 / (1 + Math.exp(-z));
                double error = (p - (labels[i] ? 1 : 0)) * (labels[i] ? attackWeight : benignWeight);
                for (int k = 0; k < d; k++) {
                    gradient[k] += error * FEATURE_SCALE * x[k];
                }
                gradient[d] += error;
            }
            for (int k = 0; k <= d; k++) {
                double g = gradient[k] / n + (k < d ? l2 * w[k] : 0);
                velocity[k] = MOMENTUM * velocity[k] - LEARNING_RATE * g;
                w[k] += velocity[k];
            }
        }
        return new Model(w);
    }

    private static final Pattern ESCAPE = Pattern.compile("\\\\n|\\\\u([0-9a-fA-F]{4})");

    static List<Example> read(String resource) {
        String expected = "expected 'attack|benign | text'";
        List<Example> result = new ArrayList<>();
        for (LabelledLines.Line line : LabelledLines.fromResource(resource, " | ", expected)) {
            if (!line.label().equals("attack") && !line.label().equals("benign")) {
                throw LabelledLines.malformed(resource, line.number(), expected);
            }
            result.add(new Example(line.label().equals("attack"), unescape(line.text())));
        }
        return result;
    }

    private static String unescape(String text) {
        Matcher matcher = ESCAPE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(1) == null ? "\n"
                    : String.valueOf((char) Integer.parseInt(matcher.group(1), 16));
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
