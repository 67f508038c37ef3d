package io.assistantcore.command.tenant;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.tenant.Quotas;

import java.util.EnumSet;
import java.util.Set;

/** What a new tenant starts with, so a tenant is usable (and bounded) before an admin tunes anything. */
final class PlanDefaults {

    /** Any context kind may be sent, until an admin narrows the list. */
    static final String ANY_CONTEXT_KIND = "*";

    private PlanDefaults() {
    }

    static Quotas quotas(Plan plan) {
        return switch (plan) {
            case FREE -> new Quotas(Money.of("10.00", "USD"), 20, 20_000);
            case TEAM -> new Quotas(Money.of("200.00", "USD"), 60, 200_000);
            case BUSINESS -> new Quotas(Money.of("2000.00", "USD"), 120, 1_000_000);
            case ENTERPRISE -> new Quotas(Money.of("20000.00", "USD"), 600, 10_000_000);
        };
    }

    /** Every action on, every configured model, every context kind, and PII masked before text leaves. */
    static AiPolicy policy() {
        return new AiPolicy(EnumSet.allOf(AiAction.class), Set.of(), Set.of(ANY_CONTEXT_KIND), true);
    }
}
