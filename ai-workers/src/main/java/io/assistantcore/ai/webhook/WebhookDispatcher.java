package io.assistantcore.ai.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.assist.AssistEvents.SuggestionApproved;
import io.assistantcore.messages.lead.LeadEvents.LeadClassified;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyApproved;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewRequired;
import io.assistantcore.messages.webhook.WebhookEventTypes;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscriber;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscribers;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscribersQuery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryGateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Turns the platform's events into outbound webhook deliveries: for each event of a type an enabled endpoint of the
 * tenant subscribes to, one delivery row (its id derived from the event's and the endpoint's ids, so an event handled
 * twice is enqueued once). The {@link WebhookSender} sends them. Payloads follow Standard Webhooks' recommended
 * shape: {@code {type, timestamp, data}}.
 */
@ProcessingGroup(WebhookDispatcher.PROCESSING_GROUP)
public class WebhookDispatcher {

    public static final String PROCESSING_GROUP = "webhook-dispatcher";

    private final QueryGateway queries;
    private final WebhookOutbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final Runnable wake;

    public WebhookDispatcher(QueryGateway queries, WebhookOutbox outbox, ObjectMapper json, Clock clock,
                             Runnable wake) {
        this.queries = queries;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.wake = wake;
    }

    @EventHandler
    public void on(LeadClassified event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.LEAD_CLASSIFIED, eventId, at, event.leadId(), false, data -> {
            data.put("leadId", event.leadId());
            data.put("intent", event.intent().wireName());
            data.put("confidence", event.confidence());
            data.put("decidedBy", event.decidedBy().name());
            data.put("lowConfidence", event.lowConfidence());
        });
    }

    @EventHandler
    public void on(LeadReviewRequired event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.LEAD_REVIEW_REQUIRED, eventId, at, event.leadId(), false,
                data -> {
                    data.put("leadId", event.leadId());
                    data.put("intent", event.intent() == null ? null : event.intent().wireName());
                    data.put("confidence", event.confidence());
                    data.put("threshold", event.threshold());
                });
    }

    @EventHandler
    public void on(LeadReplyApproved event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.LEAD_REPLY_APPROVED, eventId, at, event.leadId(), true,
                data -> {
                    data.put("leadId", event.leadId());
                    data.put("text", event.text());
                    data.put("edited", event.edited());
                    ObjectNode to = data.putObject("to");
                    to.put("email", event.email());
                    to.put("name", event.name());
                    data.put("approvedBy", event.userId());
                });
    }

    @EventHandler
    public void on(SuggestionApproved event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.SUGGESTION_APPROVED, eventId, at, null, false, data -> {
            data.put("sessionId", event.sessionId());
            data.put("suggestionId", event.suggestionId());
            data.put("text", event.finalText());
            data.put("edited", event.edited());
        });
    }

    private void dispatch(String tenantId, String type, String eventId, Instant at, String leadId,
                          boolean marksLeadSent, Consumer<ObjectNode> fill) {
        WebhookSubscribers subscribers = queries.query(new WebhookSubscribersQuery(tenantId, type),
                WebhookSubscribers.class).join();
        if (subscribers.endpoints().isEmpty()) {
            return;
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("type", type);
        payload.put("timestamp", at.toString());
        ObjectNode data = payload.putObject("data");
        fill.accept(data);
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a webhook payload", e);
        }
        boolean any = false;
        for (WebhookSubscriber endpoint : subscribers.endpoints()) {
            String deliveryId = "dlv_" + digest(eventId + "/" + endpoint.endpointId());
            any |= outbox.enqueue(deliveryId, tenantId, endpoint.endpointId(), endpoint.url(), type, eventId,
                    "msg_" + digest(eventId + "/" + endpoint.endpointId() + "/message"), body,
                    marksLeadSent ? leadId : null, clock.instant());
        }
        if (any) {
            wake.run();
        }
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
