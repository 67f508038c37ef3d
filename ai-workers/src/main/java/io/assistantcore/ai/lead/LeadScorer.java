package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadScore;
import io.assistantcore.messages.lead.ScoringWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lead score of {@link ScoringWeights}, with one reason per part. */
public final class LeadScorer {

    private LeadScorer() {
    }

    public static LeadScore score(LeadIntent intent, LeadFields fields, ScoringWeights weights) {
        List<String> reasons = new ArrayList<>();
        double intentShare = switch (intent == null ? LeadIntent.OTHER : intent) {
            case SALES -> 1.0;
            case PARTNERSHIP -> 0.6;
            case SUPPORT -> 0.2;
            case OTHER -> 0.0;
        };
        double points = part(reasons, "intent " + (intent == null ? "unknown" : intent.wireName()), intentShare,
                weights.intent());
        double budgetShare = 0;
        String budgetLabel = "no budget stated";
        if (fields.budget() != null && fields.budget().amount() != null) {
            budgetShare = Math.min(1.0, fields.budget().amount().doubleValue() / weights.budgetFull());
            budgetLabel = "budget " + fields.budget().amount().toPlainString()
                    + (fields.budget().currency() == null ? "" : " " + fields.budget().currency());
        }
        points += part(reasons, budgetLabel, budgetShare, weights.budget());
        boolean business = RuleLeadExtractor.businessDomain(fields.email());
        points += part(reasons, fields.email() == null ? "no e-mail" : business ? "e-mail on a company domain"
                : "e-mail on a free mail provider", business ? 1 : 0, weights.companyDomain());
        int known = fields.known();
        points += part(reasons, known + " of 5 fields known", known / 5.0, weights.completeness());
        int value = (int) Math.round(100 * points / weights.total());
        return new LeadScore(Math.max(0, Math.min(100, value)), reasons);
    }

    private static double part(List<String> reasons, String label, double share, double weight) {
        double points = share * weight;
        reasons.add(String.format(Locale.ROOT, "%s: %.1f of %.1f", label, points, weight));
        return points;
    }
}
