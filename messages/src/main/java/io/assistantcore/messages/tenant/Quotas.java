package io.assistantcore.messages.tenant;

import io.assistantcore.messages.common.Money;

/** Limits of one tenant: a monthly spending budget and per-minute rates. */
public record Quotas(Money monthlyBudget, int requestsPerMinutePerUser, long tokensPerMinutePerTenant) {
}
