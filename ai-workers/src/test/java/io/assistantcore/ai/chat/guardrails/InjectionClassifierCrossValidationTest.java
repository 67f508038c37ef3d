package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.offline.OfflineTextEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five-fold cross-validation of the learned injection classifier on its training data only (the training file and
 * the known patterns; never the held-out evaluation part 6): each line is scored by a model trained on the other
 * four folds and combined with the rules as the detector does. The table it prints is how
 * {@link InjectionDetector#CLASSIFIER_FLAG} and {@link InjectionDetector#CLASSIFIER_BLOCK} were chosen: over a grid of
 * regularisation strengths, the block probability that catches the most out-of-fold attacks while BLOCK on benign
 * lines stays at or below 2% (with {@link InjectionClassifier#L2}), and the lowest flag probability whose benign
 * FLAG-or-BLOCK share stays at or below 5%
 * (a flag costs a call to the judge model where one is configured). The assertions keep those properties.
 */
class InjectionClassifierCrossValidationTest {

    private static final int FOLDS = 5;

    private static InjectionDetector detector;
    private static SentenceEmbeddings embeddings;

    @BeforeAll
    static void loadModel() {
        OfflineTextEngine engine = new OfflineTextEngine(1);
        detector = new InjectionDetector(engine::embeddingModel);
        embeddings = new SentenceEmbeddings(engine::embeddingModel);
    }

    @Test
    void chosenThresholdsHoldOutOfFold() {
        List<InjectionClassifier.Example> examples = InjectionClassifier.examples(
                AttackPatterns.bundled(embeddings));
        int n = examples.size();
        float[][] training = embeddings.embed(examples.stream()
                .map(example -> InjectionDetector.trainingView(example.text())).toList());
        boolean[] labels = new boolean[n];
        double[] ruleScores = new double[n];
        float[][][] sentences = new float[n][][];
        InputNormalizer normalizer = new InputNormalizer();
        for (int i = 0; i < n; i++) {
            labels[i] = examples.get(i).attack();
            InjectionDetector.Analysis analysis = detector.analyse(examples.get(i).text());
            ruleScores[i] = 1 - (1 - analysis.ruleScore()) * (1 - analysis.embeddingScore());
            sentences[i] = embeddings.embed(InjectionDetector.segments(normalizer.normalize(examples.get(i).text())));
        }
        double blockAt = detector.settings().blockThreshold();
        double flagAt = detector.settings().flagThreshold();
        System.out.println("Injection classifier, 5-fold cross-validation on " + n + " training lines "
                + "(regularisation l2, probability p; shares of out-of-fold attacks and benign lines):");
        for (double l2 : new double[] {1e-2, 2e-2, 3e-2, 5e-2}) {
            double[] pm = outOfFold(training, labels, sentences, l2);
            for (double p = 0.5; p < 0.995; p += 0.05) {
                double[] blocked = new double[n];
                for (int i = 0; i < n; i++) {
                    blocked[i] = Math.max(ruleScores[i] >= blockAt ? 1 : 0, pm[i] >= p ? 1 : 0);
                }
                double[] flagged = new double[n];
                for (int i = 0; i < n; i++) {
                    flagged[i] = Math.max(ruleScores[i] >= flagAt ? 1 : 0, pm[i] >= p ? 1 : 0);
                }
                System.out.printf("  l2 %.2f p %.2f alone: attacks %s benign %s | rules or p blocks: attacks %s "
                                + "benign %s | rules flag or p: benign %s%n", l2, p,
                        rate(pm, labels, true, p), rate(pm, labels, false, p), rate(blocked, labels, true, 1),
                        rate(blocked, labels, false, 1), rate(flagged, labels, false, 1));
            }
        }
        double[] probabilities = outOfFold(training, labels, sentences, InjectionClassifier.L2);

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

        assertThat(falseBlocks).as("out-of-fold false positives").isLessThanOrEqualTo(0.02);
        assertThat(falseFlags).as("out-of-fold benign flagged or blocked").isLessThanOrEqualTo(0.05);
        assertThat(caught).as("out-of-fold catch rate").isGreaterThanOrEqualTo(0.85);
    }

    private static double[] outOfFold(float[][] training, boolean[] labels, float[][][] sentences, double l2) {
        int n = training.length;
        double[] probabilities = new double[n];
        for (int fold = 0; fold < FOLDS; fold++) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                size += i % FOLDS == fold ? 0 : 1;
            }
            float[][] x = new float[size][];
            boolean[] y = new boolean[size];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (i % FOLDS != fold) {
                    x[j] = training[i];
                    y[j++] = labels[i];
                }
            }
            InjectionClassifier.Model model = InjectionClassifier.train(x, y, l2);
            for (int i = fold; i < n; i += FOLDS) {
                probabilities[i] = model.probability(sentences[i]);
            }
        }
        return probabilities;
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
