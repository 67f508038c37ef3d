package io.assistantcore.messages.lead;

import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * Events of leads: every step of the workflow is one. The person a lead is about is its own data subject
 * ({@code subjectId} = {@code lead:<leadId>}): forgetting that subject destroys the key of the lead's message,
 * fields, review note and reply.
 */
public final class LeadEvents {

    private LeadEvents() {
    }

    /** The data subject of a lead. */
    public static String subjectOf(String leadId) {
        return "lead:" + leadId;
    }

    @Revision("1")
    public record LeadSubmitted(@DataSubjectOf String leadId, String tenantId, @DataSubject String subjectId,
                                String source, String externalEventId, String submittedBy,
                                @PersonalData LeadFields stated, @PersonalData String message,
                                double reviewBelowConfidence, ScoringWeights scoring) {
    }

    /** {@code lowConfidence}: the confidence is below the lead's threshold, so it will go to review. */
    @Revision("1")
    public record LeadClassified(String leadId, String tenantId, LeadIntent intent, double confidence,
                                 IntentDecider decidedBy, String reason, boolean lowConfidence) {
    }

    /** {@code fields}: what the lead now holds (stated ones over extracted ones). */
    @Revision("1")
    public record LeadFieldsExtracted(@DataSubjectOf String leadId, String tenantId,
                                      @PersonalData LeadFields extracted, @PersonalData LeadFields fields,
                                      String extractedBy) {
    }

    @Revision("1")
    public record LeadScored(String leadId, String tenantId, LeadScore score) {
    }

    /** The classifier was unsure: a person should look at the lead. */
    @Revision("1")
    public record LeadReviewRequired(String leadId, String tenantId, LeadIntent intent, double confidence,
                                     double threshold) {
    }

    /** Scored and sure enough: ready for a reply draft. */
    @Revision("1")
    public record LeadReady(String leadId, String tenantId) {
    }

    /**
     * A person's review. {@code intentCorrected}: the intent differs from the classifier's, so the lead's message
     * (carried here) becomes a labelled example of {@code intent} for the tenant's classifier.
     */
    @Revision("1")
    public record LeadReviewed(@DataSubjectOf String leadId, String tenantId, String userId, LeadIntent intent,
                               boolean intentCorrected, LeadIntent previousIntent, @PersonalData LeadFields fields,
                               @PersonalData String note, @PersonalData String message) {
    }

    @Revision("1")
    public record LeadReplyDraftRequested(String leadId, String tenantId, String userId, String sessionId,
                                          String suggestionId) {
    }

    @Revision("1")
    public record LeadReplyDrafted(@DataSubjectOf String leadId, String tenantId, String suggestionId,
                                   @PersonalData String text) {
    }

    @Revision("1")
    public record LeadReplyDraftFailed(String leadId, String tenantId, String suggestionId, String reason) {
    }

    /** The reply as it goes out; {@code edited}: the person changed the draft. */
    @Revision("1")
    public record LeadReplyApproved(@DataSubjectOf String leadId, String tenantId, String userId,
                                    @PersonalData String text, boolean edited, @PersonalData String email,
                                    @PersonalData String name) {
    }

    @Revision("1")
    public record LeadReplySent(String leadId, String tenantId, String deliveryId) {
    }
}
