package io.assistantcore.command.webhook;

import io.assistantcore.messages.webhook.WebhookEventTypes;
import io.assistantcore.messages.webhook.WebhookMessages;
import io.assistantcore.messages.webhook.WebhookMessages.ConfigureWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.DisableWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointConfigured;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointDisabled;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One outbound webhook endpoint of a tenant: its URL, the event types it receives, whether it is enabled and its
 * signing secret (set when created). Whether the URL may be called (SSRF policy) is decided at each delivery by the
 * outbound client, since a name's addresses can change.
 * <p>
 * Its id is {@code tenantId/endpointId} (an endpoint created before ids were scoped keeps its bare endpoint id).
 * {@link WebhookEndpointCommands} finds the aggregate of the command's tenant and calls it.
 */
@Aggregate
public class WebhookEndpoint {

    static final int MAX_URL = 2_000;
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{24,200}");

    @AggregateIdentifier
    private String aggregateId;
    private String endpointId;
    private String tenantId;
    private boolean enabled;

    protected WebhookEndpoint() {
        // for Axon
    }

    /** Creates the endpoint (as aggregate {@code newAggregateId}) or changes it (that id is then not used). */
    void configure(ConfigureWebhookEndpoint command, String newAggregateId) {
        if (command.endpointId() == null || !ID.matcher(command.endpointId()).matches()) {
            throw invalid("endpointId", "endpointId must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (tenantId != null && (!tenantId.equals(command.tenantId()) || !endpointId.equals(command.endpointId()))) {
            throw notFound("endpoint", "No webhook endpoint '" + command.endpointId() + "'");
        }
        checkUrl(command.url());
        if (command.eventTypes().isEmpty() || command.eventTypes().size() > WebhookEventTypes.ALL.size()
                || new HashSet<>(command.eventTypes()).size() != command.eventTypes().size()
                || !WebhookEventTypes.ALL.containsAll(command.eventTypes())) {
            throw invalid("eventTypes", "eventTypes must name distinct types of " + WebhookEventTypes.ALL);
        }
        if (tenantId == null && command.newSecret() == null) {
            throw invalid("secret", "a new endpoint needs a signing secret");
        }
        if (command.newSecret() != null && !SECRET.matcher(command.newSecret()).matches()) {
            throw invalid("secret", "a signing secret is whsec_ followed by base64");
        }
        apply(new WebhookEndpointConfigured(command.endpointId(), command.tenantId(), WebhookMessages.KEY_OWNER,
                command.userId(), command.url(), command.eventTypes(), command.enabled(), command.newSecret(),
                aggregateId == null ? newAggregateId : aggregateId));
    }

    void disable(DisableWebhookEndpoint command) {
        if (!tenantId.equals(command.tenantId())) {
            throw notFound("endpoint", "No webhook endpoint '" + command.endpointId() + "'");
        }
        if (!enabled) {
            return;
        }
        apply(new WebhookEndpointDisabled(endpointId, tenantId, command.reason() == null ? "disabled"
                : command.reason().substring(0, Math.min(200, command.reason().length()))));
    }

    static void checkUrl(String url) {
        if (url == null || url.length() > MAX_URL) {
            throw invalid("url", "url is required (at most " + MAX_URL + " characters)");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw invalid("url", "url must be an absolute http(s) URL without user info or fragment");
            }
        } catch (URISyntaxException e) {
            throw invalid("url", "url is not a valid URL");
        }
    }

    @EventSourcingHandler
    void on(WebhookEndpointConfigured event) {
        aggregateId = event.aggregateId();
        endpointId = event.endpointId();
        tenantId = event.tenantId();
        enabled = event.enabled();
    }

    @EventSourcingHandler
    void on(WebhookEndpointDisabled event) {
        enabled = false;
    }
}
