package io.assistantcore.ai.lead;

import io.assistantcore.ai.offline.OfflineTextEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the offline lead engine on the evaluation leads (docs/leads.md "Quality"): the {@code dev} part, used
 * while building the classifier's examples and the extraction rules, and the {@code held} part, measured once at the
 * end. Prints the figures and the mistakes; the floors sit a little under the measured figures, so a change that makes
 * the engine clearly worse fails here.
 */
class LeadEngineEvaluationTest {

    /*
     * Measured 2026-11-30. dev: intent 96.0% (48/50), e-mail 100%, phone 96.0% (48/50), budget 98.0% (49/50).
     * held, its first and only measurement: intent 97.3% (36/37), e-mail 100%, phone 97.3% (36/37), budget 100%.
     */
    private static final double FLOOR_INTENT = 0.92;
    private static final double FLOOR_EMAIL = 0.97;
    private static final double FLOOR_PHONE = 0.93;
    private static final double FLOOR_BUDGET = 0.94;

    @Test
    void offlineEngineMeetsTheMeasuredLevel() {
        EmbeddingLeadClassifier classifier = new EmbeddingLeadClassifier(new OfflineTextEngine()::embeddingModel);
        RuleLeadExtractor extractor = new RuleLeadExtractor("US");
        for (String split : new String[]{"dev", "held"}) {
            LeadEngineEvaluation.Result result = LeadEngineEvaluation.run(LeadEngineEvaluation.load(split),
                    classifier, extractor);
            result.mistakes().forEach(m -> System.out.println(split + " " + m));
            System.out.println(result.report(split));
            assertThat(result.intentAccuracy()).as(split + " intent").isGreaterThanOrEqualTo(FLOOR_INTENT);
            assertThat(result.emailAccuracy()).as(split + " e-mail").isGreaterThanOrEqualTo(FLOOR_EMAIL);
            assertThat(result.phoneAccuracy()).as(split + " phone").isGreaterThanOrEqualTo(FLOOR_PHONE);
            assertThat(result.budgetAccuracy()).as(split + " budget").isGreaterThanOrEqualTo(FLOOR_BUDGET);
        }
    }
}
