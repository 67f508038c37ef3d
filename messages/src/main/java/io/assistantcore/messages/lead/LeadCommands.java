package io.assistantcore.messages.lead;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the Lead aggregate. Commands from the edge name the tenant (a lead of another tenant answers "not
 * found") and the acting user; commands of the workflow (the lead worker) name the lead only.
 */
public final class LeadCommands {

    private LeadCommands() {
    }

    /**
     * A new lead.
     *
     * @param source            where it came from: {@code form}, {@code api} or a CRM's name ({@code hubspot})
     * @param externalEventId   the id of the CRM event that carried it (null: none)
     * @param submittedBy       the user who posted it, or {@code webhook:<source>}
     * @param reviewBelowConfidence the tenant's threshold now
     * @param scoring           the tenant's scoring weights now
     */
    public record SubmitLead(@TargetAggregateIdentifier String leadId, String tenantId, String source,
                             String externalEventId, String submittedBy, LeadFields stated, String message,
                             double reviewBelowConfidence, ScoringWeights scoring) {
    }

    /** The intent and how sure the classifier is. */
    public record ClassifyLead(@TargetAggregateIdentifier String leadId, LeadIntent intent, double confidence,
                               IntentDecider decidedBy, String reason) {
    }

    /** The fields the extractor found in the message (what the submitter stated wins over them). */
    public record RecordLeadFields(@TargetAggregateIdentifier String leadId, LeadFields extracted,
                                   String extractedBy) {
    }

    public record ScoreLead(@TargetAggregateIdentifier String leadId, LeadScore score) {
    }

    /** A person's corrections: the intent and fields given replace the AI's; a changed intent becomes an example. */
    public record ReviewLead(@TargetAggregateIdentifier String leadId, String tenantId, String userId,
                             LeadIntent intent, LeadFields fields, String note) {
    }

    /** A reply draft was asked for: it is the suggestion {@code suggestionId} of the assist session {@code sessionId}. */
    public record RequestLeadReplyDraft(@TargetAggregateIdentifier String leadId, String tenantId, String userId,
                                        String sessionId, String suggestionId) {
    }

    /** The draft's suggestion completed with {@code text}. */
    public record RecordLeadReplyDraft(@TargetAggregateIdentifier String leadId, String suggestionId, String text) {
    }

    /** The draft's suggestion failed or was cancelled; a new draft may be asked for. */
    public record FailLeadReplyDraft(@TargetAggregateIdentifier String leadId, String suggestionId, String reason) {
    }

    /** A person approves the draft, optionally with their edit; it is sent through the lead.reply_approved webhook. */
    public record ApproveLeadReply(@TargetAggregateIdentifier String leadId, String tenantId, String userId,
                                   String editedText) {
    }

    /** The approved reply was delivered to a receiver of {@code lead.reply_approved}. */
    public record MarkLeadReplySent(@TargetAggregateIdentifier String leadId, String deliveryId) {
    }
}
