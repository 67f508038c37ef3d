package io.assistantcore.api.lead;

import io.assistantcore.messages.lead.LeadQueries.LeadPage;
import io.assistantcore.messages.lead.LeadQueries.LeadQuery;
import io.assistantcore.messages.lead.LeadQueries.LeadView;
import io.assistantcore.messages.lead.LeadQueries.LeadsQuery;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsQuery;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsView;
import io.assistantcore.messages.lead.LeadStatus;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Leads and lead settings as the query side answers them (through the query bus). */
@Component
public class LeadReads {

    private final QueryGateway queries;

    public LeadReads(QueryGateway queries) {
        this.queries = queries;
    }

    public Optional<LeadView> lead(String tenantId, String leadId) {
        return queries.query(new LeadQuery(tenantId, leadId), ResponseTypes.optionalInstanceOf(LeadView.class))
                .join();
    }

    public LeadPage leads(String tenantId, LeadStatus status, LeadIntent intent, int limit, String before) {
        return queries.query(new LeadsQuery(tenantId, status, intent, limit, before), LeadPage.class).join();
    }

    public LeadSettingsView settings(String tenantId) {
        return queries.query(new LeadSettingsQuery(tenantId), LeadSettingsView.class).join();
    }
}
