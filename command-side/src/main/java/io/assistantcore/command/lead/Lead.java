package io.assistantcore.command.lead;

import io.assistantcore.messages.lead.IntentDecider;
import io.assistantcore.messages.lead.LeadCommands.ApproveLeadReply;
import io.assistantcore.messages.lead.LeadCommands.ClassifyLead;
import io.assistantcore.messages.lead.LeadCommands.FailLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.MarkLeadReplySent;
import io.assistantcore.messages.lead.LeadCommands.RecordLeadFields;
import io.assistantcore.messages.lead.LeadCommands.RecordLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.RequestLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.ReviewLead;
import io.assistantcore.messages.lead.LeadCommands.ScoreLead;
import io.assistantcore.messages.lead.LeadCommands.SubmitLead;
import io.assistantcore.messages.lead.LeadEvents;
import io.assistantcore.messages.lead.LeadEvents.LeadClassified;
import io.assistantcore.messages.lead.LeadEvents.LeadFieldsExtracted;
import io.assistantcore.messages.lead.LeadEvents.LeadReady;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyApproved;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDraftFailed;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDraftRequested;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDrafted;
import io.assistantcore.messages.lead.LeadEvents.LeadReplySent;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewRequired;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewed;
import io.assistantcore.messages.lead.LeadEvents.LeadScored;
import io.assistantcore.messages.lead.LeadEvents.LeadSubmitted;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One inbound lead and its workflow (docs/leads.md): submitted → classified → fields extracted → scored → review
 * required (the classifier was unsure: confidence below the tenant's threshold) or ready → reviewed (a person's
 * corrections) → reply drafted → approved (optionally edited) → sent. The workflow steps are sent by the lead worker
 * in that order, each once; a step that arrives twice or out of order is refused, so a retried step never records
 * twice. A person may review at any time before the reply is approved; a draft may be asked for once the lead is
 * scored (a lead in review needs its review first).
 */
@Aggregate
public class Lead {

    @AggregateIdentifier
    private String leadId;
    private String tenantId;
    private LeadStatus status;
    private double threshold;
    private LeadIntent intent;
    private double confidence;
    private boolean scored;
    private boolean lowConfidence;
    private boolean reviewed;
    private LeadFields fields = LeadFields.EMPTY;
    private String message;
    private String draftSuggestionId;
    private String draftText;
    private boolean approved;
    private boolean sent;

    protected Lead() {
        // for Axon
    }

    @CommandHandler
    public Lead(SubmitLead command) {
        LeadRules.checkId("leadId", command.leadId());
        if (command.tenantId() == null || command.tenantId().isBlank()) {
            throw invalid("tenantId", "a lead belongs to a tenant");
        }
        LeadRules.checkSource(command.source());
        LeadRules.checkExternalId(command.externalEventId());
        LeadRules.checkLine("submittedBy", command.submittedBy(), 255);
        if (command.submittedBy() == null) {
            throw invalid("submittedBy", "who submitted the lead is required");
        }
        LeadRules.checkFields("", command.stated());
        LeadRules.checkText("message", command.message(), LeadRules.MAX_MESSAGE, true);
        LeadRules.checkConfidence("reviewBelowConfidence", command.reviewBelowConfidence());
        LeadRules.checkScoring(command.scoring());
        apply(new LeadSubmitted(command.leadId(), command.tenantId(), LeadEvents.subjectOf(command.leadId()),
                command.source(), command.externalEventId(), command.submittedBy(),
                command.stated() == null ? LeadFields.EMPTY : command.stated(), command.message(),
                command.reviewBelowConfidence(), command.scoring()));
    }

    @CommandHandler
    public void handle(ClassifyLead command) {
        requireStatus("classify", LeadStatus.SUBMITTED);
        if (command.intent() == null) {
            throw invalid("intent", "intent is required: Sales, Support, Partnership or Other");
        }
        LeadRules.checkConfidence("confidence", command.confidence());
        if (command.decidedBy() == null || command.decidedBy() == IntentDecider.REVIEWER) {
            throw invalid("decidedBy", "decidedBy must be LLM or EMBEDDING");
        }
        LeadRules.checkLine("reason", command.reason(), LeadRules.MAX_REASON);
        apply(new LeadClassified(leadId, tenantId, command.intent(), command.confidence(), command.decidedBy(),
                command.reason(), command.confidence() < threshold));
    }

