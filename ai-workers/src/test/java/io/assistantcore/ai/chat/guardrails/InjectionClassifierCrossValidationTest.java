package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.offline.OfflineTextEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five-fold cross-validation of the learned injection classifier on its training data only (the training file and
 * the known patterns; never the held-out evaluation part): each line is scored by a model trained on the other four
 * folds and combined with the rules as the detector does. Since evaluation parts 7 to 13 became training data, the
 * classifier's settings and {@link InjectionDetector#CLASSIFIER_BLOCK} are chosen by the leave-one-part-out
 * cross-validation ({@code InjectionLeaveOnePartOutTest}), which holds out whole parts written in one style; this test
 * prints the same table for random folds of lines (which mixes every part and the hard look-alikes written for
 * training into each fold) and keeps the out-of-fold figures measured with the chosen settings from getting worse:
 * with the data and settings of 2026-12-01, 95.5% of attacks blocked, 4.7% of benign lines blocked, 6.2% flagged or
 * blocked (before that data and those settings: at most 2% and 5%, on fewer and easier lines). With part 14 and the
 * lines written after its measurement as training data and the settings chosen with part 14 as a fold: 91.5% blocked,
 * 4.7% of benign lines blocked, 7.3% flagged or blocked (the stronger regularisation catches fewer lines of the
 * random folds; the leave-one-part-out test is what chose it). With part 15 as training data and the settings chosen
 * with it as a fold (a higher block probability, 0.85): 88.8% blocked, 3.4% of benign lines blocked, 8.8% flagged or
 * blocked (more lines between the flag and the block probability). With part 16 as training data and the settings
 * the leave-one-part-out rule chose with it as a fold (surface scale 8 / L2 0.01, block at 0.80; the earlier settings
 * blocked 4.5% of part 15's look-alikes when it was left out, over the rule's 4%): 86.3% blocked, 3.5% of benign
 * lines blocked, 8.4% flagged or blocked (2026-12-02) — the catch floor follows it down from 88%.
 */
class InjectionClassifierCrossValidationTest {

    private static final int FOLDS = 5;
    private static final double MIN_OUT_OF_FOLD_CATCH_RATE = 0.86;
    private static final double MAX_OUT_OF_FOLD_FALSE_POSITIVE_RATE = 0.04;
    private static final double MAX_OUT_OF_FOLD_FLAGGED_RATE = 0.09;

    private static InjectionDetector detector;
    private static SentenceEmbeddings embeddings;

