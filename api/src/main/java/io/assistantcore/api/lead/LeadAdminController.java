package io.assistantcore.api.lead;

import io.assistantcore.api.lead.LeadRequests.EndpointRequest;
import io.assistantcore.api.lead.LeadRequests.EndpointSaved;
import io.assistantcore.api.lead.LeadRequests.InboundSecretRequest;
import io.assistantcore.api.lead.LeadRequests.LeadSettingsRequest;
import io.assistantcore.api.lead.LeadRequests.LeadSettingsResponse;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.lead.LeadSettingsMessages;
import io.assistantcore.messages.lead.LeadSettingsMessages.ConfigureLeadSettings;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundSecret;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsView;
import io.assistantcore.messages.lead.ScoringWeights;
import io.assistantcore.messages.webhook.WebhookEventTypes;
import io.assistantcore.messages.webhook.WebhookMessages.ConfigureWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.DeliveryList;
import io.assistantcore.messages.webhook.WebhookMessages.EndpointHealth;
import io.assistantcore.messages.webhook.WebhookMessages.RetryWebhookDelivery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookDeliveriesQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointList;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointView;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointsQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookHealth;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookHealthQuery;
import io.assistantcore.platform.outbound.OutboundTargetPolicy;
import io.assistantcore.platform.outbound.StandardWebhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant administrator's lead settings and outbound webhooks (API.md "Leads and webhooks"): the review threshold,
 * scoring weights and inbound secrets; endpoints with their event types (the signing secret shown once, when the
 * endpoint is created); the delivery log and a manual retry.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Leads", description = "Inbound leads: classified, extracted, scored, reviewed and answered")
public class LeadAdminController {

    static final Set<String> DELIVERY_STATUSES = Set.of("PENDING", "DELIVERED", "DEAD_LETTERED", "CANCELLED");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TenantAccess access;
    private final LeadReads leads;
    private final ReadModelCatchUp catchUp;
    private final OutboundTargetPolicy targets;

