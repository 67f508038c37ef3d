package io.assistantcore.ai.chat.offline;

import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.tool.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the offline engine's tool proposals: the tuning part of the evaluation set chose the threshold and margin
 * (the grid is printed), the held-out part was measured once with the chosen values (docs/tools.md, "Offline
 * proposals"). The floors sit at or under the measured figures: a change that makes proposals clearly worse fails.
 */
class OfflineToolProposerEvaluationTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine();
    private static final double TUNING_PRECISION_FLOOR = 0.9;
    private static final double HELD_OUT_PRECISION_FLOOR = 0.8;

    private final List<ToolDefinition> tools = OfflineToolEvaluation.tools();
    private final OfflineToolProposer proposer = new OfflineToolProposer(ENGINE::embeddingModel,
            OfflineToolProposer.DEFAULT_THRESHOLD, OfflineToolProposer.DEFAULT_MARGIN);

    /** The tuning part: the grid the values were chosen from, and the chosen values' figures and mistakes. */
    @Test
    void tuningPart() {
        System.out.println("Tuning grid on " + OfflineToolEvaluation.TUNING_SET + " (threshold, margin):");
        List<OfflineToolEvaluation.Case> tuning = OfflineToolEvaluation.cases(OfflineToolEvaluation.TUNING_SET);
        for (double threshold = 0.30; threshold <= 0.601; threshold += 0.05) {
            for (double margin : new double[]{0.0, 0.04}) {
                OfflineToolEvaluation.Result result = OfflineToolEvaluation.evaluate(
                        new OfflineToolProposer(ENGINE::embeddingModel, threshold, margin), tools, tuning);
                System.out.printf(Locale.ROOT, "  %.2f %.2f: %s%n", threshold, margin, result.report());
            }
        }
        OfflineToolEvaluation.Result tuned = OfflineToolEvaluation.evaluate(proposer, tools, tuning);
        System.out.println("Tuning part with the chosen values: " + tuned.report());
        tuned.mistakes().forEach(mistake -> System.out.println("  " + mistake));
        assertThat(tuned.precision()).isGreaterThanOrEqualTo(TUNING_PRECISION_FLOOR);
    }

    /** The held-out part, never used to choose anything. */
    @Test
    void heldOutPart() {
        OfflineToolEvaluation.Result heldOut = measure("Held-out part", OfflineToolEvaluation.HELD_OUT_SET);
        assertThat(heldOut.precision()).isGreaterThanOrEqualTo(HELD_OUT_PRECISION_FLOOR);
    }

    /** The third part: requests whose quoted values are long (titles, reminder texts, names of several words). */
    @Test
    void longQuotedValues() {
        OfflineToolEvaluation.Result third = measure("Third part (long quoted values)",
                OfflineToolEvaluation.LONG_QUOTES_SET);
        assertThat(third.precision()).isGreaterThanOrEqualTo(0.9);
        assertThat(third.recall()).isGreaterThanOrEqualTo(0.85);
        assertThat(third.accuracy()).isGreaterThanOrEqualTo(0.9);
    }

    /** One part with the chosen values: its figures and mistakes printed. */
    private OfflineToolEvaluation.Result measure(String label, String set) {
        OfflineToolEvaluation.Result result = OfflineToolEvaluation.evaluate(proposer, tools,
                OfflineToolEvaluation.cases(set));
        System.out.println(label + ": " + result.report());
        result.mistakes().forEach(mistake -> System.out.println("  " + mistake));
        return result;
    }
}