    @CommandHandler
    public void handle(RecordLeadFields command) {
        requireStatus("extract", LeadStatus.CLASSIFIED);
        LeadRules.checkFields("extracted.", command.extracted());
        LeadRules.checkLine("extractedBy", command.extractedBy(), 64);
        LeadFields extracted = command.extracted() == null ? LeadFields.EMPTY : command.extracted();
        apply(new LeadFieldsExtracted(leadId, tenantId, extracted, extracted.overriddenBy(fields),
                command.extractedBy()));
    }

    @CommandHandler
    public void handle(ScoreLead command) {
        requireStatus("score", LeadStatus.EXTRACTED);
        LeadRules.checkScore(command.score());
        apply(new LeadScored(leadId, tenantId, command.score()));
        if (lowConfidence && !reviewed) {
            apply(new LeadReviewRequired(leadId, tenantId, intent, confidence, threshold));
        } else {
            apply(new LeadReady(leadId, tenantId));
        }
    }

    @CommandHandler
    public void handle(ReviewLead command) {
        requireTenant(command.tenantId());
        if (approved) {
            throw conflict("lead-approved", "The lead's reply is already approved; it can no longer be reviewed");
        }
        if (intent == null && command.intent() == null) {
            throw conflict("lead-not-classified", "The lead is not classified yet; name the intent in the review");
        }
        LeadRules.checkFields("fields.", command.fields());
        LeadRules.checkText("note", command.note(), LeadRules.MAX_NOTE, false);
        LeadIntent chosen = command.intent() == null ? intent : command.intent();
        boolean corrected = command.intent() != null && command.intent() != intent;
        LeadFields merged = fields.overriddenBy(command.fields());
        apply(new LeadReviewed(leadId, tenantId, command.userId(), chosen, corrected, intent, merged,
                command.note(), corrected ? message : null));
    }

    @CommandHandler
    public void handle(RequestLeadReplyDraft command) {
        requireTenant(command.tenantId());
        LeadRules.checkId("sessionId", command.sessionId());
        LeadRules.checkId("suggestionId", command.suggestionId());
        if (approved) {
            throw conflict("lead-approved", "The lead's reply is already approved");
        }
        if (status == LeadStatus.DRAFTING) {
            throw conflict("draft-running", "A reply draft is being written (suggestion '" + draftSuggestionId + "')");
        }
        if (!scored) {
            throw conflict("lead-not-scored", "The lead is still being processed (" + status + "); ask again soon");
        }
        if (status == LeadStatus.NEEDS_REVIEW) {
            throw conflict("lead-needs-review", "The classifier was unsure about this lead: review it first");
        }
        apply(new LeadReplyDraftRequested(leadId, tenantId, command.userId(), command.sessionId(),
                command.suggestionId()));
    }

    @CommandHandler
    public void handle(RecordLeadReplyDraft command) {
        requireDraft(command.suggestionId());
        LeadRules.checkText("text", command.text(), LeadRules.MAX_REPLY, true);
        apply(new LeadReplyDrafted(leadId, tenantId, command.suggestionId(), command.text()));
    }

    @CommandHandler
    public void handle(FailLeadReplyDraft command) {
        requireDraft(command.suggestionId());
        LeadRules.checkLine("reason", command.reason(), LeadRules.MAX_REASON);
        apply(new LeadReplyDraftFailed(leadId, tenantId, command.suggestionId(), command.reason()));
    }

    @CommandHandler
    public void handle(ApproveLeadReply command) {
        requireTenant(command.tenantId());
        if (approved) {
            throw conflict("lead-approved", "The lead's reply is already approved");
        }
        if (status != LeadStatus.DRAFTED) {
            throw conflict("no-draft", "There is no completed reply draft to approve (" + status + ")");
        }
        String text = draftText;
        boolean edited = false;
        if (command.editedText() != null) {
            LeadRules.checkText("editedText", command.editedText(), LeadRules.MAX_REPLY, true);
            edited = !command.editedText().equals(draftText);
            text = command.editedText();
        }
        apply(new LeadReplyApproved(leadId, tenantId, command.userId(), text, edited, fields.email(),
                fields.name()));
    }

