package io.assistantcore.ai.lead;

import io.assistantcore.ai.chat.LabelledLines;
import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadIntent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Runs the offline lead engine over the evaluation leads ({@value #RESOURCE}) and counts what it got right. */
final class LeadEngineEvaluation {

    static final String RESOURCE = "leads/lead-eval.tsv";

    record EvalLead(int line, String split, LeadIntent intent, String email, String phone, String budget,
                    String message) {
    }

    record Result(int leads, int intents, int emails, int phones, int budgets, List<String> mistakes) {
        double intentAccuracy() {
            return (double) intents / leads;
        }

        double emailAccuracy() {
            return (double) emails / leads;
        }

        double phoneAccuracy() {
            return (double) phones / leads;
        }

        double budgetAccuracy() {
            return (double) budgets / leads;
        }

        String report(String name) {
            return String.format(Locale.ROOT, "%s: %d leads; intent %.1f%% (%d), e-mail %.1f%% (%d), phone %.1f%% "
                            + "(%d), budget %.1f%% (%d)", name, leads, 100 * intentAccuracy(), intents,
                    100 * emailAccuracy(), emails, 100 * phoneAccuracy(), phones, 100 * budgetAccuracy(), budgets);
        }
    }

    private LeadEngineEvaluation() {
    }

    static List<EvalLead> load(String split) {
        try (InputStream in = LeadEngineEvaluation.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            List<EvalLead> leads = new ArrayList<>();
            int number = 0;
            for (String line : new String(Objects.requireNonNull(in, RESOURCE).readAllBytes(),
                    StandardCharsets.UTF_8).split("\n")) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", 6);
                if (cols.length != 6 || LeadIntent.fromWire(cols[1]) == null) {
                    throw LabelledLines.malformed(RESOURCE, number, "split, intent, email, phone, budget, message");
                }
                if (cols[0].equals(split)) {
                    leads.add(new EvalLead(number, cols[0], LeadIntent.fromWire(cols[1]), dash(cols[2]), dash(cols[3]),
                            cols[4].strip(), cols[5].replace("\\n", "\n")));
                }
            }
            return leads;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(List<EvalLead> leads, EmbeddingLeadClassifier classifier, RuleLeadExtractor extractor) {
        int intents = 0;
        int emails = 0;
        int phones = 0;
        int budgets = 0;
        List<String> mistakes = new ArrayList<>();
        for (EvalLead lead : leads) {
            IntentDecision decision = classifier.classify(lead.message(), List.of());
            LeadFields fields = extractor.extract(lead.message());
            if (decision.intent() == lead.intent()) {
                intents++;
            } else {
                mistakes.add("line " + lead.line() + " intent " + decision.intent().wireName() + " (" + decision
                        .confidence() + ") expected " + lead.intent().wireName());
            }
            if (Objects.equals(fields.email(), lead.email())) {
                emails++;
            } else {
                mistakes.add("line " + lead.line() + " email " + fields.email() + " expected " + lead.email());
            }
            if (Objects.equals(fields.phone(), lead.phone())) {
                phones++;
            } else {
                mistakes.add("line " + lead.line() + " phone " + fields.phone() + " expected " + lead.phone());
            }
            String budget = budget(fields.budget());
            if (budget.equals(lead.budget())) {
                budgets++;
            } else {
                mistakes.add("line " + lead.line() + " budget " + budget + " expected " + lead.budget());
            }
        }
        return new Result(leads.size(), intents, emails, phones, budgets, mistakes);
    }

    static String budget(Budget budget) {
        if (budget == null) {
            return "none";
        }
        BigDecimal amount = budget.amount().stripTrailingZeros();
        return amount.toPlainString() + " " + (budget.currency() == null ? "-" : budget.currency());
    }

    private static String dash(String value) {
        return value.strip().equals("-") ? null : value.strip();
    }
}
