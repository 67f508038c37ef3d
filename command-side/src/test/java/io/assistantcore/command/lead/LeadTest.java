package io.assistantcore.command.lead;

import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.IntentDecider;
import io.assistantcore.messages.lead.LeadCommands.ApproveLeadReply;
import io.assistantcore.messages.lead.LeadCommands.ClassifyLead;
import io.assistantcore.messages.lead.LeadCommands.MarkLeadReplySent;
import io.assistantcore.messages.lead.LeadCommands.RecordLeadFields;
import io.assistantcore.messages.lead.LeadCommands.RecordLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.RequestLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.ReviewLead;
import io.assistantcore.messages.lead.LeadCommands.ScoreLead;
import io.assistantcore.messages.lead.LeadCommands.SubmitLead;
import io.assistantcore.messages.lead.LeadEvents.LeadClassified;
import io.assistantcore.messages.lead.LeadEvents.LeadFieldsExtracted;
import io.assistantcore.messages.lead.LeadEvents.LeadReady;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyApproved;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDraftRequested;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDrafted;
import io.assistantcore.messages.lead.LeadEvents.LeadReplySent;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewRequired;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewed;
import io.assistantcore.messages.lead.LeadEvents.LeadScored;
import io.assistantcore.messages.lead.LeadEvents.LeadSubmitted;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadScore;
import io.assistantcore.messages.lead.ScoringWeights;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.assistantcore.command.Rejections.rejected;

class LeadTest {

    static final String L = "lead-1";
    static final String T = "acme";
    static final String MESSAGE = "Hi, we'd like a quote for 40 seats. Budget around $25k. -- Jane Roe, Initech";
    static final LeadFields STATED = new LeadFields(null, "jane@initech.com", null, null, null);
    static final LeadFields EXTRACTED = new LeadFields("Jane Roe", "jane@initech.com", null, "Initech",
            new Budget(new BigDecimal("25000"), "USD"));
    static final LeadScore SCORE = new LeadScore(78, List.of("intent Sales: 40 of 40"));
    static final LeadSubmitted SUBMITTED = new LeadSubmitted(L, T, "lead:" + L, "form", null, "alice", STATED,
            MESSAGE, 0.7, ScoringWeights.DEFAULT);

