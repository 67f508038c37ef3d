package io.assistantcore.command.webhook;

import io.assistantcore.command.tenant.TenantRules;
import io.assistantcore.messages.webhook.WebhookMessages;
import io.assistantcore.messages.webhook.WebhookMessages.ConfigureWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.DisableWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointConfigured;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;

/**
 * Finds the endpoint a command names among its tenant's endpoints and calls it. Endpoint ids are the tenant's own: the
 * aggregate of tenant {@code acme}'s endpoint {@code crm} is {@code acme/crm}, so another tenant's {@code crm} is
 * neither found nor revealed. An endpoint created before ids were scoped is stored under its bare id; it is used only
 * when its first event names the command's tenant (another tenant's bare {@code crm} is as if it did not exist).
 */
@Component
public class WebhookEndpointCommands {

    private final Repository<WebhookEndpoint> endpoints;
    private final EventStore events;

    public WebhookEndpointCommands(Repository<WebhookEndpoint> endpoints, EventStore events) {
        this.endpoints = endpoints;
        this.events = events;
    }

    @CommandHandler
    public void handle(ConfigureWebhookEndpoint command) throws Exception {
        checkIds(command.tenantId(), command.endpointId());
        Optional<Aggregate<WebhookEndpoint>> existing = find(command.tenantId(), command.endpointId());
        if (existing.isPresent()) {
            existing.get().execute(endpoint -> endpoint.configure(command, null));
        } else {
            String aggregateId = WebhookMessages.aggregateId(command.tenantId(), command.endpointId());
            endpoints.newInstance(() -> {
                WebhookEndpoint endpoint = new WebhookEndpoint();
                endpoint.configure(command, aggregateId);
                return endpoint;
            });
        }
    }

    @CommandHandler
    public void handle(DisableWebhookEndpoint command) {
        checkIds(command.tenantId(), command.endpointId());
        find(command.tenantId(), command.endpointId())
                .orElseThrow(() -> notFound("endpoint", "No webhook endpoint '" + command.endpointId() + "'"))
                .execute(endpoint -> endpoint.disable(command));
    }

    private static void checkIds(String tenantId, String endpointId) {
        TenantRules.checkTenantId(tenantId);
        if (endpointId == null || !WebhookEndpoint.ID.matcher(endpointId).matches()) {
            throw invalid("endpointId", "endpointId must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** The tenant's endpoint: under its scoped id, or (created before ids were scoped) under its bare id. */
    private Optional<Aggregate<WebhookEndpoint>> find(String tenantId, String endpointId) {
        try {
            return Optional.of(endpoints.load(WebhookMessages.aggregateId(tenantId, endpointId)));
        } catch (AggregateNotFoundException scopedNotFound) {
            if (!legacyEndpointOf(tenantId, endpointId)) {
                return Optional.empty();
            }
            return Optional.of(endpoints.load(endpointId));
        }
    }

    /** Whether the stream stored under the bare id is a webhook endpoint of this tenant. */
    private boolean legacyEndpointOf(String tenantId, String endpointId) {
        DomainEventStream stream = events.readEvents(endpointId);
        return stream.hasNext()
                && stream.next().getPayload() instanceof WebhookEndpointConfigured first
                && tenantId.equals(first.tenantId()) && endpointId.equals(first.endpointId());
    }
}