    @CommandHandler
    public void handle(MarkLeadReplySent command) {
        if (!approved) {
            throw conflict("not-approved", "The lead's reply is not approved");
        }
        if (sent) {
            return; // another receiver got it as well: the first delivery made it sent
        }
        LeadRules.checkId("deliveryId", command.deliveryId());
        apply(new LeadReplySent(leadId, tenantId, command.deliveryId()));
    }

    private void requireTenant(String tenant) {
        if (tenant == null || !tenant.equals(tenantId)) {
            throw notFound("lead", "No lead '" + leadId + "'");
        }
    }

    private void requireStatus(String step, LeadStatus expected) {
        if (status != expected) {
            throw conflict("out-of-order", "Cannot " + step + " the lead: it is " + status + ", not " + expected);
        }
    }

    private void requireDraft(String suggestionId) {
        if (status != LeadStatus.DRAFTING || draftSuggestionId == null || !draftSuggestionId.equals(suggestionId)) {
            throw conflict("not-the-draft", "Suggestion '" + suggestionId + "' is not the lead's running draft");
        }
    }

    // --- state --------------------------------------------------------------------------------------------------

    private static final Set<LeadStatus> BEFORE_SCORING = Set.of(LeadStatus.SUBMITTED, LeadStatus.CLASSIFIED,
            LeadStatus.EXTRACTED);

    @EventSourcingHandler
    void on(LeadSubmitted event) {
        leadId = event.leadId();
        tenantId = event.tenantId();
        threshold = event.reviewBelowConfidence();
        fields = event.stated() == null ? LeadFields.EMPTY : event.stated();
        message = event.message();
        status = LeadStatus.SUBMITTED;
    }

    @EventSourcingHandler
    void on(LeadClassified event) {
        if (!reviewed) {
            intent = event.intent();
            confidence = event.confidence();
            lowConfidence = event.lowConfidence();
        }
        status = LeadStatus.CLASSIFIED;
    }

    @EventSourcingHandler
    void on(LeadFieldsExtracted event) {
        // a review made before extraction keeps its corrections
        fields = reviewed ? event.fields().overriddenBy(fields) : event.fields();
        status = LeadStatus.EXTRACTED;
    }

    @EventSourcingHandler
    void on(LeadScored event) {
        scored = true;
    }

    @EventSourcingHandler
    void on(LeadReviewRequired event) {
        status = LeadStatus.NEEDS_REVIEW;
    }

    @EventSourcingHandler
    void on(LeadReady event) {
        status = reviewed ? LeadStatus.REVIEWED : LeadStatus.READY;
    }

    @EventSourcingHandler
    void on(LeadReviewed event) {
        reviewed = true;
        intent = event.intent();
        lowConfidence = false;
        fields = event.fields();
        if (!BEFORE_SCORING.contains(status) && status != LeadStatus.DRAFTING && status != LeadStatus.DRAFTED) {
            status = LeadStatus.REVIEWED;
        }
    }

    @EventSourcingHandler
    void on(LeadReplyDraftRequested event) {
        draftSuggestionId = event.suggestionId();
        draftText = null;
        status = LeadStatus.DRAFTING;
    }

    @EventSourcingHandler
    void on(LeadReplyDrafted event) {
        draftText = event.text();
        status = LeadStatus.DRAFTED;
    }

    @EventSourcingHandler
    void on(LeadReplyDraftFailed event) {
        draftSuggestionId = null;
        status = reviewed ? LeadStatus.REVIEWED : LeadStatus.READY;
    }

    @EventSourcingHandler
    void on(LeadReplyApproved event) {
        approved = true;
        status = LeadStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(LeadReplySent event) {
        sent = true;
        status = LeadStatus.SENT;
    }
}