    private FixtureConfiguration<Lead> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Lead.class);
    }

    static SubmitLead submit(LeadFields stated, String message) {
        return new SubmitLead(L, T, "form", null, "alice", stated, message, 0.7, ScoringWeights.DEFAULT);
    }

    static LeadClassified classified(double confidence) {
        return new LeadClassified(L, T, LeadIntent.SALES, confidence, IntentDecider.EMBEDDING, "5 of 7", confidence < 0.7);
    }

    static LeadFieldsExtracted extracted() {
        return new LeadFieldsExtracted(L, T, EXTRACTED, EXTRACTED, "rules");
    }

    @Test
    void aSubmittedLeadNamesItselfAsDataSubject() {
        fixture.givenNoPriorActivity()
                .when(submit(STATED, MESSAGE))
                .expectEvents(SUBMITTED);
    }

    @Test
    void aLeadNeedsAMessageAndValidFields() {
        fixture.givenNoPriorActivity().when(submit(STATED, "  "))
                .expectException(rejected(Kind.INVALID, "message"));
        fixture.givenNoPriorActivity().when(submit(new LeadFields(null, "not-an-address", null, null, null), MESSAGE))
                .expectException(rejected(Kind.INVALID, "email"));
        fixture.givenNoPriorActivity().when(submit(STATED, "hello\u0007"))
                .expectException(rejected(Kind.INVALID, "message"));
        fixture.givenNoPriorActivity().when(submit(new LeadFields(null, null, null, null,
                        new Budget(new BigDecimal("-1"), "USD")), MESSAGE))
                .expectException(rejected(Kind.INVALID, "budget"));
    }

    @Test
    void confidenceBelowTheThresholdIsFlaggedAndGoesToReviewOnceScored() {
        fixture.given(SUBMITTED)
                .when(new ClassifyLead(L, LeadIntent.SALES, 0.55, IntentDecider.EMBEDDING, "5 of 7"))
                .expectEvents(classified(0.55));
        fixture.given(SUBMITTED, classified(0.55), extracted())
                .when(new ScoreLead(L, SCORE))
                .expectEvents(new LeadScored(L, T, SCORE), new LeadReviewRequired(L, T, LeadIntent.SALES, 0.55, 0.7));
    }

    @Test
    void aSureLeadIsReadyOnceScored() {
        fixture.given(SUBMITTED, classified(0.9), extracted())
                .when(new ScoreLead(L, SCORE))
                .expectEvents(new LeadScored(L, T, SCORE), new LeadReady(L, T));
    }

    @Test
    void statedFieldsWinOverExtractedOnes() {
        LeadFields found = new LeadFields("Jane Roe", "jane.roe@gmail.com", "+1 415 555 0100", null, null);
        fixture.given(SUBMITTED, classified(0.9))
                .when(new RecordLeadFields(L, found, "rules"))
                .expectEvents(new LeadFieldsExtracted(L, T, found,
                        new LeadFields("Jane Roe", "jane@initech.com", "+1 415 555 0100", null, null), "rules"));
    }

    @Test
    void stepsOutOfOrderOrTwiceAreRefused() {
        fixture.given(SUBMITTED)
                .when(new ScoreLead(L, SCORE))
                .expectException(rejected(Kind.CONFLICT, "out-of-order"));
        fixture.given(SUBMITTED, classified(0.9))
                .when(new ClassifyLead(L, LeadIntent.OTHER, 0.9, IntentDecider.EMBEDDING, "again"))
                .expectException(rejected(Kind.CONFLICT, "out-of-order"));
    }

    @Test
    void aCorrectionCarriesTheMessageAsAnExample() {
        fixture.given(SUBMITTED, classified(0.55), extracted(), new LeadScored(L, T, SCORE),
                        new LeadReviewRequired(L, T, LeadIntent.SALES, 0.55, 0.7))
                .when(new ReviewLead(L, T, "bob", LeadIntent.PARTNERSHIP, null, "reseller"))
                .expectEvents(new LeadReviewed(L, T, "bob", LeadIntent.PARTNERSHIP, true, LeadIntent.SALES,
                        EXTRACTED, "reseller", MESSAGE));
    }

    @Test
    void aConfirmationIsNoExample() {
        fixture.given(SUBMITTED, classified(0.55), extracted(), new LeadScored(L, T, SCORE),
                        new LeadReviewRequired(L, T, LeadIntent.SALES, 0.55, 0.7))
                .when(new ReviewLead(L, T, "bob", LeadIntent.SALES, null, null))
                .expectEvents(new LeadReviewed(L, T, "bob", LeadIntent.SALES, false, LeadIntent.SALES,
                        EXTRACTED, null, null));
    }

    @Test
    void anotherTenantSeesNoLead() {
        fixture.given(SUBMITTED, classified(0.9))
                .when(new ReviewLead(L, "globex", "bob", LeadIntent.OTHER, null, null))
                .expectException(rejected(Kind.NOT_FOUND, "lead"));
    }

    @Test
    void aLeadInReviewGetsNoDraftUntilReviewed() {
        fixture.given(SUBMITTED, classified(0.55), extracted(), new LeadScored(L, T, SCORE),
                        new LeadReviewRequired(L, T, LeadIntent.SALES, 0.55, 0.7))
                .when(new RequestLeadReplyDraft(L, T, "bob", "s1", "g1"))
                .expectException(rejected(Kind.CONFLICT, "lead-needs-review"));
        fixture.given(SUBMITTED, classified(0.55), extracted(), new LeadScored(L, T, SCORE),
                        new LeadReviewRequired(L, T, LeadIntent.SALES, 0.55, 0.7),
                        new LeadReviewed(L, T, "bob", LeadIntent.SALES, false, LeadIntent.SALES, EXTRACTED, null,
                                null))
                .when(new RequestLeadReplyDraft(L, T, "bob", "s1", "g1"))
                .expectEvents(new LeadReplyDraftRequested(L, T, "bob", "s1", "g1"));
    }

    @Test
    void anApprovedEditGoesOutOnceAndIsSentOnce() {
        Object[] drafted = {SUBMITTED, classified(0.9), extracted(), new LeadScored(L, T, SCORE), new LeadReady(L, T),
                new LeadReplyDraftRequested(L, T, "bob", "s1", "g1"), new LeadReplyDrafted(L, T, "g1", "Dear Jane")};
        fixture.given(drafted)
                .when(new ApproveLeadReply(L, T, "bob", "Dear Jane, thanks!"))
                .expectEvents(new LeadReplyApproved(L, T, "bob", "Dear Jane, thanks!", true, "jane@initech.com",
                        "Jane Roe"));
        fixture.given(drafted)
                .when(new ApproveLeadReply(L, T, "bob", null))
                .expectEvents(new LeadReplyApproved(L, T, "bob", "Dear Jane", false, "jane@initech.com",
                        "Jane Roe"));
        fixture.given(SUBMITTED, classified(0.9), extracted(), new LeadScored(L, T, SCORE), new LeadReady(L, T),
                        new LeadReplyDraftRequested(L, T, "bob", "s1", "g1"))
                .when(new RecordLeadReplyDraft(L, "other", "text"))
                .expectException(rejected(Kind.CONFLICT, "not-the-draft"));
        LeadReplyApproved approved = new LeadReplyApproved(L, T, "bob", "Dear Jane", false, null, null);
        fixture.given(SUBMITTED, classified(0.9), extracted(), new LeadScored(L, T, SCORE), new LeadReady(L, T),
                        new LeadReplyDraftRequested(L, T, "bob", "s1", "g1"), new LeadReplyDrafted(L, T, "g1", "x"),
                        approved)
                .when(new MarkLeadReplySent(L, "d1"))
                .expectEvents(new LeadReplySent(L, T, "d1"));
        fixture.given(SUBMITTED, classified(0.9), extracted(), new LeadScored(L, T, SCORE), new LeadReady(L, T),
                        new LeadReplyDraftRequested(L, T, "bob", "s1", "g1"), new LeadReplyDrafted(L, T, "g1", "x"),
                        approved, new LeadReplySent(L, T, "d1"))
                .when(new MarkLeadReplySent(L, "d2"))
                .expectNoEvents();
    }
}
