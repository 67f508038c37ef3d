package io.assistantcore.query.billing;

import io.assistantcore.messages.billing.BillingQueries.BudgetQuery;
import io.assistantcore.messages.billing.BillingQueries.BudgetView;
import io.assistantcore.messages.billing.BillingQueries.UsageReport;
import io.assistantcore.messages.billing.BillingQueries.UsageReportQuery;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.query.tenant.TenantDirectory;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers usage reports and budgets from the billing read model. */
@Component
public class BillingQueryHandler {

    private final BillingReports billing;
    private final TenantDirectory tenants;

    public BillingQueryHandler(BillingReports billing, TenantDirectory tenants) {
        this.billing = billing;
        this.tenants = tenants;
    }

    @QueryHandler
    public UsageReport handle(UsageReportQuery query) {
        return new UsageReport(billing.usage(query.tenantId(), query.from(), query.to(), query.groupBy()));
    }

    /** A month without any reservation yet shows the tenant's current budget, untouched. */
    @QueryHandler
    public Optional<BudgetView> handle(BudgetQuery query) {
        return billing.budget(query.tenantId(), query.period()).or(() -> tenants.find(query.tenantId())
                .map(TenantView::quotas)
                .map(quotas -> {
                    Money budget = quotas.monthlyBudget();
                    Money zero = Money.zero(budget.currency());
                    return new BudgetView(query.period(), budget, zero, zero, budget);
                }));
    }
}
