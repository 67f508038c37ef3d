package io.assistantcore.command.lead;

import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadScore;
import io.assistantcore.messages.lead.ScoringWeights;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of lead commands; each failure names the field and what would be accepted. */
final class LeadRules {

    static final int MAX_MESSAGE = 20_000;
    static final int MAX_FIELD = 200;
    static final int MAX_EMAIL = 254;
    static final int MAX_NOTE = 2_000;
    static final int MAX_REASON = 1_000;
    static final int MAX_REASONS = 10;
    static final int MAX_REPLY = 20_000;

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    static final Pattern EXTERNAL_ID = Pattern.compile("[^\\s\\p{Cc}]{1,200}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cc}]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{5,40}");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern CONTROL_IN_TEXT = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    private LeadRules() {
    }

    static void checkId(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw invalid(field, field + " must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a "
                    + "letter or digit");
        }
    }

    static void checkSource(String source) {
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw invalid("source", "source must be 1-32 lower-case letters, digits, '_' or '-' (form, api, hubspot)");
        }
    }

    static void checkExternalId(String value) {
        if (value != null && !EXTERNAL_ID.matcher(value).matches()) {
            throw invalid("externalEventId", "externalEventId must be 1-200 characters without white space");
        }
    }

    static void checkText(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw invalid(field, field + " must not be blank");
            }
            return;
        }
        if (value.length() > max) {
            throw invalid(field, field + " may have at most " + max + " characters, got " + value.length());
        }
        if (CONTROL_IN_TEXT.matcher(value).find()) {
            throw invalid(field, field + " must not contain control characters");
        }
    }

    static void checkLine(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > max) {
            throw invalid(field, field + " must be 1-" + max + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw invalid(field, field + " must not contain control characters");
        }
    }

    static void checkFields(String prefix, LeadFields fields) {
        if (fields == null) {
            return;
        }
        checkLine(prefix + "name", fields.name(), MAX_FIELD);
        checkLine(prefix + "company", fields.company(), MAX_FIELD);
        if (fields.email() != null && (fields.email().length() > MAX_EMAIL
                || !EMAIL.matcher(fields.email()).matches())) {
            throw invalid(prefix + "email", "email must be an e-mail address (name@domain.tld)");
        }
        if (fields.phone() != null && !PHONE.matcher(fields.phone()).matches()) {
            throw invalid(prefix + "phone", "phone must be 5-40 digits, spaces, '+', '(', ')', '.', '/' or '-'");
        }
        checkBudget(prefix + "budget", fields.budget());
    }

    static void checkBudget(String field, Budget budget) {
        if (budget == null) {
            return;
        }
        if (budget.amount() == null || budget.amount().signum() < 0 || budget.amount().compareTo(MAX_AMOUNT) > 0) {
            throw invalid(field, field + ".amount must be between 0 and " + MAX_AMOUNT.toPlainString());
        }
        if (budget.currency() != null && !CURRENCY.matcher(budget.currency()).matches()) {
            throw invalid(field, field + ".currency must be an ISO 4217 code such as USD or EUR");
        }
    }

    static void checkConfidence(String field, double value) {
        if (Double.isNaN(value) || value < 0 || value > 1) {
            throw invalid(field, field + " must be between 0 and 1");
        }
    }

    static void checkScoring(ScoringWeights weights) {
        if (weights == null) {
            throw invalid("scoring", "scoring weights are required");
        }
        double[] parts = {weights.intent(), weights.budget(), weights.companyDomain(), weights.completeness()};
        for (double part : parts) {
            if (Double.isNaN(part) || part < 0 || part > 1000) {
                throw invalid("scoring", "every scoring weight must be between 0 and 1000");
            }
        }
        if (weights.total() <= 0) {
            throw invalid("scoring", "at least one scoring weight must be above 0");
        }
        if (Double.isNaN(weights.budgetFull()) || weights.budgetFull() <= 0) {
            throw invalid("scoring", "scoring.budgetFull must be above 0");
        }
    }

    static void checkScore(LeadScore score) {
        if (score == null || score.value() < 0 || score.value() > 100) {
            throw invalid("score", "score must be between 0 and 100");
        }
        if (score.reasons().size() > MAX_REASONS) {
            throw invalid("score", "a score has at most " + MAX_REASONS + " reasons");
        }
        for (String reason : score.reasons()) {
            checkLine("score.reasons", reason, MAX_REASON);
        }
    }
}