    @BeforeAll
    static void loadModel() {
        OfflineTextEngine engine = new OfflineTextEngine(1);
        detector = new InjectionDetector(engine::embeddingModel);
        embeddings = new SentenceEmbeddings(engine::embeddingModel);
        long start = System.nanoTime();
        detector.warmUp();
        System.out.printf("Injection detector warm-up (model load, pattern embeddings, classifier training): %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void chosenThresholdsHoldOutOfFold() {
        List<InjectionClassifier.Example> examples = InjectionClassifier.examples(
                AttackPatterns.bundled(embeddings));
        int n = examples.size();
        List<String> views = examples.stream().map(example -> InjectionDetector.trainingView(example.text())).toList();
        float[][] training = embeddings.embed(views);
        TextFeatures.Sparse[] trainingFeatures = views.stream().map(TextFeatures::of)
                .toArray(TextFeatures.Sparse[]::new);
        boolean[] labels = new boolean[n];
        double[] ruleScores = new double[n];
        float[][][] sentences = new float[n][][];
        List<List<TextFeatures.Sparse>> sentenceFeatures = new java.util.ArrayList<>();
        InputNormalizer normalizer = new InputNormalizer();
        for (int i = 0; i < n; i++) {
            labels[i] = examples.get(i).attack();
            InjectionDetector.Analysis analysis = detector.analyse(examples.get(i).text());
            ruleScores[i] = 1 - (1 - analysis.ruleScore()) * (1 - analysis.embeddingScore());
            List<String> segments = InjectionDetector.segments(normalizer.normalize(examples.get(i).text()));
            sentences[i] = embeddings.embed(segments);
            sentenceFeatures.add(InjectionClassifier.features(segments));
        }
        Folds folds = new Folds(training, trainingFeatures, labels, sentences, sentenceFeatures);
        double blockAt = detector.settings().blockThreshold();
        double flagAt = detector.settings().flagThreshold();
        System.out.println("Injection classifier, 5-fold cross-validation on " + n + " training lines "
                + "(regularisation l2, surface-feature scale s and regularisation l2s, probability p; shares of "
                + "out-of-fold attacks and benign lines):");
        double[][] grid = {{0.02, 0, 0}, {0.02, 8, 0.01}, {InjectionClassifier.L2, InjectionClassifier.NGRAM_SCALE,
                InjectionClassifier.NGRAM_L2}};
        for (double[] point : grid) {
            double[] pm = folds.outOfFold(point[0], point[1], point[2]);
            double bestCaught = 0;
            double bestP = Double.NaN;
            double lowestFlag = Double.NaN;
            for (double p = 0.5; p < 0.995; p += 0.05) {
                double[] blocked = new double[n];
                double[] flagged = new double[n];
                for (int i = 0; i < n; i++) {
                    blocked[i] = Math.max(ruleScores[i] >= blockAt ? 1 : 0, pm[i] >= p ? 1 : 0);
                    flagged[i] = Math.max(ruleScores[i] >= flagAt ? 1 : 0, pm[i] >= p ? 1 : 0);
                }
                System.out.printf("  l2 %.2f s %4.1f l2s %.3f p %.2f alone: attacks %s benign %s | rules or p "
                                + "blocks: attacks %s benign %s | rules flag or p: benign %s%n", point[0], point[1],
                        point[2], p, rate(pm, labels, true, p), rate(pm, labels, false, p),
                        rate(blocked, labels, true, 1), rate(blocked, labels, false, 1),
                        rate(flagged, labels, false, 1));
                if (share(blocked, labels, false, 1) <= 0.02 && share(blocked, labels, true, 1) > bestCaught) {
                    bestCaught = share(blocked, labels, true, 1);
                    bestP = p;
                }
                if (Double.isNaN(lowestFlag) && share(flagged, labels, false, 1) <= 0.05) {
                    lowestFlag = p;
                }
            }
            System.out.printf("  => l2 %.2f s %4.1f l2s %.3f: block at p %.2f catches %.1f%% with at most 2%% benign "
                    + "blocked; lowest flag p with at most 5%% benign flagged or blocked %.2f%n", point[0], point[1],
                    point[2], bestP, 100 * bestCaught, lowestFlag);
        }
        double[] probabilities = folds.outOfFold(InjectionClassifier.L2, InjectionClassifier.NGRAM_SCALE,
                InjectionClassifier.NGRAM_L2);

        double flag = detector.settings().flagThreshold();
        double block = detector.settings().blockThreshold();
        System.out.println("  rules alone: attacks "
                + rate(ruleScores, labels, true, block) + " blocked, benign " + rate(ruleScores, labels, false, block)
                + " blocked, benign " + rate(ruleScores, labels, false, flag) + " flagged or blocked");
        double[] combined = new double[n];
        for (int i = 0; i < n; i++) {
            combined[i] = Math.max(ruleScores[i], detector.classifierScore(probabilities[i]));
        }
        double caught = share(combined, labels, true, block);
        double falseBlocks = share(combined, labels, false, block);
        double falseFlags = share(combined, labels, false, flag);
        System.out.printf("  combined at flag %.2f / block %.2f: attacks blocked %.1f%%, benign blocked %.1f%%, "
                        + "benign flagged or blocked %.1f%%%n", InjectionDetector.CLASSIFIER_FLAG,
                InjectionDetector.CLASSIFIER_BLOCK, 100 * caught, 100 * falseBlocks, 100 * falseFlags);

        assertThat(falseBlocks).as("out-of-fold false positives").isLessThanOrEqualTo(
                MAX_OUT_OF_FOLD_FALSE_POSITIVE_RATE);
        assertThat(falseFlags).as("out-of-fold benign flagged or blocked").isLessThanOrEqualTo(
                MAX_OUT_OF_FOLD_FLAGGED_RATE);
        assertThat(caught).as("out-of-fold catch rate").isGreaterThanOrEqualTo(MIN_OUT_OF_FOLD_CATCH_RATE);
    }

    /** The training data split into five folds by line number. */
    private record Folds(float[][] training, TextFeatures.Sparse[] trainingFeatures, boolean[] labels,
                         float[][][] sentences, List<List<TextFeatures.Sparse>> sentenceFeatures) {

        /** Each line's probability from a model trained on the other four folds. */
        double[] outOfFold(double l2, double ngramScale, double ngramL2) {
            int n = training.length;
            double[] probabilities = new double[n];
            for (int fold = 0; fold < FOLDS; fold++) {
                int size = 0;
                for (int i = 0; i < n; i++) {
                    size += i % FOLDS == fold ? 0 : 1;
                }
                float[][] x = new float[size][];
                TextFeatures.Sparse[] f = new TextFeatures.Sparse[size];
                boolean[] y = new boolean[size];
                int j = 0;
                for (int i = 0; i < n; i++) {
                    if (i % FOLDS != fold) {
                        x[j] = training[i];
                        f[j] = trainingFeatures[i];
                        y[j++] = labels[i];
                    }
                }
                InjectionClassifier.Model model = InjectionClassifier.train(x, f, y, l2, ngramScale, ngramL2);
                for (int i = fold; i < n; i += FOLDS) {
                    probabilities[i] = model.probability(sentences[i], sentenceFeatures.get(i));
                }
            }
            return probabilities;
        }
    }

    private static String rate(double[] scores, boolean[] labels, boolean attack, double threshold) {
        return String.format("%.1f%%", 100 * share(scores, labels, attack, threshold));
    }

    private static double share(double[] scores, boolean[] labels, boolean attack, double threshold) {
        int total = 0;
        int above = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] == attack) {
                total++;
                above += scores[i] >= threshold ? 1 : 0;
            }
        }
        return above / (double) total;
    }
}
