package io.assistantcore.ai.chat.guardrails;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class InjectionClassifierTest {

    @Test
    void theHeldOutEvaluationPartIsNeverTrainingData() throws IOException {
        Set<String> training = InjectionClassifier.read(InjectionClassifier.RESOURCE).stream()
                .map(example -> example.text().strip().toLowerCase())
                .collect(Collectors.toSet());
        List<InjectionDetectorEvaluationTest.Item> heldOut = new java.util.ArrayList<>();
        heldOut.addAll(InjectionDetectorEvaluationTest.read("chat/injection-eval-attacks.txt"));
        heldOut.addAll(InjectionDetectorEvaluationTest.read("chat/injection-eval-benign.txt"));
        heldOut.removeIf(item -> item.part() != InjectionDetectorEvaluationTest.HELD_OUT_PART);

        assertThat(heldOut).hasSizeGreaterThanOrEqualTo(200);
        assertThat(heldOut).noneMatch(item -> training.contains(item.text().strip().toLowerCase()));
    }

    @Test
    void theTrainingFileHasBothClassesInQuantity() {
        List<InjectionClassifier.Example> examples = InjectionClassifier.read(InjectionClassifier.RESOURCE);

        assertThat(examples.stream().filter(InjectionClassifier.Example::attack).count()).isGreaterThan(300);
        assertThat(examples.stream().filter(example -> !example.attack()).count()).isGreaterThan(300);
    }

    @Test
    void trainingIsDeterministicAndSeparatesWhatItLearned() {
        float[][] vectors = {unit(1, 0.2f, 0), unit(0.9f, 0, 0.3f), unit(0.8f, 0.1f, 0.1f),
                unit(0, 1, 0.2f), unit(0.1f, 0.9f, 0), unit(0, 0.8f, 0.3f)};
        boolean[] labels = {true, true, true, false, false, false};

        InjectionClassifier.Model first = InjectionClassifier.train(vectors, labels);
        InjectionClassifier.Model second = InjectionClassifier.train(vectors, labels);

        assertThat(first.weights()).containsExactly(second.weights());
        assertThat(first.probability(unit(1, 0, 0))).isGreaterThan(0.5);
        assertThat(first.probability(unit(0, 1, 0))).isLessThan(0.5);
        assertThat(first.probability(new float[][] {unit(0, 1, 0), unit(1, 0, 0)}))
                .as("a message counts by its most suspicious sentence")
                .isEqualTo(first.probability(unit(1, 0, 0)));
        assertThat(first.probability(new float[0][])).isZero();
    }

    private static float[] unit(float... raw) {
        double norm = 0;
        for (float v : raw) {
            norm += v * v;
        }
        float[] result = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
            result[k] = (float) (raw[k] / Math.sqrt(norm));
        }
        return result;
    }
}
