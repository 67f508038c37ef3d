package io.assistantcore.api.tenant;

import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.tenant.TenantQueries.TenantQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantVersionQuery;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** Tenants as the query side answers them, for every endpoint that reads a tenant or waits for its change. */
@Component
public class TenantReadModel {

    private final QueryGateway queries;
    private final ReadModelCatchUp catchUp;

    public TenantReadModel(QueryGateway queries, ReadModelCatchUp catchUp) {
        this.queries = queries;
        this.catchUp = catchUp;
    }

    /** The tenant; 404 when there is none. */
    public TenantView tenant(String tenantId) {
        return queries.query(new TenantQuery(tenantId), ResponseTypes.optionalInstanceOf(TenantView.class)).join()
                .orElseThrow(() -> ApiException.notFound("Tenant '" + tenantId + "' does not exist"));
    }

    /** Waits (bounded) until the tenant read model shows the aggregate version a command produced. */
    public void awaitVersion(String tenantId, long version) {
        catchUp.await("version " + version + " of tenant " + tenantId,
                () -> queries.query(new TenantVersionQuery(tenantId), Long.class).join() >= version);
    }
}
