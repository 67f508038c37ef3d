package io.assistantcore.messages.lead;

/**
 * How a lead's score (0–100) is made; see docs/leads.md "Scoring". Each part is the weight times how well the lead
 * meets it (0..1): {@code intent} (Sales 1, Partnership 0.6, Support 0.2, Other 0), {@code budget} (none 0, a
 * stated budget grows to 1 at {@code budgetFull} in any currency), {@code companyDomain} (the e-mail is on a company's
 * own domain, not a free mail provider) and {@code completeness} (share of the five fields known). The score is the
 * sum divided by the sum of the weights.
 */
public record ScoringWeights(double intent, double budget, double companyDomain, double completeness,
                             double budgetFull) {

    public static final ScoringWeights DEFAULT = new ScoringWeights(40, 30, 15, 15, 50_000);

    public double total() {
        return intent + budget + companyDomain + completeness;
    }
}
