package io.assistantcore.ai.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.assist.AssistEvents.SuggestionApproved;
import io.assistantcore.messages.billing.BudgetMessages.BudgetThresholdReached;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentFailed;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentIndexed;
import io.assistantcore.messages.lead.LeadEvents.LeadClassified;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyApproved;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewRequired;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.webhook.WebhookEventTypes;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscriber;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscribers;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscribersQuery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
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
 * <p>
 * Never replayed ({@link DisallowReplay}): a replay would send past events to endpoints registered after them.
 */
@ProcessingGroup(WebhookDispatcher.PROCESSING_GROUP)
@DisallowReplay
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
        dispatch(event.tenantId(), WebhookEventTypes.LEAD_CLASSIFIED, eventId, at, event.leadId(), false, false,
                data -> {
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
                false, data -> {
                    data.put("leadId", event.leadId());
                    data.put("intent", event.intent() == null ? null : event.intent().wireName());
                    data.put("confidence", event.confidence());
                    data.put("threshold", event.threshold());
                });
    }

    @EventHandler
    public void on(LeadReplyApproved event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.LEAD_REPLY_APPROVED, eventId, at, event.leadId(), true,
                true, data -> {
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
        // the approved text is the point of this event (the business application writes it into its field): a
        // personal payload, swept once delivered
        dispatch(event.tenantId(), WebhookEventTypes.SUGGESTION_APPROVED, eventId, at, null, false, true, data -> {
            data.put("sessionId", event.sessionId());
            data.put("suggestionId", event.suggestionId());
            data.put("text", event.finalText());
            data.put("edited", event.edited());
        });
    }

    /** Ids, the tool's name and who may approve; never the call's arguments (personal). */
    @EventHandler
    public void on(ToolCallAwaitingApproval event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.TOOL_CALL_AWAITING_APPROVAL, eventId, at, null, false, false,
                data -> {
                    data.put("toolCallId", event.toolCallId());
                    data.put("conversationId", event.conversationId());
                    data.put("tool", event.tool());
                    data.put("approval", event.approval() == null ? null : event.approval().name());
                    ArrayNode roles = data.putArray("approverRoles");
                    event.approverRoles().stream().map(Enum::name).sorted().forEach(roles::add);
                    data.put("expiresAt", event.expiresAt() == null ? null : event.expiresAt().toString());
                });
    }

    @EventHandler
    public void on(DocumentIndexed event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.DOCUMENT_INDEXED, eventId, at, null, false, false, data -> {
            data.put("documentId", event.fileId());
            data.put("scope", event.scope() == null ? null : event.scope().name());
            data.put("status", "INDEXED");
            data.put("pages", event.pages());
            data.put("chunks", event.chunks());
            data.put("replaces", event.replaces());
        });
    }

    /** The reason is the platform's own explanation (a size limit, a parse failure), never the document's text. */
    @EventHandler
    public void on(DocumentFailed event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.DOCUMENT_FAILED, eventId, at, null, false, false, data -> {
            data.put("documentId", event.fileId());
            data.put("status", "FAILED");
            data.put("reason", event.reason());
        });
    }

    /** Once per month and threshold (80 and 100 %), as the budget ledger records it. */
    @EventHandler
    public void on(BudgetThresholdReached event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        dispatch(event.tenantId(), WebhookEventTypes.BUDGET_THRESHOLD_REACHED, eventId, at, null, false, false,
                data -> {
                    data.put("period", event.period());
                    data.put("percent", event.percent());
                    money(data.putObject("budget"), event.budget());
                    money(data.putObject("spent"), event.spent());
                    money(data.putObject("reserved"), event.reserved());
                });
    }

    private static void money(ObjectNode node, Money money) {
        if (money != null) {
            node.put("amount", money.amount());
            node.put("currency", money.currency());
        }
    }

    /** A forgotten lead: the payloads made for it (its reply, e-mail and name) are swept at once. */
    @EventHandler
    public void on(MemberDataForgotten event) {
        if (event.userId() != null && event.userId().startsWith("lead:")) {
            outbox.sweepLead(event.tenantId(), event.userId().substring("lead:".length()), clock.instant());
        }
    }

    /** @param personal the payload holds personal data: swept once delivered or after the retention */
    private void dispatch(String tenantId, String type, String eventId, Instant at, String leadId,
                          boolean marksLeadSent, boolean personal, Consumer<ObjectNode> fill) {
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
                    marksLeadSent ? leadId : null, personal, clock.instant());
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
