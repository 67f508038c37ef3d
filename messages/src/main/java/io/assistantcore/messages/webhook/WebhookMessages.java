package io.assistantcore.messages.webhook;

import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's outbound webhook endpoints (tenant settings that are data: each change an event) and their deliveries.
 * The signing secret is encrypted in stored events under the tenant's key for webhook secrets, never a person's.
 * An endpoint id is the tenant's own: two tenants may each have an endpoint {@code crm}, and one never learns of the
 * other's. The aggregate of an endpoint is therefore {@link #aggregateId(String, String) tenantId/endpointId}; an
 * endpoint created before ids were scoped keeps the bare endpoint id it was stored under (the command side finds it
 * for its own tenant only).
 */
public final class WebhookMessages {

    /** The data subject whose key protects a tenant's webhook secrets. */
    public static final String KEY_OWNER = "webhook-secrets";

    private WebhookMessages() {
    }

    /** The aggregate id of a tenant's endpoint ({@code tenantId/endpointId}; neither part contains a '/'). */
    public static String aggregateId(String tenantId, String endpointId) {
        return tenantId + "/" + endpointId;
    }

    /**
     * Creates or changes an endpoint. {@code newSecret}: the signing secret ({@code whsec_…}), required when the
     * endpoint is created, null to keep the current one. Handled for the endpoint of that tenant (never another's).
     */
    public record ConfigureWebhookEndpoint(String endpointId, String tenantId,
                                           String userId, String url, List<String> eventTypes, boolean enabled,
                                           String newSecret) {
        public ConfigureWebhookEndpoint {
            eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
        }
    }

    /** The receiver answered 410 Gone: no more deliveries until the tenant enables the endpoint again. */
    public record DisableWebhookEndpoint(String tenantId, String endpointId, String reason) {
    }

    /**
     * {@code secret}: set when created or rotated, null when kept. {@code aggregateId}: the aggregate the event
     * belongs to, {@code tenantId/endpointId}; revision 1 was stored before ids were scoped, under the bare endpoint
     * id ({@link WebhookEndpointScopeUpcaster} names that one).
     */
    @Revision("2")
    public record WebhookEndpointConfigured(String endpointId, String tenantId,
                                            @DataSubject String keyOwner, String userId, String url,
                                            List<String> eventTypes, boolean enabled,
                                            @PersonalData(credential = true) String secret,
                                            @DataSubjectOf String aggregateId) {
        public WebhookEndpointConfigured {
            eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
            if (aggregateId == null) {
                aggregateId = endpointId;
            }
        }
    }

    @Revision("1")
    public record WebhookEndpointDisabled(String endpointId, String tenantId, String reason) {
    }

    /** Asks the delivery worker to try a delivery again now (a dead-lettered or failed one). */
    public record RetryWebhookDelivery(String tenantId, String deliveryId) {
    }

    // --- queries ------------------------------------------------------------------------------------------------

    public record WebhookEndpointsQuery(String tenantId) {
    }

    public record WebhookEndpointQuery(String tenantId, String endpointId) {
    }

    /** The enabled endpoints of a tenant that subscribe to {@code eventType}, with their secrets (delivery only). */
    public record WebhookSubscribersQuery(String tenantId, String eventType) {
    }

    public record WebhookEndpointView(String endpointId, String tenantId, String url, List<String> eventTypes,
                                      boolean enabled, String disabledReason, Instant createdAt, Instant updatedAt) {
    }

    /** An enabled endpoint with its secret (delivery only); empty when it is gone or disabled. */
    public record WebhookSecretQuery(String tenantId, String endpointId) {
    }

    public record WebhookSubscriber(String endpointId, String url, String secret) {
    }

    public record WebhookSubscribers(List<WebhookSubscriber> endpoints) {
    }

    public record WebhookEndpointList(List<WebhookEndpointView> endpoints) {
    }

    /** The delivery log: newest first; null filters match everything. */
    public record WebhookDeliveriesQuery(String tenantId, String status, String endpointId, int limit) {
    }

    /** How an endpoint's deliveries went lately (answered by the delivery worker). */
    public record WebhookHealthQuery(String tenantId) {
    }

    public record EndpointHealth(String endpointId, long delivered, long pending, long deadLettered,
                                 Integer lastStatusCode, Instant lastAttemptAt) {
    }

    public record WebhookHealth(List<EndpointHealth> endpoints) {
    }

    public record DeliveryAttempt(int attempt, Instant at, Integer statusCode, String error) {
    }

    /** {@code status}: PENDING, DELIVERED, FAILED (will be retried), DEAD_LETTERED, CANCELLED (endpoint gone). */
    public record DeliveryView(String deliveryId, String endpointId, String eventType, String eventId,
                               String status, int attempts, Instant nextAttemptAt, Instant createdAt,
                               Instant deliveredAt, List<DeliveryAttempt> log) {
    }

    public record DeliveryList(List<DeliveryView> deliveries) {
    }
}
