package io.assistantcore.command.tenant;

import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of tenant commands; each failure names the field and what would be accepted. */
public final class TenantRules {

    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final Pattern USER_ID = Pattern.compile("[^\\s]{1,255}");
    static final Pattern CONTEXT_KIND = Pattern.compile("\\*|[a-z][a-z0-9_-]{0,63}");
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_REQUESTS_PER_MINUTE = 100_000;
    static final long MAX_TOKENS_PER_MINUTE = 1_000_000_000L;
    static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");
    /** Provider ids a route may name (the configured fallback chain decides which of them are reachable). */
    static final List<String> PROVIDERS = List.of("openai", "anthropic", "gemini", "ollama", "local");
    /** A model name as providers spell them ({@code gpt-4o-mini}, {@code llama3.1:8b}): no white space. */
    static final Pattern MODEL = Pattern.compile("[^\\s\\p{Cc}]{1,200}");
    static final int MAX_BLOCKED_TOPICS = 50;
    static final int MAX_TOPIC_LENGTH = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private TenantRules() {
    }

    public static void checkTenantId(String tenantId) {
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

    /**
     * Checks a tenant's routing rules and answers them as they are kept: blocked topics trimmed. Every failure names
     * the field ({@code routes.code.provider}, {@code router.model}, {@code blockedTopics[3]}).
     */
    static RoutingRules checkRoutingRules(RoutingRules rules) {
        if (rules == null) {
            throw invalid("rules", "routing rules are required: routes, router, blockedTopics, answerReuse");
        }
        for (Map.Entry<RouteCategory, Route> entry : rules.routes().entrySet()) {
            checkRoute("routes." + entry.getKey().wireName(), entry.getValue());
        }
        if (rules.router() != null) {
            checkRoute("router", rules.router());
        }
        if (rules.blockedTopics().size() > MAX_BLOCKED_TOPICS) {
            throw invalid("blockedTopics", "at most " + MAX_BLOCKED_TOPICS + " blocked topics are accepted, got "
                    + rules.blockedTopics().size());
        }
        List<String> topics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.blockedTopics().size(); i++) {
            String topic = rules.blockedTopics().get(i);
            String field = "blockedTopics[" + i + "]";
            if (topic == null || topic.isBlank()) {
                throw invalid(field, field + " must not be blank");
            }
            String trimmed = topic.strip();
            if (trimmed.length() > MAX_TOPIC_LENGTH) {
                throw invalid(field, field + " has " + trimmed.length() + " characters; at most " + MAX_TOPIC_LENGTH
                        + " are accepted");
            }
            if (CONTROL.matcher(trimmed).find()) {
                throw invalid(field, field + " must not contain control characters");
            }
            if (!seen.add(trimmed.toLowerCase(Locale.ROOT))) {
                throw invalid(field, "blocked topic '" + trimmed + "' is listed twice");
            }
            topics.add(trimmed);
        }
        return new RoutingRules(rules.routes(), rules.router(), topics, rules.answerReuse());
    }

    private static void checkRoute(String field, Route route) {
        if (route == null) {
            throw invalid(field, field + " needs a provider (one of " + String.join(", ", PROVIDERS) + ")");
        }
        if (route.provider() == null || !PROVIDERS.contains(route.provider())) {
            throw invalid(field + ".provider", field + ".provider must be one of " + String.join(", ", PROVIDERS)
                    + (route.provider() == null ? "" : ", got '" + printable(route.provider()) + "'"));
        }
        if (route.model() != null && !MODEL.matcher(route.model()).matches()) {
            throw invalid(field + ".model", field + ".model must be a model name of 1-200 characters without white "
                    + "space, or absent for the provider's default");
        }
    }

    /** A rejected value as a message may quote it: bounded, without control characters. */
    private static String printable(String value) {
        String cleaned = CONTROL.matcher(value).replaceAll("?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
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
