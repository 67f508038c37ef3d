package io.assistantcore.ai.webhook;

import io.assistantcore.messages.webhook.WebhookMessages.WebhookSecretQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscriber;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.util.Optional;

/**
 * The signing secret of an enabled endpoint, asked from the query side at each try (so a disabled endpoint stops at
 * once and a rotated secret is used from its next try).
 */
public class WebhookSecrets {

    private final QueryGateway queries;

    public WebhookSecrets(QueryGateway queries) {
        this.queries = queries;
    }

    /** Null when the endpoint is gone or disabled. */
    public String secretOf(String tenantId, String endpointId) {
        Optional<WebhookSubscriber> endpoint = queries.query(new WebhookSecretQuery(tenantId, endpointId),
                ResponseTypes.optionalInstanceOf(WebhookSubscriber.class)).join();
        return endpoint.map(WebhookSubscriber::secret).orElse(null);
    }
}
