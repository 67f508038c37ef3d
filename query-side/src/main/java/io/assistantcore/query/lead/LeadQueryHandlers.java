package io.assistantcore.query.lead;

import io.assistantcore.messages.lead.LeadQueries.LeadPage;
import io.assistantcore.messages.lead.LeadQueries.LeadQuery;
import io.assistantcore.messages.lead.LeadQueries.LeadView;
import io.assistantcore.messages.lead.LeadQueries.LeadsQuery;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsQuery;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsView;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointList;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointView;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointsQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSecretQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscriber;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscribers;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscribersQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers lead, lead settings and webhook endpoint queries from the lead read model. */
@Component
public class LeadQueryHandlers {

    private final LeadReadModel leads;

    public LeadQueryHandlers(LeadReadModel leads) {
        this.leads = leads;
    }

    @QueryHandler
    public Optional<LeadView> handle(LeadQuery query) {
        return leads.lead(query.tenantId(), query.leadId());
    }

    @QueryHandler
    public LeadPage handle(LeadsQuery query) {
        return leads.leads(query.tenantId(), query.status(), query.intent(), query.limit(), query.before());
    }

    @QueryHandler
    public LeadSettingsView handle(LeadSettingsQuery query) {
        return leads.settings(query.tenantId());
    }

    @QueryHandler
    public WebhookEndpointList handle(WebhookEndpointsQuery query) {
        return new WebhookEndpointList(leads.endpoints(query.tenantId()));
    }

    @QueryHandler
    public Optional<WebhookEndpointView> handle(WebhookEndpointQuery query) {
        return leads.endpoint(query.tenantId(), query.endpointId());
    }

    @QueryHandler
    public WebhookSubscribers handle(WebhookSubscribersQuery query) {
        return new WebhookSubscribers(leads.subscribers(query.tenantId(), query.eventType()));
    }

    @QueryHandler
    public Optional<WebhookSubscriber> handle(WebhookSecretQuery query) {
        return leads.secret(query.tenantId(), query.endpointId());
    }
}
