package io.assistantcore.query.tenant;

import io.assistantcore.messages.tenant.TenantQueries.MemberAccess;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantQueries.MemberAccessQuery;
import io.assistantcore.messages.tenant.TenantQueries.RoutingRulesQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantVersionQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers tenant queries from the tenant directory read model. */
@Component
public class TenantQueryHandler {

    private final TenantDirectory directory;

    public TenantQueryHandler(TenantDirectory directory) {
        this.directory = directory;
    }

    @QueryHandler
    public Optional<TenantView> handle(TenantQuery query) {
        return directory.find(query.tenantId());
    }

    @QueryHandler
    public Long handle(TenantVersionQuery query) {
        return directory.version(query.tenantId());
    }

    @QueryHandler
    public MemberAccess handle(MemberAccessQuery query) {
        return directory.access(query.tenantId(), query.userId());
    }

    @QueryHandler
    public RoutingRules handle(RoutingRulesQuery query) {
        return directory.routingRules(query.tenantId());
    }
}
