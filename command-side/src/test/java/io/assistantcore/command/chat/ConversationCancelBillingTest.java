package io.assistantcore.command.chat;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatCommands.CancelReply;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.FailReply;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RecordReplyImage;
import io.assistantcore.messages.chat.ChatCommands.RefuseReply;
import io.assistantcore.messages.chat.ChatEvents.ReplyAwaitingToolCalls;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelledOutputRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyImageRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.chat.ChatEvents.ReplyStreamStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailed;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ToolStep;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tool.ToolCallStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;
import static io.assistantcore.command.chat.ConversationTest.C;
import static io.assistantcore.command.chat.ConversationTest.LEDGER;
import static io.assistantcore.command.chat.ConversationTest.Q1;
import static io.assistantcore.command.chat.ConversationTest.STARTED;
import static io.assistantcore.command.chat.ConversationTest.T;
import static io.assistantcore.command.chat.ConversationTest.U;
import static io.assistantcore.command.chat.ConversationTest.USAGE;
import static io.assistantcore.command.chat.ConversationTest.funded;
import static io.assistantcore.command.chat.ConversationTest.history;
import static io.assistantcore.command.chat.ConversationTest.posted;
import static io.assistantcore.command.chat.ConversationTest.r;
import static io.assistantcore.command.chat.ConversationTest.screened;

/**
 * A cancelled reply is billed for what its attempt consumed, once, and its reservation closes: a picture made for it,
 * the call that condensed its memory, whatever ended it (BRIEF §2b).
 */
class ConversationCancelBillingTest {

    static final Money IMAGE = Money.of("0.04", "USD");
    static final Money SUMMARY = Money.of("0.0002", "USD");
    static final String RES = "res-1";