    LeadAdminController(CommandGateway commands, QueryGateway queries, TenantAccess access, LeadReads leads,
                        ReadModelCatchUp catchUp, OutboundTargetPolicy targets) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.leads = leads;
        this.catchUp = catchUp;
        this.targets = targets;
    }

    @GetMapping("/tenants/{tenantId}/leads/settings")
    @Operation(summary = "Review threshold, scoring weights and the sources that have an inbound secret (never the secrets)")
    public LeadSettingsResponse currentSettings(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        LeadSettingsView current = leads.settings(tenantId);
        return new LeadSettingsResponse(current.reviewBelowConfidence(), current.scoring(),
                current.inboundSecrets().stream().map(InboundSecret::source).toList());
    }

    @PutMapping("/tenants/{tenantId}/leads/settings")
    @Operation(summary = "Review threshold (default 0.7), inbound webhook secrets per source, scoring weights")
    public LeadSettingsResponse settings(@PathVariable String tenantId,
                                         @Valid @RequestBody LeadSettingsRequest request) {
        Caller caller = access.require(tenantId, Role.TENANT_ADMIN);
        LeadSettingsView current = leads.settings(tenantId);
        double threshold = request.reviewBelowConfidence() == null ? current.reviewBelowConfidence()
                : request.reviewBelowConfidence();
        ScoringWeights scoring = request.scoring() == null ? current.scoring() : request.scoring().toWeights();
        List<InboundSecret> secrets = current.inboundSecrets();
        if (request.inboundSecrets() != null) {
            secrets = new ArrayList<>();
            for (Map.Entry<String, InboundSecretRequest> entry : request.inboundSecrets().entrySet()) {
                secrets.add(new InboundSecret(entry.getKey(), entry.getValue().schemeFor(entry.getKey()),
                        entry.getValue().secret()));
            }
        }
        commands.sendAndWait(new ConfigureLeadSettings(LeadSettingsMessages.settingsId(tenantId), tenantId,
                caller.userId(), threshold, scoring, secrets));
        List<InboundSecret> expected = secrets;
        catchUp.await("lead settings of " + tenantId, () -> {
            LeadSettingsView now = leads.settings(tenantId);
            return now.reviewBelowConfidence() == threshold && now.scoring().equals(scoring)
                    && now.inboundSecrets().equals(expected);
        });
        return new LeadSettingsResponse(threshold, scoring, secrets.stream().map(InboundSecret::source).toList());
    }

    @PutMapping("/tenants/{tenantId}/webhooks/{endpointId}")
    @Operation(summary = "Create or change an endpoint; the signing secret (whsec_…) is shown once, at creation")
    public EndpointSaved endpoint(@PathVariable String tenantId, @PathVariable String endpointId,
                                  @Valid @RequestBody EndpointRequest request) {
        Caller caller = access.require(tenantId, Role.TENANT_ADMIN);
        for (String type : request.eventTypes()) {
            if (!WebhookEventTypes.ALL.contains(type)) {
                throw ApiException.invalidParameter("eventTypes", "unknown event type '" + type + "'; known: "
                        + WebhookEventTypes.ALL);
            }
        }
        targets.neverCallable(request.url()).ifPresent(reason -> {
            throw ApiException.invalidParameter("url", "url cannot be called: " + reason);
        });
        Optional<WebhookEndpointView> existing = endpointOf(tenantId, endpointId);
        String secret = existing.isPresent() ? null : StandardWebhooks.newSecret();
        boolean enabled = request.enabled() == null || request.enabled();
        commands.sendAndWait(new ConfigureWebhookEndpoint(endpointId, tenantId, caller.userId(), request.url(),
                request.eventTypes(), enabled, secret));
        catchUp.await("webhook endpoint " + endpointId, () -> endpointOf(tenantId, endpointId)
                .map(e -> e.url().equals(request.url()) && e.enabled() == enabled
                        && e.eventTypes().equals(request.eventTypes())).orElse(false));
        return new EndpointSaved(endpointId, request.url(), request.eventTypes(), enabled, secret);
    }

    public record EndpointWithHealth(WebhookEndpointView endpoint, EndpointHealth health) {
    }

    @GetMapping("/tenants/{tenantId}/webhooks")
    @Operation(summary = "The tenant's endpoints with their delivery health")
    public List<EndpointWithHealth> endpoints(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        List<WebhookEndpointView> endpoints = queries.query(new WebhookEndpointsQuery(tenantId),
                WebhookEndpointList.class).join().endpoints();
        List<EndpointHealth> health = queries.query(new WebhookHealthQuery(tenantId), WebhookHealth.class).join()
                .endpoints();
        return endpoints.stream().map(e -> new EndpointWithHealth(e, health.stream()
                .filter(h -> h.endpointId().equals(e.endpointId())).findFirst()
                .orElse(new EndpointHealth(e.endpointId(), 0, 0, 0, null, null)))).toList();
    }

    @GetMapping("/tenants/{tenantId}/webhook-deliveries")
    @Operation(summary = "The delivery log, newest first, with every try")
    public DeliveryList deliveries(@PathVariable String tenantId, @RequestParam(required = false) String status,
                                   @RequestParam(required = false) String endpointId,
                                   @RequestParam(defaultValue = "50") int limit) {
        access.require(tenantId, Role.TENANT_ADMIN);
        if (status != null && !DELIVERY_STATUSES.contains(status)) {
            throw ApiException.invalidParameter("status", "must be one of " + DELIVERY_STATUSES);
        }
        if (limit < 1 || limit > 200) {
            throw ApiException.invalidParameter("limit", "must be between 1 and 200");
        }
        return queries.query(new WebhookDeliveriesQuery(tenantId, status, endpointId, limit), DeliveryList.class)
                .join();
    }

    @PostMapping("/webhook-deliveries/{deliveryId}/retry")
    @Operation(summary = "Try a delivery again now (a dead-lettered one among others)")
    public ResponseEntity<Void> retry(@PathVariable String deliveryId) {
        Caller caller = access.requireOwnTenant("Deliveries belong to a tenant; your token names none",
                Role.TENANT_ADMIN);
        commands.sendAndWait(new RetryWebhookDelivery(caller.tenantId(), deliveryId));
        return ResponseEntity.accepted().build();
    }

    private Optional<WebhookEndpointView> endpointOf(String tenantId, String endpointId) {
        return queries.query(new WebhookEndpointQuery(tenantId, endpointId),
                ResponseTypes.optionalInstanceOf(WebhookEndpointView.class)).join();
    }
}
