package io.assistantcore.ai.chat.guardrails;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.assistantcore.ai.offline.OfflineTextEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leave-one-part-out cross-validation of the whole detector on the evaluation parts that are training data of the
 * learned classifier (7 to 19): for each such part, the learned classifier is trained on every bundled training line
 * except the lines of that part (parts 7 to 19 are training data of the classifier; their lines are recognised by their
 * text), and the left-out part is screened with it. The rules, the lexicon and the known patterns stay as they are;
 * they were written with these parts in view, so these figures are still optimistic for the rules' share, but not for
 * the classifier's. The table it prints (mean and worst part, over a grid of classifier block probabilities) is how
 * {@link InjectionDetector#CLASSIFIER_BLOCK} and {@link InjectionDetector#CLASSIFIER_FLAG} were chosen. Part 14 is a
 * fold since it became training data (after its single measurement while held out), and so are parts 15 to 19. The
 * held-out part is never read: the reader stops at its header.
 */
class InjectionLeaveOnePartOutTest {

    static final int FIRST_PART = 7;
    /** The last part that is training data of the classifier (parts after it are not folds of this test). */
    static final int LAST_PART = InjectionDetectorEvaluationTest.PART_19;
    /**
     * Measured on 2026-12-01 over parts 7 to 13 (docs/chat.md, "Guardrail figures"): mean over the left-out parts
     * 95.5% of attacks blocked (worst part 13, 78.8%), 2.3% of benign lines blocked (worst 3.8%). With part 14 as a
     * fold and the settings then chosen: 92.4% (worst part 13, 75.0%), 2.0% (worst 3.8%); the floors sit a little
     * inside. With part 15 as a fold (the settings of then gave it 76.1% / 7.6%, no setting of then met the 4% rule)
     * and the settings then chosen: 87.9% (worst part 15, 67.4%), 1.6% (worst 3.8%); the floors sat a little inside.
     * With part 16 as a fold (the settings of then gave it 62.2% / 1.9%, its held-out measurement, and blocked 4.5% of
     * part 15's look-alikes, so they no longer met the 4% rule) and the settings then chosen: 84.3% (worst part 16,
     * 61.6%), 1.9% (worst 3.8%). The catch floors were lowered to sit a little inside these figures: a fold written in
     * a new style was added and the rule chose a setting that blocks fewer attacks, not a change for the worse. With
     * part 17 as a fold, at the same settings: 83.4% (worst part 16, 62.7%), 2.0% (worst 3.8%); with notes addressed
     * to an AI inside supplied content as evidence ({@code InjectionDetector.notesToAnAi}): 86.7% (worst part 13,
     * 70.0%), 2.0% (worst 3.8%). The catch floors were raised to sit a little inside these figures. With part 18 as a
     * fold, at the same settings: 86.4% (worst part 13, 70.6%), 1.8% (worst 3.8%); with part 19 as a fold as well
     * (2026-12-03): 87.0% (worst part 13, 70.0%), 1.7% (worst 3.8%), part 19 left out 89.3% / 0.0%, its held-out
     * figures. The floors are unchanged.
     */
    private static final double MIN_MEAN_CATCH_RATE = 0.86;
    private static final double MIN_WORST_PART_CATCH_RATE = 0.69;
    private static final double MAX_MEAN_FALSE_POSITIVE_RATE = 0.02;

    /** The selection rule of the grid: no left-out part may have more of its benign lines blocked. */
    private static final double MAX_WORST_PART_FALSE_POSITIVE_RATE = 0.04;

    private static Supplier cached;

    /** The in-jar model with a memory of the texts it has embedded, so that each fold embeds only new texts. */
    private static final class Supplier implements EmbeddingModel {
        private final EmbeddingModel model;
        private final Map<String, Embedding> memory = new HashMap<>();

        Supplier(EmbeddingModel model) {
            this.model = model;
        }

        @Override
        public synchronized Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<TextSegment> missing = new ArrayList<>();
            for (TextSegment segment : segments) {
                if (!memory.containsKey(segment.text())) {
                    missing.add(segment);
                }
            }
            if (!missing.isEmpty()) {
                List<Embedding> embedded = model.embedAll(missing).content();
                for (int i = 0; i < missing.size(); i++) {
                    memory.put(missing.get(i).text(), embedded.get(i));
                }
            }
            return Response.from(segments.stream().map(segment -> memory.get(segment.text())).toList());
        }
    }

    @BeforeAll
    static void loadModel() {
        cached = new Supplier(new OfflineTextEngine(1).embeddingModel());
    }

    /** One screened line of a left-out part. */
    private record Scored(InjectionDetectorEvaluationTest.Item item, boolean attack, double rulesAndResemblance,
                          double probability, boolean quotedForEditing, boolean pasted) {

        boolean blocked(double blockAt, double classifierBlock, double pastedBlock) {
            return !quotedForEditing && (rulesAndResemblance >= blockAt
                    || probability >= (pasted ? pastedBlock : classifierBlock));
        }
    }

    @Test
    void eachTuningPartScreenedByADetectorThatDidNotLearnFromIt() throws IOException {
        List<InjectionDetectorEvaluationTest.Item> attacks = readBeforeHeldOut("chat/injection-eval-attacks.txt");
        List<InjectionDetectorEvaluationTest.Item> benign = readBeforeHeldOut("chat/injection-eval-benign.txt");
        Map<Integer, List<Scored>> byPart = new TreeMap<>();
        InjectionDetector.Settings settings = InjectionDetector.Settings.DEFAULTS;
        long started = System.nanoTime();
        for (int part = FIRST_PART; part <= LAST_PART; part++) {
            int leftOut = part;
            Set<String> texts = new HashSet<>();
            attacks.stream().filter(item -> item.part() == leftOut).forEach(item -> texts.add(item.text().strip()));
            benign.stream().filter(item -> item.part() == leftOut).forEach(item -> texts.add(item.text().strip()));
            InjectionDetector detector = new InjectionDetector(() -> cached, settings,
                    example -> !texts.contains(example.text().strip()));
            List<Scored> scored = new ArrayList<>();
            for (boolean attack : new boolean[]{true, false}) {
                for (InjectionDetectorEvaluationTest.Item item : attack ? attacks : benign) {
                    if (item.part() != leftOut) {
                        continue;
                    }
                    InjectionDetector.Analysis analysis = detector.analyse(item.text());
                    scored.add(new Scored(item, attack,
                            1 - (1 - analysis.ruleScore()) * (1 - analysis.embeddingScore()),
                            analysis.classifierProbability(), InjectionDetector.quotedTextForEditing(item.text()),
                            InjectionDetector.pastedContent(item.text())));
                }
            }
            byPart.put(part, scored);
        }
        System.out.printf("Injection detector, leave-one-part-out (parts %d-%d), %d s%n", FIRST_PART, LAST_PART,
                (System.nanoTime() - started) / 1_000_000_000);
        double blockAt = settings.blockThreshold();
        for (double p = 0.5; p < 0.996; p += 0.05) {
            print(byPart, blockAt, p, p, false);
        }
        double[] chosen = print(byPart, blockAt, InjectionDetector.CLASSIFIER_BLOCK,
                InjectionDetector.CLASSIFIER_BLOCK_PASTED, true);
        assertThat(chosen[0]).as("mean catch rate of left-out parts").isGreaterThanOrEqualTo(MIN_MEAN_CATCH_RATE);
        assertThat(chosen[1]).as("catch rate of the worst left-out part").isGreaterThanOrEqualTo(
                MIN_WORST_PART_CATCH_RATE);
        assertThat(chosen[2]).as("mean false-positive rate of left-out parts")
                .isLessThanOrEqualTo(MAX_MEAN_FALSE_POSITIVE_RATE);
        assertThat(chosen[3]).as("false-positive rate of the worst left-out part (the selection rule)")
                .isLessThanOrEqualTo(MAX_WORST_PART_FALSE_POSITIVE_RATE);
    }

    /**
     * The classifier trained per fold with other settings, on the same left-out parts: how {@link InjectionClassifier#L2},
     * {@link InjectionClassifier#NGRAM_SCALE}, {@link InjectionClassifier#NGRAM_L2} and
     * {@link InjectionDetector#CLASSIFIER_BLOCK} and {@link InjectionDetector#CLASSIFIER_BLOCK_PASTED} (the same block
     * probability for long pasted content, or 0.1 or 0.2 higher) were chosen: the most attacks blocked on average over
     * the left-out parts while no part has more than {@link #MAX_WORST_PART_FALSE_POSITIVE_RATE} of its benign lines
     * blocked. Rules and
     * resemblance as in the detector. (Sentence windows of three sentences for long texts were tried as well and
     * changed nothing: the parts' lines are mostly short enough to be embedded whole.) A tuning tool (about seven
     * minutes on two shared cores with ten folds), so it runs in the bench profile; the default test above checks the
     * chosen settings against the floors and the selection rule.
     */
    @Test
    @Tag("bench")
    void classifierSettingsCompared() throws IOException {
        List<InjectionDetectorEvaluationTest.Item> attacks = readBeforeHeldOut("chat/injection-eval-attacks.txt");
        List<InjectionDetectorEvaluationTest.Item> benign = readBeforeHeldOut("chat/injection-eval-benign.txt");
        SentenceEmbeddings embeddings = new SentenceEmbeddings(() -> cached);
        InjectionDetector detector = new InjectionDetector(() -> cached);
        InputNormalizer normalizer = new InputNormalizer();
        List<InjectionClassifier.Example> examples = InjectionClassifier.examples(AttackPatterns.bundled(embeddings));
        List<String> views = examples.stream().map(e -> InjectionDetector.trainingView(e.text())).toList();
        long t0 = System.nanoTime();
        float[][] x = embeddings.embed(views);
        TextFeatures.Sparse[] f = views.stream().map(TextFeatures::of).toArray(TextFeatures.Sparse[]::new);
        System.out.printf("grid: %d training lines embedded in %d s%n", x.length, (System.nanoTime() - t0) / 1_000_000_000);
        List<InjectionDetectorEvaluationTest.Item> items = new ArrayList<>();
        List<Boolean> isAttack = new ArrayList<>();
        for (boolean attack : new boolean[]{true, false}) {
            for (InjectionDetectorEvaluationTest.Item item : attack ? attacks : benign) {
                if (item.part() >= FIRST_PART && item.part() <= LAST_PART) {
                    items.add(item);
                    isAttack.add(attack);
                }
            }
        }
        int n = items.size();
        double[] rules = new double[n];
        boolean[] quoted = new boolean[n];
        boolean[] pasted = new boolean[n];
        float[][][] plainVectors = new float[n][][];
        List<List<TextFeatures.Sparse>> plainFeatures = new ArrayList<>();
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String text = items.get(i).text();
            InjectionDetector.Analysis analysis = detector.analyse(text);
            rules[i] = 1 - (1 - analysis.ruleScore()) * (1 - analysis.embeddingScore());
            quoted[i] = InjectionDetector.quotedTextForEditing(text);
            pasted[i] = InjectionDetector.pastedContent(text);
            List<String> segments = InjectionDetector.segments(normalizer.normalize(text));
            plainVectors[i] = embeddings.embed(segments);
            plainFeatures.add(InjectionClassifier.features(segments));
        }
        System.out.printf("grid: %d evaluation lines analysed in %d s%n", n, (System.nanoTime() - t0) / 1_000_000_000);
        // the settings before this round, then weaker regularisation and heavier surface features
        double[][] grid = {{0.02, 8, 0.01}, {0.05, 8, 0.01}, {0.02, 12, 0.005}, {0.01, 12, 0.002},
                {0.01, 16, 0.002}, {0.02, 16, 0.002}, {0.005, 16, 0.002}, {0.02, 24, 0.001}};
        double bestCatch = 0;
        double chosenCatch = -1;
        double chosenWorstFalsePositives = 1;
        for (double[] point : grid) {
            t0 = System.nanoTime();
            double[] probability = new double[n];
            for (int part = FIRST_PART; part <= LAST_PART; part++) {
                int leftOut = part;
                Set<String> texts = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (items.get(i).part() == leftOut) {
                        texts.add(items.get(i).text().strip());
                    }
                }
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < examples.size(); i++) {
                    if (!texts.contains(examples.get(i).text().strip())) {
                        keep.add(i);
                    }
                }
                float[][] kx = new float[keep.size()][];
                TextFeatures.Sparse[] kf = new TextFeatures.Sparse[keep.size()];
                boolean[] ky = new boolean[keep.size()];
                for (int j = 0; j < keep.size(); j++) {
                    kx[j] = x[keep.get(j)];
                    kf[j] = f[keep.get(j)];
                    ky[j] = examples.get(keep.get(j)).attack();
                }
                InjectionClassifier.Model model = InjectionClassifier.train(kx, kf, ky, point[0], point[1], point[2]);
                for (int i = 0; i < n; i++) {
                    if (items.get(i).part() == leftOut) {
                        probability[i] = model.probability(plainVectors[i], plainFeatures.get(i));
                    }
                }
            }
            Map<Integer, List<Scored>> byPart = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                byPart.computeIfAbsent(items.get(i).part(), k -> new ArrayList<>())
                        .add(new Scored(items.get(i), isAttack.get(i), rules[i], probability[i], quoted[i], pasted[i]));
            }
            System.out.printf("settings: l2 %.3f, surface-feature scale %.0f, l2 %.4f (%d s)%n", point[0], point[1],
                    point[2], (System.nanoTime() - t0) / 1_000_000_000);
            boolean chosen = point[0] == InjectionClassifier.L2 && point[1] == InjectionClassifier.NGRAM_SCALE
                    && point[2] == InjectionClassifier.NGRAM_L2;
            for (int step = 0; step <= 6; step++) {
                double p = 0.6 + 0.05 * step;
                // pasted content: the same block probability, or a higher one
                for (double pastedP : new double[]{p, p + 0.1, p + 0.2}) {
                    if (pastedP > 0.951) {
                        continue;
                    }
                    boolean current = Math.abs(p - InjectionDetector.CLASSIFIER_BLOCK) < 1e-9
                            && Math.abs(pastedP - InjectionDetector.CLASSIFIER_BLOCK_PASTED) < 1e-9;
                    double[] figures = print(byPart, InjectionDetector.Settings.DEFAULTS.blockThreshold(), p,
                            pastedP, chosen && current);
                    if (figures[3] <= MAX_WORST_PART_FALSE_POSITIVE_RATE) {
                        bestCatch = Math.max(bestCatch, figures[0]);
                    }
                    if (chosen && current) {
                        chosenCatch = figures[0];
                        chosenWorstFalsePositives = figures[3];
                    }
                }
            }
        }
        // asserted after the whole grid is printed, so that a failing run still shows every setting
        assertThat(chosenCatch).as("the chosen settings are in the grid").isNotNegative();
        assertThat(chosenWorstFalsePositives).as("worst part's false positives at the chosen settings")
                .isLessThanOrEqualTo(MAX_WORST_PART_FALSE_POSITIVE_RATE);
        assertThat(chosenCatch).as("the chosen settings catch the most with at most %.0f%% of any part's benign lines "
                + "blocked", 100 * MAX_WORST_PART_FALSE_POSITIVE_RATE).isGreaterThanOrEqualTo(bestCatch);
    }

    /** Mean and worst catch rate, mean and worst false-positive rate over the left-out parts. */
    private static double[] print(Map<Integer, List<Scored>> byPart, double blockAt, double classifierBlock,
                                  double pastedBlock, boolean detail) {
        double catchSum = 0;
        double worstCatch = 1;
        double fpSum = 0;
        double worstFp = 0;
        StringBuilder parts = new StringBuilder();
        for (Map.Entry<Integer, List<Scored>> entry : byPart.entrySet()) {
            int caught = 0;
            int attacks = 0;
            int falseBlocks = 0;
            int benign = 0;
            Map<String, int[]> kinds = new TreeMap<>();
            for (Scored scored : entry.getValue()) {
                boolean blocked = scored.blocked(blockAt, classifierBlock, pastedBlock);
                if (scored.attack()) {
                    attacks++;
                    caught += blocked ? 1 : 0;
                    int[] kind = kinds.computeIfAbsent(scored.item().kind(), k -> new int[2]);
                    kind[0] += blocked ? 1 : 0;
                    kind[1]++;
                } else {
                    benign++;
                    falseBlocks += blocked ? 1 : 0;
                }
            }
            double catchRate = caught / (double) attacks;
            double fpRate = falseBlocks / (double) benign;
            catchSum += catchRate;
            fpSum += fpRate;
            worstCatch = Math.min(worstCatch, catchRate);
            worstFp = Math.max(worstFp, fpRate);
            parts.append(String.format(" | part %d: %.1f%% (%d/%d), fp %.1f%% (%d/%d)", entry.getKey(),
                    100 * catchRate, caught, attacks, 100 * fpRate, falseBlocks, benign));
            if (detail) {
                StringBuilder kindText = new StringBuilder();
                kinds.forEach((kind, counts) -> kindText.append(" ").append(kind).append(" ").append(counts[0])
                        .append("/").append(counts[1]));
                System.out.printf("  part %d left out, attacks blocked by kind:%s%n", entry.getKey(), kindText);
            }
        }
        int n = byPart.size();
        System.out.printf("  %sclassifier blocks at p %.2f (pasted %.2f): mean catch %.1f%% (worst %.1f%%), mean fp "
                        + "%.1f%% (worst %.1f%%)%s%n", detail ? "CHOSEN " : "", classifierBlock, pastedBlock, 100 * catchSum / n,
                100 * worstCatch, 100 * fpSum / n, 100 * worstFp, parts);
        return new double[]{catchSum / n, worstCatch, fpSum / n, worstFp};
    }

    /** The items of an evaluation file up to (never including) the held-out part's header. */
    static List<InjectionDetectorEvaluationTest.Item> readBeforeHeldOut(String resource) throws IOException {
        return InjectionDetectorEvaluationTest.read(resource, InjectionDetectorEvaluationTest.HELD_OUT_PART);
    }
}
