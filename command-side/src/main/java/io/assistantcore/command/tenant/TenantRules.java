package io.assistantcore.command.tenant;

import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Quotas;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of tenant commands; each failure names the field and what would be accepted. */
final class TenantRules {

    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final Pattern USER_ID = Pattern.compile("[^\\s]{1,255}");
    static final Pattern CONTEXT_KIND = Pattern.compile("\\*|[a-z][a-z0-9_-]{0,63}");
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_REQUESTS_PER_MINUTE = 100_000;
    static final long MAX_TOKENS_PER_MINUTE = 1_000_000_000L;
    static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");

    private TenantRules() {
    }

    static void checkTenantId(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw invalid("tenantId", "tenantId must be 2-63 characters of lower-case letters, digits and '-', "
                    + "starting with a letter or digit");
        }
    }

    static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw invalid("name", "name must be non-blank and at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    static void checkUserId(String field, String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw invalid(field, field + " must be 1-255 characters without white space");
        }
    }

    static void checkQuotas(Quotas quotas) {
        if (quotas == null || quotas.monthlyBudget() == null) {
            throw invalid("monthlyBudget", "monthlyBudget with amount and currency is required");
        }
        Money budget = quotas.monthlyBudget();
        if (budget.amount().signum() < 0 || budget.amount().compareTo(MAX_BUDGET) > 0) {
            throw invalid("monthlyBudget.amount", "monthlyBudget.amount must be between 0 and " + MAX_BUDGET);
        }
        if (budget.amount().stripTrailingZeros().scale() > 4) {
            throw invalid("monthlyBudget.amount", "monthlyBudget.amount may have at most 4 decimal places");
        }
        if (!isIsoCurrency(budget.currency())) {
            throw invalid("monthlyBudget.currency",
                    "monthlyBudget.currency must be an ISO 4217 code such as USD or EUR, got '" + budget.currency() + "'");
        }
        if (quotas.requestsPerMinutePerUser() < 1 || quotas.requestsPerMinutePerUser() > MAX_REQUESTS_PER_MINUTE) {
            throw invalid("requestsPerMinutePerUser",
                    "requestsPerMinutePerUser must be between 1 and " + MAX_REQUESTS_PER_MINUTE);
        }
        if (quotas.tokensPerMinutePerTenant() < 1 || quotas.tokensPerMinutePerTenant() > MAX_TOKENS_PER_MINUTE) {
            throw invalid("tokensPerMinutePerTenant",
                    "tokensPerMinutePerTenant must be between 1 and " + MAX_TOKENS_PER_MINUTE);
        }
    }

    static void checkPolicy(AiPolicy policy) {
        if (policy == null) {
            throw invalid("policy", "an AI policy is required");
        }
        for (String kind : policy.allowedContextKinds()) {
            if (kind == null || !CONTEXT_KIND.matcher(kind).matches()) {
                throw invalid("allowedContextKinds", "context kinds are '*' or lower-case words of letters, digits, "
                        + "'_' and '-' (at most 64 characters), got '" + kind + "'");
            }
        }
        for (String model : policy.allowedModels()) {
            if (model == null || model.isBlank() || model.length() > 200) {
                throw invalid("allowedModels", "allowed models must be non-blank names of at most 200 characters");
            }
        }
    }

    private static boolean isIsoCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
