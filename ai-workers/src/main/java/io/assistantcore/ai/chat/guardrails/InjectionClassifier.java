package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.chat.LabelledLines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A learned signal that does not depend on exact wording: L2-regularised logistic regression over all-MiniLM-L6-v2
 * sentence embeddings together with hashed surface features ({@link TextFeatures}: character n-grams, words, word
 * pairs), telling attempts to override or reveal the assistant's instructions from harmless messages that use the
 * same words. The embedding carries meaning in English; the surface features carry inflected, misspelt and
 * partly de-obfuscated forms and the other languages the English embedding model reads poorly. It is trained when the detector warms up (or on the first screened message) on
 * {@value #RESOURCE} (attack paraphrases and benign look-alikes) plus the known patterns
 * ({@value AttackPatterns#RESOURCE}) as further attacks: the training lines are embedded once, then full-batch
 * gradient descent with a fixed number of steps from zero weights, so the result is the same on every start.
 * Classes are weighted to count equally. A model is trained once per JVM for the same embedding model and training
 * lines ({@link #TRAINED}) and shared by the classifiers that ask for it. Thread-safe once trained.
 */
final class InjectionClassifier {

    static final String RESOURCE = "chat/injection-classifier-training.txt";
    /** Embeddings are unit vectors; scaling them keeps the weights of a separating direction moderate. */
    static final double FEATURE_SCALE = 8;
    /**
     * Chosen by leave-one-part-out cross-validation over evaluation parts 7 to 14 ({@code
     * InjectionLeaveOnePartOutTest}): with part 14 as a fold (its look-alikes were blocked far more often than any
     * earlier part's), the weaker regularisation and heavier surface features chosen over parts 7 to 13 (0.02, 12,
     * 0.005) blocked too many look-alikes of a part not trained on; stronger regularisation of the embedding weights
     * with the earlier surface features (0.05, 8, 0.01) blocks the most attacks while no left-out part has more than
     * 4% of its benign lines blocked. With part 15 as a fold as well (its look-alikes were blocked as often as part
     * 14's), no setting of the grid meets that rule at the block probabilities chosen before; the most attacks with no
     * left-out part above 4% are blocked by (0.02, 12, 0.005) at a higher block probability (docs/chat.md). With part
     * 16 as training data and a fold as well, that choice blocks 4.5% of part 15's look-alikes when part 15 is left
     * out; the most attacks with no left-out part above 4% are blocked by (0.02, 8, 0.01) at block probability 0.80
     * (0.90 for pasted content).
     */
    static final double L2 = 0.02;
    /**
     * Scale and regularisation of the hashed surface features ({@link TextFeatures}); 0 scale leaves them out.
     * Chosen likewise ({@code InjectionLeaveOnePartOutTest}).
     */
    static final double NGRAM_SCALE = 8;
    static final double NGRAM_L2 = 0.01;
    static final int STEPS = 400;
    static final double LEARNING_RATE = 0.5;
    static final double MOMENTUM = 0.9;

    /** One training line. */
    record Example(boolean attack, String text) {
    }

    /**
     * The learned weights: {@code weights} over the embedding (the last one is the bias), {@code ngramWeights} over
     * the hashed surface features ({@link TextFeatures}).
     */
    record Model(double[] weights, double[] ngramWeights, double ngramScale) {

        /** The probability that a sentence (a unit vector and its surface features) is an attack. */
        double probability(float[] vector, TextFeatures.Sparse features) {
            double z = weights[weights.length - 1];
            for (int k = 0; k < vector.length; k++) {
                z += weights[k] * FEATURE_SCALE * vector[k];
            }
            z += ngramScale * features.dot(ngramWeights);
            return 1 / (1 + Math.exp(-z));
        }

        /** The highest probability over the sentences of a message; 0 when there are none. */
        double probability(float[][] vectors, List<TextFeatures.Sparse> features) {
            double best = 0;
            for (int i = 0; i < vectors.length; i++) {
                best = Math.max(best, probability(vectors[i], features.get(i)));
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

    /** The highest attack probability over the given sentences and their vectors. */
    double probability(List<String> sentences, float[][] vectors) {
        return model().probability(vectors, features(sentences));
    }

    static List<TextFeatures.Sparse> features(List<String> texts) {
        return texts.stream().map(TextFeatures::of).toList();
    }

    private Model model() {
        Model result = model;
        if (result == null) {
            synchronized (this) {
                result = model;
                if (result == null) {
                    result = TRAINED.get(new TrainingKey(embeddings.modelName(), examples), this::trainNow);
                    model = result;
                }
            }
        }
        return result;
    }

    private Model trainNow() {
        List<String> views = examples.stream()
                .map(example -> InjectionDetector.trainingView(example.text())).toList();
        float[][] vectors = embeddings.embed(views);
        boolean[] labels = new boolean[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).attack();
        }
        return train(vectors, features(views).toArray(TextFeatures.Sparse[]::new), labels);
    }

    /**
     * What a trained model depends on: the embedding model (an in-process model's class names its weights) and the
     * training lines; the hyper-parameters are constants.
     */
    record TrainingKey(String embeddingModel, List<Example> examples) {
    }

    /**
     * Models trained in this JVM, shared by every classifier with the same key: training embeds some 3,800 lines,
     * which took a node's warm-up tens of seconds and made every further application context in one JVM (tests start
     * many) train the same model again. Training is deterministic, so sharing changes no result. At most
     * {@link SharedModels#MAX} models are kept.
     */
    static final SharedModels TRAINED = new SharedModels();

    static final class SharedModels {

        static final int MAX = 8;

        private final Map<TrainingKey, CompletableFuture<Model>> models = new LinkedHashMap<>();

        /** The model for {@code key}, trained by {@code training} in the calling thread unless another has it or does. */
        Model get(TrainingKey key, Supplier<Model> training) {
            CompletableFuture<Model> future;
            boolean mine = false;
            synchronized (models) {
                future = models.get(key);
                if (future == null) {
                    future = new CompletableFuture<>();
                    models.put(key, future);
                    mine = true;
                    if (models.size() > MAX) {
                        models.remove(models.keySet().iterator().next());
                    }
                }
            }
            if (mine) {
                try {
                    future.complete(training.get());
                } catch (RuntimeException | Error e) {
                    synchronized (models) {
                        models.remove(key, future);
                    }
                    future.completeExceptionally(e);
                    throw e;
                }
            }
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }

        int size() {
            synchronized (models) {
                return models.size();
            }
        }
    }

    /** Class-balanced, L2-regularised logistic regression by full-batch gradient descent with momentum. */
    static Model train(float[][] vectors, TextFeatures.Sparse[] features, boolean[] labels) {
        return train(vectors, features, labels, L2, NGRAM_SCALE, NGRAM_L2);
    }

    static Model train(float[][] vectors, TextFeatures.Sparse[] features, boolean[] labels, double l2,
                       double ngramScale, double ngramL2) {
        int n = vectors.length;
        int d = vectors[0].length;
        int buckets = TextFeatures.BUCKETS;
        int attacks = 0;
        for (boolean label : labels) {
            attacks += label ? 1 : 0;
        }
        double attackWeight = n / (2.0 * attacks);
        double benignWeight = n / (2.0 * (n - attacks));
        double[] w = new double[d + 1];
        double[] velocity = new double[d + 1];
        double[] gradient = new double[d + 1];
        double[] u = new double[buckets];
        double[] uVelocity = new double[buckets];
        double[] uGradient = new double[buckets];
        for (int step = 0; step < STEPS; step++) {
            java.util.Arrays.fill(gradient, 0);
            java.util.Arrays.fill(uGradient, 0);
            for (int i = 0; i < n; i++) {
                float[] x = vectors[i];
                TextFeatures.Sparse f = features[i];
                double z = w[d] + ngramScale * f.dot(u);
                for (int k = 0; k < d; k++) {
                    z += w[k] * FEATURE_SCALE * x[k];
                }
                double p = 1 / (1 + Math.exp(-z));
                double error = (p - (labels[i] ? 1 : 0)) * (labels[i] ? attackWeight : benignWeight);
                for (int k = 0; k < d; k++) {
                    gradient[k] += error * FEATURE_SCALE * x[k];
                }
                gradient[d] += error;
                double sparse = error * ngramScale * f.value();
                for (int index : f.indexes()) {
                    uGradient[index] += sparse;
                }
            }
            for (int k = 0; k <= d; k++) {
                double g = gradient[k] / n + (k < d ? l2 * w[k] : 0);
                velocity[k] = MOMENTUM * velocity[k] - LEARNING_RATE * g;
                w[k] += velocity[k];
            }
            if (ngramScale > 0) {
                for (int k = 0; k < buckets; k++) {
                    double g = uGradient[k] / n + ngramL2 * u[k];
                    uVelocity[k] = MOMENTUM * uVelocity[k] - LEARNING_RATE * g;
                    u[k] += uVelocity[k];
                }
            }
        }
        return new Model(w, u, ngramScale);
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
