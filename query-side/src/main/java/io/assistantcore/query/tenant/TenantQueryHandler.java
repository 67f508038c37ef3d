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

/** Answers tenant queries from the tenant directory read model (the tenant and member access through {@link TenantCache}). */
@Component
public class TenantQueryHandler {

    private final TenantDirectory directory;
    private final TenantCache cache;

    public TenantQueryHandler(TenantDirectory directory, TenantCache cache) {
        this.directory = directory;
        this.cache = cache;
    }

    @QueryHandler
    public Optional<TenantView> handle(TenantQuery query) {
        return cache.find(query.tenantId());
    }

    @QueryHandler
    public Long handle(TenantVersionQuery query) {
        long version = directory.version(query.tenantId());
        cache.versionSeen(query.tenantId(), version);
        return version;
    }

    @QueryHandler
    public MemberAccess handle(MemberAccessQuery query) {
        return cache.access(query.tenantId(), query.userId());
    }

    @QueryHandler
    public RoutingRules handle(RoutingRulesQuery query) {
        return directory.routingRules(query.tenantId());
    }
}