    private AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
    }

    private static List<Object> asked() {
        return history(STARTED, posted(1, 1, Q1), funded(1, Q1, MemoryInput.EMPTY, RES), screened(1, 1));
    }

    private static ReplyRouted imageRouted() {
        return new ReplyRouted(C, T, r(1), 1, RouteCategory.IMAGE, 0.9, "openai", "gpt-image-1",
                "a picture; image generation", RouteDecider.SEMANTIC);
    }

    private static ReplyStreamStarted imageStream() {
        return new ReplyStreamStarted(C, T, r(1), 1, "openai", "gpt-image-1", "node-a", 0L);
    }

    private static AttemptUsageRecorded cancelledUsage(int attempt, String provider, String model, TokenUsage usage,
                                                       Money cost) {
        return new AttemptUsageRecorded(C, T, r(1), attempt, U, provider, model, usage, cost, UsageOutcome.CANCELLED,
                null, null, LEDGER, RES, true);
    }

    @Test
    void aPictureTheCancelledReplyNoLongerTakesIsBilledWithItsCancelledOutput() {
        List<Object> cancelledWhileDrawing = history(asked(), imageRouted(), imageStream(),
                new ReplyCancelled(C, T, r(1), 1));
        fixture.given(cancelledWhileDrawing)
                .when(new RecordReplyImage(C, r(1), "img-1", "a cat", "openai", "gpt-image-1", IMAGE))
                .expectException(rejected(Kind.CONFLICT, CommandRejectedException.ATTEMPT_CANCELLED))
                .expectNoEvents();
        fixture.given(cancelledWhileDrawing)
                .when(new RecordCancelledReplyOutput(C, r(1), 1, "", TokenUsage.NONE, "openai", "gpt-image-1",
                        IMAGE))
                .expectEvents(cancelledUsage(1, "openai", "gpt-image-1", TokenUsage.NONE, IMAGE),
                        new ReplyCancelledOutputRecorded(C, T, r(1), 1, "", TokenUsage.NONE, "openai",
                                "gpt-image-1"));
    }

    @Test
    void aPictureRecordedBeforeTheCancellationIsBilledWithTheCancelledOutput() {
        fixture.given(history(asked(), imageRouted(), imageStream(),
                        new ReplyImageRecorded(C, T, r(1), 1, "img-1", "a cat", "openai", "gpt-image-1", IMAGE),
                        new ReplyCancelled(C, T, r(1), 1)))
                .when(new CompleteReply(C, r(1), 1, "Here is the picture you asked for.", TokenUsage.NONE, "openai",
                        "gpt-image-1", 900, 1, Money.zero("USD"), null, null))
                .expectException(rejected(Kind.CONFLICT, CommandRejectedException.ATTEMPT_CANCELLED));
        fixture.given(history(asked(), imageRouted(), imageStream(),
                        new ReplyImageRecorded(C, T, r(1), 1, "img-1", "a cat", "openai", "gpt-image-1", IMAGE),
                        new ReplyCancelled(C, T, r(1), 1)))
                .when(new RecordCancelledReplyOutput(C, r(1), 1, "Here is the picture you asked for.",
                        TokenUsage.NONE, "openai", "gpt-image-1", Money.zero("USD")))
                .expectEvents(cancelledUsage(1, "openai", "gpt-image-1", TokenUsage.NONE, IMAGE),
                        new ReplyCancelledOutputRecorded(C, T, r(1), 1, "Here is the picture you asked for.",
                                TokenUsage.NONE, "openai", "gpt-image-1"));
    }

    @Test
    void cancellingAWaitingReplyBillsThePictureItsToolMade() {
        ToolStep call = new ToolStep("call-1", "call_abc", "generate_image", "{}", ToolCallStatus.PROPOSED, null);
        fixture.given(history(asked(), ConversationTest.routed(1, 1), ConversationTest.streaming(1, 1),
                        new AttemptUsageRecorded(C, T, r(1), 1, U, "local", "offline", USAGE, Money.zero("USD"),
                                UsageOutcome.COMPLETED, null, null, LEDGER, RES, false),
                        new ReplyAwaitingToolCalls(C, T, r(1), 1, "", List.of(call), "local", "offline",
                                Set.of("MEMBER")),
                        new ReplyImageRecorded(C, T, r(1), 1, "img-1", "a cat", "openai", "gpt-image-1", IMAGE)))
                .when(new CancelReply(C, T, U, r(1)))
                .expectEvents(new ReplyCancelled(C, T, r(1), 1),
                        cancelledUsage(2, null, null, TokenUsage.NONE, IMAGE));
    }

    @Test
    void aCancellationAfterRoutingWaitsForTheWorkerWhichBillsTheMemorySummary() {
        List<Object> routed = history(asked(), ConversationTest.routed(1, 1));
        fixture.given(routed)
                .when(new CancelReply(C, T, U, r(1)))
                .expectEvents(new ReplyCancelled(C, T, r(1), 1));
        fixture.given(history(routed, new ReplyCancelled(C, T, r(1), 1)))
                .when(ConversationTest.stream(1, 1))
                .expectException(rejected(Kind.CONFLICT, CommandRejectedException.ATTEMPT_CANCELLED));
        fixture.given(history(routed, new ReplyCancelled(C, T, r(1), 1)))
                .when(new RecordCancelledReplyOutput(C, r(1), 1, "", TokenUsage.NONE, null, null, SUMMARY))
                .expectEvents(cancelledUsage(1, null, null, TokenUsage.NONE, SUMMARY),
                        new ReplyCancelledOutputRecorded(C, T, r(1), 1, "", TokenUsage.NONE, null, null));
    }

    @Test
    void aHandedOverAttemptThatRecordedItsMemoryWaitsForItsWorkerToo() {
        fixture.given(history(asked(), ConversationTest.routed(1, 1),
                        new ReplyMemoryApplied(C, T, r(1), 1, 0, 0, false, "", 0, List.of())))
                .when(new CancelReply(C, T, U, r(1)))
                .expectEvents(new ReplyCancelled(C, T, r(1), 1));
    }

    @Test
    void aFailedOverAttemptWaitsForItsWorkerWhichStartsAtTheMemory() {
        List<Object> failedOver = history(asked(), ConversationTest.routed(1, 1), ConversationTest.streaming(1, 1),
                new AttemptUsageRecorded(C, T, r(1), 1, U, "local", "offline", USAGE, Money.zero("USD"),
                        UsageOutcome.FAILED_OVER, null, null, LEDGER, RES, false),
                new io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver(C, T, r(1), 1, "local", "gone", "",
                        USAGE, "openai", 2, ConversationTest.spec(Q1, MemoryInput.EMPTY)));
        fixture.given(failedOver)
                .when(new CancelReply(C, T, U, r(1)))
                .expectEvents(new ReplyCancelled(C, T, r(1), 2));
        fixture.given(history(failedOver, new ReplyCancelled(C, T, r(1), 2)))
                .when(new RecordCancelledReplyOutput(C, r(1), 2, "", TokenUsage.NONE, null, null, SUMMARY))
                .expectEvents(cancelledUsage(2, null, null, TokenUsage.NONE, SUMMARY),
                        new ReplyCancelledOutputRecorded(C, T, r(1), 2, "", TokenUsage.NONE, null, null));
    }

    @Test
    void aCancellationBeforeRoutingClosesAtOnceAndALateOutputChangesNothing() {
        List<Object> cancelled = history(asked(), new ReplyCancelled(C, T, r(1), 1),
                cancelledUsage(1, null, null, TokenUsage.NONE, null));
        fixture.given(asked())
                .when(new CancelReply(C, T, U, r(1)))
                .expectEvents(new ReplyCancelled(C, T, r(1), 1), cancelledUsage(1, null, null, TokenUsage.NONE, null));
        fixture.given(cancelled)
                .when(new RecordCancelledReplyOutput(C, r(1), 1, "", TokenUsage.NONE, null, null, null))
                .expectNoEvents();
    }

    @Test
    void aRefusalAfterTheMemorySummaryIsBilledItsCost() {
        fixture.given(history(asked(), ConversationTest.routed(1, 1)))
                .when(new RefuseReply(C, r(1), 1, RefusalKind.NOT_IN_DOCUMENTS, "Not in the documents.", SUMMARY))
                .expectEvents(new AttemptUsageRecorded(C, T, r(1), 1, U, null, null, TokenUsage.NONE, SUMMARY,
                                UsageOutcome.REFUSED, null, null, LEDGER, RES, true),
                        new ReplyRefused(C, T, r(1), 1, RefusalKind.NOT_IN_DOCUMENTS, "Not in the documents."));
    }

    @Test
    void aFailureWithoutAProviderIsBilledTheCostOfTheCallsBeforeIt() {
        fixture.given(history(asked(), ConversationTest.routed(1, 1)))
                .when(new FailReply(C, r(1), 1, "not available", "", null, null, null, SUMMARY))
                .expectEvents(new AttemptUsageRecorded(C, T, r(1), 1, U, null, null, TokenUsage.NONE, SUMMARY,
                                UsageOutcome.FAILED, null, null, LEDGER, RES, true),
                        new ReplyFailed(C, T, r(1), 1, "not available", "", TokenUsage.NONE, null));
    }

    @Test
    void costsInDifferentCurrenciesAreNotSummedAndTheCallCostStands() {
        assertPlus(Conversation.plus("r", Money.of("1", "USD"), Money.of("2", "EUR")), Money.of("1", "USD"));
        assertPlus(Conversation.plus("r", Money.zero("USD"), Money.of("2", "EUR")), Money.of("2", "EUR"));
        assertPlus(Conversation.plus("r", null, Money.of("2", "EUR")), Money.of("2", "EUR"));
        assertPlus(Conversation.plus("r", Money.of("1", "USD"), Money.of("2", "USD")), Money.of("3", "USD"));
        assertPlus(Conversation.plus("r", Money.of("1", "USD"), null), Money.of("1", "USD"));
    }

    private static void assertPlus(Money actual, Money expected) {
        org.assertj.core.api.Assertions.assertThat(actual.currency()).isEqualTo(expected.currency());
        org.assertj.core.api.Assertions.assertThat(actual.amount()).isEqualByComparingTo(expected.amount());
    }
}
