package io.assistantcore.command.assist;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistCommands.Approval;
import io.assistantcore.messages.assist.AssistCommands.ApproveSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CancelSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CompleteSuggestion;
import io.assistantcore.messages.assist.AssistCommands.CopySuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailSuggestion;
import io.assistantcore.messages.assist.AssistCommands.Funding;
import io.assistantcore.messages.assist.AssistCommands.RecordCancelledOutput;
import io.assistantcore.messages.assist.AssistCommands.RegenerateSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RejectSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RequestSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RestartSuggestionAttempt;
import io.assistantcore.messages.assist.AssistCommands.StartAssistSession;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.AttemptBillingAssigned;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.CancelledOutputRecorded;
import io.assistantcore.messages.assist.AssistEvents.ProviderFailedOver;
import io.assistantcore.messages.assist.AssistEvents.SuggestionApproved;
import io.assistantcore.messages.assist.AssistEvents.SuggestionAttemptRestarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCopied;
import io.assistantcore.messages.assist.AssistEvents.SuggestionFailed;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRegenerated;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRejected;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import io.assistantcore.messages.assist.AssistEvents.SuggestionStreamStarted;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.AiPolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;

class AssistSessionTest {

    private static final String S = "session-1";
    private static final String T = "acme";
    private static final String G = "sugg-1";
    private static final FieldRef FIELD = new FieldRef("Account", "42", "description");
    private static final String TEXT = "their is a error in this sentance";
    private static final ContextItem RECORD = new ContextItem("record", "Account", "Acme, enterprise customer");
    private static final ContextItem TAB = new ContextItem("tab", "Notes", "Renewal due in March");
    private static final AiPolicy OPEN = new AiPolicy(EnumSet.allOf(AiAction.class), Set.of(), Set.of("*"), true);
    private static final AssistSessionStarted STARTED = new AssistSessionStarted(S, T, "alice", FIELD, TEXT,
            List.of(RECORD, TAB));
    /** OPEN is built with the 4-argument constructor: exact cache on, semantic cache off. */
    private static final GenerationSpec GRAMMAR = new GenerationSpec(AiAction.FIX_GRAMMAR, null, null, TEXT,
            List.of(RECORD, TAB), true, Set.of(), "v1", true, false);
    private static final SuggestionRequested REQUESTED = new SuggestionRequested(S, T, G, 1, GRAMMAR, null);
    /** The request was not budgeted: who asked is known, there is no reservation. */
    private static final AttemptBillingAssigned BILLED = new AttemptBillingAssigned(S, T, G, 1, "alice", null, null);
    private static final String LEDGER = "acme/2026-11";
    private static final Funding FUNDING = new Funding(LEDGER, "res-1");
    private static final AttemptBillingAssigned FUNDED = new AttemptBillingAssigned(S, T, G, 1, "alice", LEDGER,
            "res-1");
    private static final SuggestionStreamStarted STREAMING = new SuggestionStreamStarted(S, T, G, 1, "local", "offline");
    private static final TokenUsage USAGE = new TokenUsage(12, 8, false);
    private static final Money COST = Money.of("0.0021", "USD");
    private static final String FIXED = "There is an error in this sentence.";
    private static final AttemptUsageRecorded COMPLETED_USAGE = new AttemptUsageRecorded(S, T, G, 1, "alice", "local",
            "offline", USAGE, COST, UsageOutcome.COMPLETED, null, null, null, null, true);
    private static final SuggestionCompleted COMPLETED = new SuggestionCompleted(S, T, G, 1, FIXED, USAGE, "local",
            "offline", 120, 4);
    private static final CompleteSuggestion COMPLETE = new CompleteSuggestion(S, G, 1, FIXED, USAGE, "local",
            "offline", 120, 4, COST, null, null);

