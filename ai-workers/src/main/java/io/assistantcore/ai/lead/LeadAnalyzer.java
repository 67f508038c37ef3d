package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.LeadFields;

/**
 * Classifies a lead and extracts its fields: with a provider's model when one is configured ({@link LlmLeadAnalyzer},
 * its answer validated field by field, the rules filling what it left out or got wrong), else offline (the embedding
 * classifier over the shipped and the tenant's reviewed examples, and the rules).
 */
public class LeadAnalyzer {

    /** @param extractedBy {@code llm}, {@code llm+rules} or {@code rules} */
    public record Analysis(IntentDecision intent, LeadFields fields, String extractedBy) {
    }

    private final EmbeddingLeadClassifier classifier;
    private final RuleLeadExtractor rules;
    private final LeadExamples examples;
    private final LlmLeadAnalyzer llm;

    /** @param llm null: offline only */
    public LeadAnalyzer(EmbeddingLeadClassifier classifier, RuleLeadExtractor rules, LeadExamples examples,
                        LlmLeadAnalyzer llm) {
        this.classifier = classifier;
        this.rules = rules;
        this.examples = examples;
        this.llm = llm;
    }

    public Analysis analyse(String tenantId, String message) {
        LeadFields ruled = rules.extract(message);
        if (llm != null) {
            var answer = llm.analyse(message);
            if (answer.isPresent()) {
                LlmLeadAnalyzer.Answer a = answer.get();
                // what the model found wins; the rules fill the fields it left out or that failed validation
                LeadFields filled = ruled.overriddenBy(a.fields());
                String by = filled.equals(a.fields()) ? "llm" : "llm+rules";
                return new Analysis(a.intent(), filled, by);
            }
        }
        return new Analysis(classifier.classify(message, examples.of(tenantId)), ruled, "rules");
    }

    public float[] embed(String text) {
        return classifier.embed(text);
    }
}
