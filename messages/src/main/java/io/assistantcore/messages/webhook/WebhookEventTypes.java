package io.assistantcore.messages.webhook;

import java.util.List;

/** The event types a tenant's webhook endpoints may subscribe to (API.md "Leads and webhooks"). */
public final class WebhookEventTypes {

    public static final String LEAD_CLASSIFIED = "lead.classified";
    public static final String LEAD_REVIEW_REQUIRED = "lead.review_required";
    public static final String LEAD_REPLY_APPROVED = "lead.reply_approved";
    public static final String SUGGESTION_APPROVED = "suggestion.approved";
    public static final String TOOL_CALL_AWAITING_APPROVAL = "tool_call.awaiting_approval";
    public static final String DOCUMENT_INDEXED = "document.indexed";
    public static final String DOCUMENT_FAILED = "document.failed";
    public static final String BUDGET_THRESHOLD_REACHED = "budget.threshold_reached";

    public static final List<String> ALL = List.of(LEAD_CLASSIFIED, LEAD_REVIEW_REQUIRED, LEAD_REPLY_APPROVED,
            SUGGESTION_APPROVED, TOOL_CALL_AWAITING_APPROVAL, DOCUMENT_INDEXED, DOCUMENT_FAILED,
            BUDGET_THRESHOLD_REACHED);

    private WebhookEventTypes() {
    }
}