    private FixtureConfiguration<AssistSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AssistSession.class);
    }

    private static RequestSuggestion request(AiAction action, Tone tone, String instruction) {
        return new RequestSuggestion(S, T, G, action, tone, instruction, null, false, OPEN, "v1", "alice", null);
    }

    /** Usage of attempt 1 of a suggestion that ends before any model was called. */
    private static AttemptUsageRecorded nothingConsumed(String ledgerId, String reservationId) {
        return new AttemptUsageRecorded(S, T, G, 1, "alice", null, null, TokenUsage.NONE, null,
                UsageOutcome.CANCELLED, null, null, ledgerId, reservationId, true);
    }

    @Nested
    class Start {

        @Test
        void startsASession() {
            fixture.givenNoPriorActivity()
                    .when(new StartAssistSession(S, T, "alice", FIELD, TEXT, List.of(RECORD, TAB)))
                    .expectEvents(STARTED);
        }

        @Test
        void refusesBlankText() {
            fixture.givenNoPriorActivity()
                    .when(new StartAssistSession(S, T, "alice", FIELD, "  ", List.of()))
                    .expectException(rejected(Kind.INVALID, "text"));
        }

        @Test
        void refusesAnIncompleteField() {
            fixture.givenNoPriorActivity()
                    .when(new StartAssistSession(S, T, "alice", new FieldRef("Account", "", "description"), TEXT, List.of()))
                    .expectException(rejected(Kind.INVALID, "field.entityId"));
        }

        @Test
        void refusesMalformedContextKinds() {
            fixture.givenNoPriorActivity()
                    .when(new StartAssistSession(S, T, "alice", FIELD, TEXT,
                            List.of(new ContextItem("Record Details", "x", "y"))))
                    .expectException(rejected(Kind.INVALID, "context[0].kind"));
        }

        @Test
        void refusesTooMuchText() {
            fixture.givenNoPriorActivity()
                    .when(new StartAssistSession(S, T, "alice", FIELD, "x".repeat(20_001), List.of()))
                    .expectException(rejected(Kind.INVALID, "text"));
        }
    }

    @Nested
    class Request {

        @Test
        void requestsWithEveryAllowedContextItem() {
            fixture.given(STARTED)
                    .when(request(AiAction.FIX_GRAMMAR, null, null))
                    .expectEvents(REQUESTED, BILLED);
        }

        @Test
        void togglesPickContextKinds() {
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.SUMMARIZE, null, null, Set.of("tab"), false, OPEN, "v1",
                            "alice", null))
                    .expectEvents(new SuggestionRequested(S, T, G, 1, new GenerationSpec(AiAction.SUMMARIZE, null, null,
                            TEXT, List.of(TAB), true, Set.of(), "v1", true, false), null), BILLED);
        }

        @Test
        void policyFiltersContextKindsThatMayNotLeave() {
            AiPolicy recordOnly = new AiPolicy(EnumSet.allOf(AiAction.class), Set.of("local"), Set.of("record"), false);
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.IMPROVE, null, null, null, false, recordOnly, "v1",
                            "alice", null))
                    .expectEvents(new SuggestionRequested(S, T, G, 1, new GenerationSpec(AiAction.IMPROVE, null, null,
                            TEXT, List.of(RECORD), false, Set.of("local"), "v1", true, false), null), BILLED);
        }

        @Test
        void refusesAToggledKindThePolicyForbids() {
            AiPolicy recordOnly = new AiPolicy(EnumSet.allOf(AiAction.class), Set.of(), Set.of("record"), true);
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.IMPROVE, null, null, Set.of("tab"), false, recordOnly, "v1",
                            "alice", null))
                    .expectException(rejected(Kind.CONFLICT, "context-kind-not-allowed"))
                    .expectNoEvents();
        }

        @Test
        void refusesAToggledKindTheSessionLacks() {
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.IMPROVE, null, null, Set.of("email"), false, OPEN, "v1",
                            "alice", null))
                    .expectException(rejected(Kind.INVALID, "contextKinds"));
        }

        @Test
        void refusesADisabledAction() {
            AiPolicy grammarOnly = new AiPolicy(EnumSet.of(AiAction.FIX_GRAMMAR), Set.of(), Set.of("*"), true);
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.SUMMARIZE, null, null, null, false, grammarOnly, "v1",
                            "alice", null))
                    .expectException(rejected(Kind.CONFLICT, "action-disabled"))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("SUMMARIZE"));
        }

        @Test
        void changeToneNeedsATone() {
            fixture.given(STARTED)
                    .when(request(AiAction.CHANGE_TONE, null, null))
                    .expectException(rejected(Kind.INVALID, "tone"));
        }

        @Test
        void toneOnlyWithChangeTone() {
            fixture.given(STARTED)
                    .when(request(AiAction.IMPROVE, Tone.CASUAL, null))
                    .expectException(rejected(Kind.INVALID, "tone"));
        }

        @Test
        void freePromptNeedsAnInstruction() {
            fixture.given(STARTED)
                    .when(request(AiAction.FREE_PROMPT, null, " "))
                    .expectException(rejected(Kind.INVALID, "instruction"));
        }

        @Test
        void instructionOnlyWithFreePrompt() {
            fixture.given(STARTED)
                    .when(request(AiAction.SHORTEN, null, "make it rhyme"))
                    .expectException(rejected(Kind.INVALID, "instruction"));
        }

        @Test
        void refusesAMissingAction() {
            fixture.given(STARTED)
                    .when(request(null, null, null))
                    .expectException(rejected(Kind.INVALID, "action"));
        }

        @Test
        void refusesADuplicateSuggestionId() {
            fixture.given(STARTED, REQUESTED, BILLED)
                    .when(request(AiAction.FIX_GRAMMAR, null, null))
                    .expectException(rejected(Kind.CONFLICT, "suggestion-exists"));
        }

        @Test
        void anotherTenantsSessionIsNotFound() {
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, "globex", G, AiAction.IMPROVE, null, null, null, false, OPEN, "v1",
                            "alice", null))
                    .expectException(rejected(Kind.NOT_FOUND, "session-not-found"))
                    .expectNoEvents();
        }

        @Test
        void refineWorksOnTheLatestSuggestion() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new RequestSuggestion(S, T, "sugg-2", AiAction.CHANGE_TONE, Tone.FORMAL, null, Set.of(), true,
                            OPEN, "v1", "alice", null))
                    .expectEvents(new SuggestionRequested(S, T, "sugg-2", 1, new GenerationSpec(AiAction.CHANGE_TONE,
                            Tone.FORMAL, null, FIXED, List.of(), true, Set.of(), "v1", true, false), G),
                            new AttemptBillingAssigned(S, T, "sugg-2", 1, "alice", null, null));
        }

        @Test
        void refineNeedsACompletedSuggestion() {
            fixture.given(STARTED, REQUESTED, BILLED)
                    .when(new RequestSuggestion(S, T, "sugg-2", AiAction.SHORTEN, null, null, null, true, OPEN, "v1",
                            "alice", null))
                    .expectException(rejected(Kind.CONFLICT, "nothing-to-refine"));
        }
    }

    @Nested
    class Streaming {

        @Test
        void startsStreaming() {
            fixture.given(STARTED, REQUESTED, BILLED)
                    .when(new StartSuggestionStream(S, G, 1, "local", "offline"))
                    .expectEvents(STREAMING);
        }

        @Test
        void refusesAStaleAttempt() {
            fixture.given(STARTED, REQUESTED, BILLED)
                    .when(new StartSuggestionStream(S, G, 2, "local", "offline"))
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"));
        }

        @Test
        void refusesStartingTwice() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new StartSuggestionStream(S, G, 1, "local", "offline"))
                    .expectException(rejected(Kind.CONFLICT, "attempt-not-startable"));
        }

        @Test
        void completes() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(COMPLETE)
                    .expectEvents(COMPLETED_USAGE, COMPLETED);
        }

        @Test
        void completionAfterCancelIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, new SuggestionCancelled(S, T, G, 1))
                    .when(COMPLETE)
                    .expectException(rejected(Kind.CONFLICT, "attempt-cancelled"));
        }

        @Test
        void fails() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new FailSuggestion(S, G, 1, "provider down", "There", USAGE, "openai", "gpt-4o-mini", COST))
                    .expectEvents(new AttemptUsageRecorded(S, T, G, 1, "alice", "openai", "gpt-4o-mini", USAGE, COST,
                                    UsageOutcome.FAILED, null, null, null, null, true),
                            new SuggestionFailed(S, T, G, 1, "provider down", "There", USAGE, "openai"));
        }

        @Test
        void failsOverToANewAttempt() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new FailOverSuggestion(S, G, 1, "openai", "500", "", null, "local", "gpt-4o-mini", COST))
                    .expectEvents(new AttemptUsageRecorded(S, T, G, 1, "alice", "openai", "gpt-4o-mini",
                                    TokenUsage.NONE, COST, UsageOutcome.FAILED_OVER, null, null, null, null, false),
                            new ProviderFailedOver(S, T, G, 1, "openai", "500", "", TokenUsage.NONE, "local", 2,
                                    GRAMMAR))
                    .expectResultMessagePayload(2);
        }

        @Test
        void restartsAVanishedAttempt() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new RestartSuggestionAttempt(S, G, 1, "worker stopped"))
                    .expectEvents(new SuggestionAttemptRestarted(S, T, G, 2, "worker stopped", GRAMMAR))
                    .expectResultMessagePayload(2);
        }

        @Test
        void restartingAStreamingAttemptRecordsItsEstimatedConsumptionOnceAndKeepsTheReservationOpen() {
            SuggestionStreamStarted remote = new SuggestionStreamStarted(S, T, G, 1, "openai", "gpt-4o", "node-a", 40L);
            fixture.given(STARTED, REQUESTED, FUNDED, remote)
                    // whatever the sender says, a restart's usage is an estimate
                    .when(new RestartSuggestionAttempt(S, G, 1, "its worker's node stopped",
                            new TokenUsage(40, 9, true), COST))
                    .expectEvents(new AttemptUsageRecorded(S, T, G, 1, "alice", "openai", "gpt-4o",
                                    new TokenUsage(40, 9, false), COST, UsageOutcome.ABANDONED, null, null, LEDGER,
                                    "res-1", false),
                            new SuggestionAttemptRestarted(S, T, G, 2, "its worker's node stopped", GRAMMAR))
                    .expectResultMessagePayload(2);
        }

        @Test
        void restartingAnAttemptThatNeverStartedRecordsNoUsage() {
            fixture.given(STARTED, REQUESTED, FUNDED)
                    .when(new RestartSuggestionAttempt(S, G, 1, "no sign", new TokenUsage(40, 0, false), COST))
                    .expectEvents(new SuggestionAttemptRestarted(S, T, G, 2, "no sign", GRAMMAR));
        }

        @Test
        void restartingAnOlderAttemptIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, new SuggestionAttemptRestarted(S, T, G, 2, "x", GRAMMAR))
                    .when(new RestartSuggestionAttempt(S, G, 1, "worker stopped"))
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"));
        }
    }

    @Nested
    class Cancel {

        @Test
        void cancelsAStreamingSuggestion() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new CancelSuggestion(S, T, G))
                    .expectEvents(new SuggestionCancelled(S, T, G, 1));
        }

        @Test
        void cancelAfterCompletionIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new CancelSuggestion(S, T, G))
                    .expectException(rejected(Kind.CONFLICT, "not-cancellable"));
        }

        @Test
        void unknownSuggestionIsNotFound() {
            fixture.given(STARTED)
                    .when(new CancelSuggestion(S, T, "nope"))
                    .expectException(rejected(Kind.NOT_FOUND, "suggestion-not-found"));
        }

        @Test
        void recordsWhatACancelledAttemptProduced() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, new SuggestionCancelled(S, T, G, 1))
                    .when(new RecordCancelledOutput(S, G, 1, "There is", USAGE, "local", "offline", COST))
                    .expectEvents(new AttemptUsageRecorded(S, T, G, 1, "alice", "local", "offline", USAGE, COST,
                                    UsageOutcome.CANCELLED, null, null, null, null, true),
                            new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"));
        }

        @Test
        void cancelledOutputOfARunningAttemptIsRefused() {
            // it would close the reservation and record CANCELLED usage for an attempt that is still streaming
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new RecordCancelledOutput(S, G, 1, "There is", USAGE, "local", "offline", COST))
                    .expectException(rejected(Kind.CONFLICT, "not-cancelled"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Decide {

        @Test
        void approvesAsIs() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new ApproveSuggestion(S, T, G, null))
                    .expectEvents(new SuggestionApproved(S, T, G, 1, FIXED, false))
                    .expectResultMessagePayload(new Approval(FIXED, false));
        }

        @Test
        void approvesWithAnEdit() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new ApproveSuggestion(S, T, G, "There is an error in this line."))
                    .expectEvents(new SuggestionApproved(S, T, G, 1, "There is an error in this line.", true))
                    .expectResultMessagePayload(new Approval("There is an error in this line.", true));
        }

        @Test
        void approveBeforeCompletionIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new ApproveSuggestion(S, T, G, null))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"))
                    .expectNoEvents();
        }

        @Test
        void approveWithABlankEditIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new ApproveSuggestion(S, T, G, " "))
                    .expectException(rejected(Kind.INVALID, "editedText"));
        }

        @Test
        void approveTwiceIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED,
                            new SuggestionApproved(S, T, G, 1, FIXED, false))
                    .when(new ApproveSuggestion(S, T, G, null))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"));
        }

        @Test
        void rejects() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new RejectSuggestion(S, T, G))
                    .expectEvents(new SuggestionRejected(S, T, G, 1));
        }

        @Test
        void rejectAFailedSuggestionIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, new SuggestionFailed(S, T, G, 1, "x", "", USAGE, "local"))
                    .when(new RejectSuggestion(S, T, G))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"));
        }

        @Test
        void copiesACompletedSuggestion() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new CopySuggestion(S, T, G))
                    .expectEvents(new SuggestionCopied(S, T, G, 1));
        }

        @Test
        void copyWithoutTextIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED)
                    .when(new CopySuggestion(S, T, G))
                    .expectException(rejected(Kind.CONFLICT, "nothing-to-copy"));
        }

        @Test
        void anotherTenantCannotApprove() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new ApproveSuggestion(S, "globex", G, null))
                    .expectException(rejected(Kind.NOT_FOUND, "session-not-found"));
        }
    }

    @Nested
    class Regenerate {

        @Test
        void regeneratesACompletedSuggestionAsANewAttempt() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED)
                    .when(new RegenerateSuggestion(S, T, G, "alice", null))
                    .expectEvents(new SuggestionRegenerated(S, T, G, 2, GRAMMAR),
                            new AttemptBillingAssigned(S, T, G, 2, "alice", null, null))
                    .expectResultMessagePayload(2);
        }

        @Test
        void regeneratesARejectedOrFailedOrCancelledSuggestion() {
            AttemptBillingAssigned billed = new AttemptBillingAssigned(S, T, G, 2, "alice", null, null);
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED,
                            new SuggestionRejected(S, T, G, 1))
                    .when(new RegenerateSuggestion(S, T, G, "alice", null))
                    .expectEvents(new SuggestionRegenerated(S, T, G, 2, GRAMMAR), billed);
            fixture.given(STARTED, REQUESTED, BILLED, new AttemptUsageRecorded(S, T, G, 1, "alice", "openai", "gpt-4o",
                                    USAGE, COST, UsageOutcome.FAILED, null, null, null, null, true),
                            new SuggestionFailed(S, T, G, 1, "x", "", USAGE, "openai"))
                    .when(new RegenerateSuggestion(S, T, G, "alice", null))
                    .expectEvents(new SuggestionRegenerated(S, T, G, 2, GRAMMAR), billed);
            fixture.given(STARTED, REQUESTED, BILLED, new SuggestionCancelled(S, T, G, 1), nothingConsumed(null, null))
                    .when(new RegenerateSuggestion(S, T, G, "alice", null))
                    .expectEvents(new SuggestionRegenerated(S, T, G, 2, GRAMMAR), billed);
        }

        @Test
        void regenerateAnApprovedSuggestionIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED,
                            new SuggestionApproved(S, T, G, 1, FIXED, false))
                    .when(new RegenerateSuggestion(S, T, G, "alice", null))
                    .expectException(rejected(Kind.CONFLICT, "suggestion-approved"));
        }

        @Test
        void regenerateWhileRunningIsRefused() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING)
                    .when(new RegenerateSuggestion(S, T, G, "alice", null))
                    .expectException(rejected(Kind.CONFLICT, "suggestion-running"));
        }

        @Test
        void theNewAttemptMustCompleteNotTheOldOne() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED,
                            new SuggestionRegenerated(S, T, G, 2, GRAMMAR))
                    .when(COMPLETE)
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"));
        }

        @Test
        void approvingWaitsForTheNewAttempt() {
            fixture.given(STARTED, REQUESTED, BILLED, STREAMING, COMPLETED_USAGE, COMPLETED,
                            new SuggestionRegenerated(S, T, G, 2, GRAMMAR))
                    .when(new ApproveSuggestion(S, T, G, null))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"));
        }
    }

    /** Who pays for each attempt, and what each attempt consumed (recorded once, before the event that ends it). */
    @Nested
    class Billing {

        private final Funding regenerated = new Funding(LEDGER, "res-2");
        private final SuggestionCancelled cancelled = new SuggestionCancelled(S, T, G, 1);

        private AttemptUsageRecorded usage(int attempt, String userId, String provider, String model,
                                           TokenUsage tokens, Money cost, UsageOutcome outcome, String reservationId,
                                           boolean closes) {
            return new AttemptUsageRecorded(S, T, G, attempt, userId, provider, model, tokens, cost, outcome, null,
                    null, LEDGER, reservationId, closes);
        }

        @Test
        void aRequestAssignsItsFundingAndUserToTheFirstAttempt() {
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.FIX_GRAMMAR, null, null, null, false, OPEN, "v1",
                            "alice", FUNDING))
                    .expectEvents(REQUESTED, FUNDED);
        }

        @Test
        void aRegenerateAssignsItsOwnFundingAndUserToTheNewAttempt() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING,
                            usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-1", true),
                            COMPLETED)
                    .when(new RegenerateSuggestion(S, T, G, "bob", regenerated))
                    .expectEvents(new SuggestionRegenerated(S, T, G, 2, GRAMMAR),
                            new AttemptBillingAssigned(S, T, G, 2, "bob", LEDGER, "res-2"))
                    .expectResultMessagePayload(2);
        }

        @Test
        void theRegeneratedAttemptIsBilledToItsOwnReservation() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING,
                            usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-1", true),
                            COMPLETED, new SuggestionRegenerated(S, T, G, 2, GRAMMAR),
                            new AttemptBillingAssigned(S, T, G, 2, "bob", LEDGER, "res-2"),
                            new SuggestionStreamStarted(S, T, G, 2, "local", "offline"))
                    .when(new CompleteSuggestion(S, G, 2, FIXED, USAGE, "local", "offline", 90, 3, COST, null, null))
                    .expectEvents(usage(2, "bob", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-2",
                                    true),
                            new SuggestionCompleted(S, T, G, 2, FIXED, USAGE, "local", "offline", 90, 3));
        }

        @Test
        void aCompletionRecordsItsUsageOnTheReservationBeforeTheCompletion() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING)
                    .when(COMPLETE)
                    .expectEvents(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-1",
                                    true),
                            COMPLETED);
        }

        @Test
        void aCacheHitRecordsWhereItCameFromAndWhatItSaved() {
            Money zero = Money.zero("USD");
            Money saved = Money.of("0.0042", "USD");
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING)
                    .when(new CompleteSuggestion(S, G, 1, FIXED, TokenUsage.NONE, "local", "offline", 3, 1, zero,
                            "sugg-0#1", saved))
                    .expectEvents(new AttemptUsageRecorded(S, T, G, 1, "alice", "local", "offline", TokenUsage.NONE,
                                    zero, UsageOutcome.COMPLETED, "sugg-0#1", saved, LEDGER, "res-1", true),
                            new SuggestionCompleted(S, T, G, 1, FIXED, TokenUsage.NONE, "local", "offline", 3, 1));
        }

        @Test
        void aCompletionWithoutUsageRecordsNoTokens() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING)
                    .when(new CompleteSuggestion(S, G, 1, FIXED, null, "local", "offline", 120, 4, COST, null, null))
                    .expectEvents(usage(1, "alice", "local", "offline", TokenUsage.NONE, COST, UsageOutcome.COMPLETED,
                                    "res-1", true),
                            new SuggestionCompleted(S, T, G, 1, FIXED, TokenUsage.NONE, "local", "offline", 120, 4));
        }

        @Test
        void aFailureClosesTheReservation() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING)
                    .when(new FailSuggestion(S, G, 1, "timeout", "The", USAGE, "local", "offline", COST))
                    .expectEvents(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.FAILED, "res-1",
                                    true),
                            new SuggestionFailed(S, T, G, 1, "timeout", "The", USAGE, "local"));
        }

        @Test
        void aFailureBeforeAnyModelWasCalledCostsNothing() {
            fixture.given(STARTED, REQUESTED, FUNDED)
                    .when(new FailSuggestion(S, G, 1, "no provider", null, null, null, null, COST))
                    .expectEvents(usage(1, "alice", null, null, TokenUsage.NONE, null, UsageOutcome.FAILED, "res-1",
                                    true),
                            new SuggestionFailed(S, T, G, 1, "no provider", "", TokenUsage.NONE, null));
        }

        @Test
        void aFailoverKeepsTheReservationOpenAndTheNextAttemptStaysOnIt() {
            AttemptUsageRecorded failedOver = usage(1, "alice", "openai", "gpt-4o", USAGE, COST,
                    UsageOutcome.FAILED_OVER, "res-1", false);
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING)
                    .when(new FailOverSuggestion(S, G, 1, "openai", "500", "The", USAGE, "local", "gpt-4o", COST))
                    .expectEvents(failedOver,
                            new ProviderFailedOver(S, T, G, 1, "openai", "500", "The", USAGE, "local", 2, GRAMMAR));
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING, failedOver,
                            new ProviderFailedOver(S, T, G, 1, "openai", "500", "The", USAGE, "local", 2, GRAMMAR),
                            new SuggestionStreamStarted(S, T, G, 2, "local", "offline"))
                    .when(new CompleteSuggestion(S, G, 2, FIXED, USAGE, "local", "offline", 80, 2, COST, null, null))
                    .expectEvents(usage(2, "alice", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-1",
                                    true),
                            new SuggestionCompleted(S, T, G, 2, FIXED, USAGE, "local", "offline", 80, 2));
        }

        @Test
        void aLateCancelledOutputOfAFailedOverAttemptRecordsNoSecondUsage() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING,
                            usage(1, "alice", "openai", "gpt-4o", USAGE, COST, UsageOutcome.FAILED_OVER, "res-1",
                                    false),
                            new ProviderFailedOver(S, T, G, 1, "openai", "500", "The", USAGE, "local", 2, GRAMMAR))
                    .when(new RecordCancelledOutput(S, G, 1, "The", USAGE, "openai", "gpt-4o", COST))
                    .expectEvents(new CancelledOutputRecorded(S, T, G, 1, "The", USAGE, "openai", "gpt-4o"));
        }

        @Test
        void cancellingBeforeStreamingRecordsZeroUsageAfterTheCancellation() {
            fixture.given(STARTED, REQUESTED, FUNDED)
                    .when(new CancelSuggestion(S, T, G))
                    .expectEvents(cancelled, nothingConsumed(LEDGER, "res-1"));
        }

        @Test
        void anUnbudgetedCancellationBeforeStreamingRecordsZeroUsageToo() {
            fixture.given(STARTED, REQUESTED, BILLED)
                    .when(new CancelSuggestion(S, T, G))
                    .expectEvents(cancelled, nothingConsumed(null, null));
        }

        @Test
        void noStreamStartsAfterACancellationBeforeStreaming() {
            fixture.given(STARTED, REQUESTED, FUNDED, cancelled, nothingConsumed(LEDGER, "res-1"))
                    .when(new StartSuggestionStream(S, G, 1, "local", "offline"))
                    .expectException(rejected(Kind.CONFLICT, "attempt-not-startable"))
                    .expectNoEvents();
        }

        @Test
        void cancellingWhileStreamingRecordsNoUsageUntilTheOutputIsRecorded() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING)
                    .when(new CancelSuggestion(S, T, G))
                    .expectEvents(cancelled);
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING, cancelled)
                    .when(new RecordCancelledOutput(S, G, 1, "There is", USAGE, "local", "offline", COST))
                    .expectEvents(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.CANCELLED, "res-1",
                                    true),
                            new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"));
        }

        @Test
        void aSecondCancelledOutputForTheSameAttemptRecordsNoSecondUsage() {
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING, cancelled,
                            usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.CANCELLED, "res-1", true),
                            new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"))
                    .when(new RecordCancelledOutput(S, G, 1, "There is", USAGE, "local", "offline", COST))
                    .expectEvents(new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"));
        }

        /** Attempt 1 cancelled while streaming, then regenerated by bob on res-2 before its output was recorded. */
        private Object[] cancelledThenRegenerated() {
            return new Object[]{STARTED, REQUESTED, FUNDED, STREAMING, cancelled,
                    new SuggestionRegenerated(S, T, G, 2, GRAMMAR),
                    new AttemptBillingAssigned(S, T, G, 2, "bob", LEDGER, "res-2")};
        }

        @Test
        void aLateCancelledOutputOfAnAttemptBeforeARegenerateIsChargedToItsOwnReservation() {
            // the worker records attempt 1's output only after the provider stream closed: by then attempt 2 runs on
            // res-2, which must stay open; the usage is alice's and closes res-1
            fixture.given(cancelledThenRegenerated())
                    .when(new RecordCancelledOutput(S, G, 1, "There is", USAGE, "local", "offline", COST))
                    .expectEvents(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.CANCELLED, "res-1",
                                    true),
                            new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"));
        }

        @Test
        void theRegeneratedAttemptStillCompletesOnItsOwnReservationAfterTheLateCancelledOutput() {
            Object[] given = cancelledThenRegenerated();
            List<Object> history = new java.util.ArrayList<>(List.of(given));
            history.add(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.CANCELLED, "res-1", true));
            history.add(new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"));
            history.add(new SuggestionStreamStarted(S, T, G, 2, "local", "offline"));
            fixture.given(history)
                    .when(new CompleteSuggestion(S, G, 2, FIXED, USAGE, "local", "offline", 90, 3, COST, null, null))
                    .expectEvents(usage(2, "bob", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-2",
                                    true),
                            new SuggestionCompleted(S, T, G, 2, FIXED, USAGE, "local", "offline", 90, 3));
        }

        @Test
        void aRestartedAttemptAfterARegenerateStaysOnTheRegeneratedReservation() {
            Object[] given = cancelledThenRegenerated();
            List<Object> history = new java.util.ArrayList<>(List.of(given));
            history.add(new SuggestionAttemptRestarted(S, T, G, 3, "worker vanished", GRAMMAR));
            history.add(new SuggestionStreamStarted(S, T, G, 3, "local", "offline"));
            fixture.given(history)
                    .when(new CompleteSuggestion(S, G, 3, FIXED, USAGE, "local", "offline", 90, 3, COST, null, null))
                    .expectEvents(usage(3, "bob", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-2",
                                    true),
                            new SuggestionCompleted(S, T, G, 3, FIXED, USAGE, "local", "offline", 90, 3));
        }

        @Test
        void aLateCancelledOutputOfARestartedAttemptLeavesTheSharedReservationOpen() {
            // attempt 2 restarted attempt 1 on the same reservation: attempt 1's usage is charged there, but only
            // the end of attempt 2 closes it
            fixture.given(STARTED, REQUESTED, FUNDED, STREAMING,
                            new SuggestionAttemptRestarted(S, T, G, 2, "worker vanished", GRAMMAR))
                    .when(new RecordCancelledOutput(S, G, 1, "There is", USAGE, "local", "offline", COST))
                    .expectEvents(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.CANCELLED, "res-1",
                                    false),
                            new CancelledOutputRecorded(S, T, G, 1, "There is", USAGE, "local", "offline"));
        }

        @Test
        void billingWithoutAnAttemptPaysForTheCurrentAttempt() {
            fixture.given(STARTED, REQUESTED, new AttemptBillingAssigned(S, T, G, 0, "alice", LEDGER, "res-1"),
                            STREAMING)
                    .when(COMPLETE)
                    .expectEvents(usage(1, "alice", "local", "offline", USAGE, COST, UsageOutcome.COMPLETED, "res-1",
                                    true),
                            COMPLETED);
        }

        @Test
        void theSpecCarriesThePolicysCacheFlags() {
            AiPolicy semanticOnly = new AiPolicy(EnumSet.allOf(AiAction.class), Set.of(), Set.of("*"), true, false,
                    true);
            fixture.given(STARTED)
                    .when(new RequestSuggestion(S, T, G, AiAction.FIX_GRAMMAR, null, null, null, false, semanticOnly,
                            "v1", "alice", null))
                    .expectEvents(new SuggestionRequested(S, T, G, 1, new GenerationSpec(AiAction.FIX_GRAMMAR, null,
                            null, TEXT, List.of(RECORD, TAB), true, Set.of(), "v1", false, true), null), BILLED);
        }
    }
}
