package io.assistantcore.command.chat;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatCommands.CancelReply;
import io.assistantcore.messages.chat.ChatCommands.ClearConversation;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.FailOverReply;
import io.assistantcore.messages.chat.ChatCommands.FailReply;
import io.assistantcore.messages.chat.ChatCommands.Funding;
import io.assistantcore.messages.chat.ChatCommands.GiveReplyFeedback;
import io.assistantcore.messages.chat.ChatCommands.PostUserMessage;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RecordMemory;
import io.assistantcore.messages.chat.ChatCommands.RecordRoute;
import io.assistantcore.messages.chat.ChatCommands.RecordScreening;
import io.assistantcore.messages.chat.ChatCommands.RefuseReply;
import io.assistantcore.messages.chat.ChatCommands.RegenerateReply;
import io.assistantcore.messages.chat.ChatCommands.RenameConversation;
import io.assistantcore.messages.chat.ChatCommands.RestartReplyAttempt;
import io.assistantcore.messages.chat.ChatCommands.StartConversation;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.ChatEvents.ConversationCleared;
import io.assistantcore.messages.chat.ChatEvents.ConversationRenamed;
import io.assistantcore.messages.chat.ChatEvents.ConversationStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyAttemptRestarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelledOutputRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailed;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver;
import io.assistantcore.messages.chat.ChatEvents.ReplyFeedbackGiven;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatEvents.ReplyRegenerated;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatEvents.ReplyStreamStarted;
import io.assistantcore.messages.chat.ChatEvents.UserMessagePosted;
import io.assistantcore.messages.chat.FeedbackRating;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.assistantcore.command.Rejections.rejected;

class ConversationTest {

    static final String C = "conv-1";
    static final String T = "acme";
    static final String U = "alice";
    static final String LEDGER = "acme/2026-11";
    static final RoutingRules RULES = new RoutingRules(Map.of(RouteCategory.CODE,
            new Route("anthropic", "claude-sonnet-4-5")), null, List.of("politics"), false);
    static final TokenUsage USAGE = new TokenUsage(40, 12, true);
    static final Money COST = Money.of("0.0031", "USD");
    static final ConversationStarted STARTED = new ConversationStarted(C, T, U, "Trip to Lisbon", "none", List.of());
    static final ConversationStarted STARTED_WITH_DOCUMENTS = new ConversationStarted(C, T, U, "Handbook", "tenant",
            List.of("search_knowledge"));

    static final String Q1 = "I'm Alice and I plan a trip to Lisbon in May. What should I pack?";
    static final String A1 = "Light layers, comfortable shoes and a light rain jacket.";
    static final String Q2 = "And which neighbourhood should I stay in?";
    static final String A2 = "Alfama for charm, Baixa for convenience.";
    static final String Q3 = "How do I get there from the airport?";

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
    }

    // --- commands -----------------------------------------------------------------------------------------------

    static String m(int n) {
        return "m" + n;
    }

    static String r(int n) {
        return "r" + n;
    }

    static PostUserMessage post(int n, String text) {
        return post(n, text, null);
    }

    static PostUserMessage post(int n, String text, Funding funding) {
        return new PostUserMessage(C, T, U, m(n), r(n), text, List.of(), null, true, Set.of("local"), RULES,
                "chat-v1", funding);
    }

    static RecordScreening screen(int n, int attempt, ScreeningVerdict verdict) {
        return new RecordScreening(C, r(n), attempt, verdict, verdict == ScreeningVerdict.BLOCK
                ? "prompt_injection" : "none", verdict == ScreeningVerdict.BLOCK ? 0.97 : 0.02, "screened locally");
    }

    static RecordRoute route(int n, int attempt) {
        return new RecordRoute(C, r(n), attempt, RouteCategory.GENERAL, 0.82, "local", "offline",
                "an everyday question", RouteDecider.SEMANTIC);
    }

    static RecordMemory memory(int n, int through, int condensed, String summary, List<ProfileFact> profile) {
        return new RecordMemory(C, r(n), 1, 1, condensed, false, summary, through, profile);
    }

    static StartReplyStream stream(int n, int attempt) {
        return new StartReplyStream(C, r(n), attempt, "local", "offline", "node-a", 40L);
    }

    static CompleteReply complete(int n, int attempt, String text) {
        return new CompleteReply(C, r(n), attempt, text, USAGE, "local", "offline", 120, 4, COST, null, null);
    }

    /** The worker's whole run of one reply, ending in its completion. */
    static List<Object> answer(int n, String text) {
        return List.of(screen(n, 1, ScreeningVerdict.ALLOW), route(n, 1), stream(n, 1), complete(n, 1, text));
    }

    // --- events -------------------------------------------------------------------------------------------------

    static ReplySpec spec(String text, MemoryInput memory) {
        return new ReplySpec(text, List.of(), null, memory, true, Set.of("local"), RULES, "chat-v1", "none",
                List.of());
    }

    static UserMessagePosted posted(int turn, int n, String text) {
        return new UserMessagePosted(C, T, U, m(n), r(n), turn, text, List.of());
    }

    static ReplyRequested requested(int n, String text, MemoryInput memory) {
        return new ReplyRequested(C, T, r(n), m(n), 1, spec(text, memory), U, null, null);
    }

    static ReplyRequested funded(int n, String text, MemoryInput memory, String reservationId) {
        return new ReplyRequested(C, T, r(n), m(n), 1, spec(text, memory), U, LEDGER, reservationId);
    }

    static ReplyScreened screened(int n, int attempt) {
        return new ReplyScreened(C, T, r(n), attempt, ScreeningVerdict.ALLOW, "none", 0.02, "screened locally");
    }

    static ReplyScreened blocked(int n) {
        return new ReplyScreened(C, T, r(n), 1, ScreeningVerdict.BLOCK, "prompt_injection", 0.97,
                "screened locally");
    }

    static ReplyRouted routed(int n, int attempt) {
        return new ReplyRouted(C, T, r(n), attempt, RouteCategory.GENERAL, 0.82, "local", "offline",
                "an everyday question", RouteDecider.SEMANTIC);
    }

    static ReplyStreamStarted streaming(int n, int attempt) {
        return new ReplyStreamStarted(C, T, r(n), attempt, "local", "offline", "node-a", 40L);
    }

    static AttemptUsageRecorded usage(int n, int attempt, UsageOutcome outcome, boolean closes) {
        return new AttemptUsageRecorded(C, T, r(n), attempt, U, "local", "offline", USAGE, COST, outcome, null, null,
                null, null, closes);
    }

    /** What an attempt that ended before any model was called records. */
    static AttemptUsageRecorded nothingConsumed(int n, int attempt, UsageOutcome outcome, String ledgerId,
                                                String reservationId) {
        return new AttemptUsageRecorded(C, T, r(n), attempt, U, null, null, TokenUsage.NONE, null, outcome, null,
                null, ledgerId, reservationId, true);
    }

    static ReplyCompleted completed(int n, int attempt, String text) {
        return new ReplyCompleted(C, T, r(n), attempt, text, USAGE, "local", "offline", 120, 4, null);
    }

    /** The events of a message whose reply is running (PENDING). */
    static List<Object> asked(int turn, int n, String text, MemoryInput memory) {
        return List.of(posted(turn, n, text), requested(n, text, memory));
    }

    /** The events of a message whose reply is streaming. */
    static List<Object> streamingReply(int turn, int n, String text, MemoryInput memory) {
        return List.of(posted(turn, n, text), requested(n, text, memory), screened(n, 1), routed(n, 1),
                streaming(n, 1));
    }

    /** The events of a message answered in full. */
    static List<Object> answered(int turn, int n, String text, MemoryInput memory, String answer) {
        List<Object> events = new ArrayList<>(streamingReply(turn, n, text, memory));
        events.add(usage(n, 1, UsageOutcome.COMPLETED, true));
        events.add(completed(n, 1, answer));
        return events;
    }

    static List<Object> history(Object... parts) {
        List<Object> events = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                events.addAll(list);
            } else {
                events.add(part);
            }
        }
        return events;
    }

    static MemoryInput window(Turn... turns) {
        return new MemoryInput("", List.of(), Arrays.asList(turns), 0);
    }

    /** Started, and turn 1 answered. */
    static List<Object> oneTurn() {
        return history(STARTED, answered(1, 1, Q1, MemoryInput.EMPTY, A1));
    }

    /** Started, and turns 1 and 2 answered. */
    static List<Object> twoTurns() {
        return history(oneTurn(), answered(2, 2, Q2, window(new Turn(1, Q1, A1)), A2));
    }

    @Nested
    class Start {

        @Test
        void startsAConversationWithoutDocumentsByDefault() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, "  Trip to Lisbon ", null, null))
                    .expectEvents(STARTED);
        }

        @Test
        void startsAConversationOnTheTenantsDocumentsWithTools() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, "Handbook", "tenant", List.of("search_knowledge")))
                    .expectEvents(STARTED_WITH_DOCUMENTS);
        }

        @Test
        void theTitleIsOptional() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, " ", "none", List.of()))
                    .expectEvents(new ConversationStarted(C, T, U, null, "none", List.of()));
        }

        @Test
        void refusesAnOverlongTitleOrOneWithControlCharacters() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, "x".repeat(201), null, null))
                    .expectException(rejected(Kind.INVALID, "title"));
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, "Trip\nto Lisbon", null, null))
                    .expectException(rejected(Kind.INVALID, "title"));
        }

        @Test
        void refusesUnknownKnowledge() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, null, "web", null))
                    .expectException(rejected(Kind.INVALID, "knowledge"));
        }

        @Test
        void refusesMalformedDuplicateOrTooManyTools() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, null, null, List.of("Search Knowledge")))
                    .expectException(rejected(Kind.INVALID, "tools"));
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, null, null, List.of("crm", "crm")))
                    .expectException(rejected(Kind.INVALID, "tools"));
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, U, null, null,
                            IntStream.range(0, 21).mapToObj(i -> "tool" + i).toList()))
                    .expectException(rejected(Kind.INVALID, "tools"));
        }

        @Test
        void refusesAMissingTenantOrUserOrAMalformedId() {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, " ", U, null, null, null))
                    .expectException(rejected(Kind.INVALID, "tenantId"));
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(C, T, "al ice", null, null, null))
                    .expectException(rejected(Kind.INVALID, "userId"));
            fixture.givenNoPriorActivity()
                    .when(new StartConversation("conv 1", T, U, null, null, null))
                    .expectException(rejected(Kind.INVALID, "conversationId"));
        }
    }

    @Nested
    class Rename {

        @Test
        void renames() {
            fixture.given(STARTED)
                    .when(new RenameConversation(C, T, U, " Lisbon in May "))
                    .expectEvents(new ConversationRenamed(C, T, "Lisbon in May"));
        }

        @Test
        void refusesABlankTitle() {
            fixture.given(STARTED)
                    .when(new RenameConversation(C, T, U, ""))
                    .expectException(rejected(Kind.INVALID, "title"));
        }

        @Test
        void anotherUserOrTenantFindsNoConversation() {
            fixture.given(STARTED)
                    .when(new RenameConversation(C, T, "bob", "mine now"))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"))
                    .expectNoEvents();
            fixture.given(STARTED)
                    .when(new RenameConversation(C, "globex", U, "mine now"))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
        }
    }

    @Nested
    class Post {

        @Test
        void theFirstMessageIsTurnOneAndItsReplyStartsWithEmptyMemory() {
            fixture.given(STARTED)
                    .when(post(1, Q1))
                    .expectEvents(posted(1, 1, Q1), requested(1, Q1, MemoryInput.EMPTY));
        }

        @Test
        void theReplyNamesWhoAskedAndTheReservationPayingForIt() {
            fixture.given(STARTED)
                    .when(post(1, Q1, new Funding(LEDGER, "res-1")))
                    .expectEvents(posted(1, 1, Q1), funded(1, Q1, MemoryInput.EMPTY, "res-1"));
        }

        @Test
        void theSpecCarriesAttachmentsRouteTheTenantsPolicyAndTheConversationsSettings() {
            RoutingRules reuse = new RoutingRules(Map.of(), null, List.of(), true);
            fixture.given(STARTED_WITH_DOCUMENTS)
                    .when(new PostUserMessage(C, T, U, m(1), r(1), "Summarise chapter 2\n\tplease", List.of("file-7"),
                            RouteCategory.LONG_CONTEXT, false, Set.of("openai", "local"), reuse, "chat-v2", null))
                    .expectEvents(new UserMessagePosted(C, T, U, m(1), r(1), 1, "Summarise chapter 2\n\tplease",
                                    List.of("file-7")),
                            new ReplyRequested(C, T, r(1), m(1), 1, new ReplySpec("Summarise chapter 2\n\tplease",
                                    List.of("file-7"), RouteCategory.LONG_CONTEXT, MemoryInput.EMPTY, false,
                                    Set.of("openai", "local"), reuse, "chat-v2", "tenant",
                                    List.of("search_knowledge")), U, null, null));
        }

        @Test
        void anotherUserOrTenantFindsNoConversation() {
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, T, "bob", m(1), r(1), Q1, List.of(), null, true, Set.of(), RULES,
                            "chat-v1", null))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"))
                    .expectNoEvents();
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, "globex", U, m(1), r(1), Q1, List.of(), null, true, Set.of(), RULES,
                            "chat-v1", null))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
        }

        @Test
        void refusedWhileTheReplyIsPending() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(post(2, Q2))
                    .expectException(rejected(Kind.CONFLICT, "reply-running"))
                    .expectNoEvents();
        }

        @Test
        void refusedWhileTheReplyStreams() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(post(2, Q2))
                    .expectException(rejected(Kind.CONFLICT, "reply-running"));
        }

        @Test
        void refusedWhileARegeneratedReplyRuns() {
            fixture.given(history(oneTurn(), new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY),
                            U, null, null)))
                    .when(post(2, Q2))
                    .expectException(rejected(Kind.CONFLICT, "reply-running"));
        }

        @Test
        void acceptedOnceTheReplyFailedAndTheFailedTurnIsNotInTheMemory() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                            usage(1, 1, UsageOutcome.FAILED, true),
                            new ReplyFailed(C, T, r(1), 1, "provider down", "", USAGE, "local")))
                    .when(post(2, Q2))
                    .expectEvents(posted(2, 2, Q2), requested(2, Q2, MemoryInput.EMPTY));
        }

        @Test
        void refusesBlankOverlongOrControlCharacterText() {
            fixture.given(STARTED).when(post(1, "  \n")).expectException(rejected(Kind.INVALID, "text"));
            fixture.given(STARTED).when(post(1, "x".repeat(100_001))).expectException(rejected(Kind.INVALID, "text"));
            fixture.given(STARTED).when(post(1, "hi\u0000there")).expectException(rejected(Kind.INVALID, "text"));
            fixture.given(STARTED).when(post(1, "hi\u001b[31m")).expectException(rejected(Kind.INVALID, "text"));
        }

        @Test
        void acceptsALongMessage() {
            String pasted = "Lorem ipsum dolor sit amet. ".repeat(3_500);
            fixture.given(STARTED)
                    .when(post(1, pasted))
                    .expectEvents(posted(1, 1, pasted), requested(1, pasted, MemoryInput.EMPTY));
        }

        @Test
        void refusesADuplicateReplyOrMessageId() {
            fixture.given(oneTurn())
                    .when(new PostUserMessage(C, T, U, m(2), r(1), Q2, List.of(), null, true, Set.of(), RULES,
                            "chat-v1", null))
                    .expectException(rejected(Kind.CONFLICT, "reply-exists"));
            fixture.given(oneTurn())
                    .when(new PostUserMessage(C, T, U, m(1), r(2), Q2, List.of(), null, true, Set.of(), RULES,
                            "chat-v1", null))
                    .expectException(rejected(Kind.CONFLICT, "message-exists"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "reply 2", "-r2", "r2\n"})
        void refusesAMalformedReplyId(String replyId) {
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, T, U, m(1), replyId, Q1, List.of(), null, true, Set.of(), RULES,
                            "chat-v1", null))
                    .expectException(rejected(Kind.INVALID, "replyId"));
        }

        @Test
        void refusesNotAllowedAsARoute() {
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, T, U, m(1), r(1), Q1, List.of(), RouteCategory.NOT_ALLOWED, true,
                            Set.of(), RULES, "chat-v1", null))
                    .expectException(rejected(Kind.INVALID, "route"));
        }

        @Test
        void refusesTooManyOrMalformedAttachments() {
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, T, U, m(1), r(1), Q1,
                            IntStream.range(0, 11).mapToObj(i -> "file-" + i).toList(), null, true, Set.of(), RULES,
                            "chat-v1", null))
                    .expectException(rejected(Kind.INVALID, "attachments"));
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, T, U, m(1), r(1), Q1, List.of("../etc/passwd"), null, true,
                            Set.of(), RULES, "chat-v1", null))
                    .expectException(rejected(Kind.INVALID, "attachments"));
        }

        @Test
        void refusesAMissingPromptVersion() {
            fixture.given(STARTED)
                    .when(new PostUserMessage(C, T, U, m(1), r(1), Q1, List.of(), null, true, Set.of(), RULES, null,
                            null))
                    .expectException(rejected(Kind.INVALID, "promptVersion"));
        }
    }

    @Nested
    class Screening {

        @Test
        void anAllowedMessageIsScreened() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(screen(1, 1, ScreeningVerdict.ALLOW))
                    .expectEvents(screened(1, 1));
        }

        @Test
        void aBlockIsRecorded() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(screen(1, 1, ScreeningVerdict.BLOCK))
                    .expectEvents(blocked(1));
        }

        @Test
        void aFlaggedMessageGoesOnToRouting() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY),
                            new ReplyScreened(C, T, r(1), 1, ScreeningVerdict.FLAG, "role_play", 0.5, "unsure")))
                    .when(route(1, 1))
                    .expectEvents(routed(1, 1));
        }

        @Test
        void aBlockedMessageCanOnlyBeRefused() {
            List<Object> given = history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), blocked(1));
            fixture.given(given).when(route(1, 1))
                    .expectException(rejected(Kind.CONFLICT, "screening-blocked"));
            fixture.given(given).when(memory(1, 0, 0, "", List.of()))
                    .expectException(rejected(Kind.CONFLICT, "screening-blocked"));
            fixture.given(given).when(stream(1, 1))
                    .expectException(rejected(Kind.CONFLICT, "screening-blocked"));
            fixture.given(given)
                    .when(new RefuseReply(C, r(1), 1, RefusalKind.INJECTION, "This looks like an attempt to "
                            + "override the assistant's instructions."))
                    .expectEvents(nothingConsumed(1, 1, UsageOutcome.REFUSED, null, null),
                            new ReplyRefused(C, T, r(1), 1, RefusalKind.INJECTION, "This looks like an attempt to "
                                    + "override the assistant's instructions."));
        }

        @Test
        void screeningTwiceIsOutOfOrder() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1)))
                    .when(screen(1, 1, ScreeningVerdict.ALLOW))
                    .expectException(rejected(Kind.CONFLICT, "out-of-order"));
        }

        @Test
        void refusesAScoreOutsideZeroToOneOrAMissingVerdict() {
            List<Object> given = history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY));
            fixture.given(given)
                    .when(new RecordScreening(C, r(1), 1, ScreeningVerdict.ALLOW, "none", 1.5, null))
                    .expectException(rejected(Kind.INVALID, "score"));
            fixture.given(given)
                    .when(new RecordScreening(C, r(1), 1, ScreeningVerdict.ALLOW, "none", Double.NaN, null))
                    .expectException(rejected(Kind.INVALID, "score"));
            fixture.given(given)
                    .when(new RecordScreening(C, r(1), 1, null, "none", 0.1, null))
                    .expectException(rejected(Kind.INVALID, "verdict"));
        }
    }

    /** Every worker command names its attempt; one for another attempt, or a finished one, changes nothing. */
    @Nested
    class WorkerAttempts {

        private final List<Object> failedOver = history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                usage(1, 1, UsageOutcome.FAILED_OVER, false), new ReplyFailedOver(C, T, r(1), 1, "local", "down",
                        "", USAGE, "openai", 2, spec(Q1, MemoryInput.EMPTY)));

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 3})
        void everyWorkerCommandOfAnotherAttemptIsRefusedAsStale(int attempt) {
            for (Object command : List.of(screen(1, attempt, ScreeningVerdict.ALLOW), route(1, attempt),
                    new RecordMemory(C, r(1), attempt, 0, 0, false, "", 0, List.of()), stream(1, attempt),
                    complete(1, attempt, A1), new RefuseReply(C, r(1), attempt, RefusalKind.POLICY, "no"),
                    new FailReply(C, r(1), attempt, "x", null, null, null, null, null),
                    new FailOverReply(C, r(1), attempt, "openai", "x", null, null, null, "local"))) {
                fixture.given(failedOver)
                        .when(command)
                        .expectException(rejected(Kind.CONFLICT, "stale-attempt"))
                        .expectNoEvents();
            }
        }

        @Test
        void everyWorkerCommandOfAFinishedAttemptIsRefused() {
            for (Object command : List.of(screen(1, 1, ScreeningVerdict.ALLOW), route(1, 1),
                    memory(1, 0, 0, "", List.of()), stream(1, 1), complete(1, 1, A1),
                    new RefuseReply(C, r(1), 1, RefusalKind.POLICY, "no"),
                    new FailReply(C, r(1), 1, "x", null, null, null, null, null),
                    new FailOverReply(C, r(1), 1, "local", "x", null, null, null, "openai"))) {
                fixture.given(oneTurn())
                        .when(command)
                        .expectException(rejected(Kind.CONFLICT, "attempt-finished"))
                        .expectNoEvents();
            }
        }

        @Test
        void anUnknownReplyIsNotFound() {
            fixture.given(STARTED)
                    .when(stream(9, 1))
                    .expectException(rejected(Kind.NOT_FOUND, "reply-not-found"));
        }
    }

    @Nested
    class Routing {

        @Test
        void routesAScreenedMessage() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1)))
                    .when(route(1, 1))
                    .expectEvents(routed(1, 1));
        }

        @Test
        void withoutDocumentsARoutedReplyIsReadyToStream() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1), routed(1, 1)))
                    .when(stream(1, 1))
                    .expectEvents(streaming(1, 1));
        }

        @Test
        void withDocumentsARoutedReplyRetrievesAndCannotBeRoutedAgain() {
            ReplyRequested request = new ReplyRequested(C, T, r(1), m(1), 1, new ReplySpec(Q1, List.of(), null,
                    MemoryInput.EMPTY, true, Set.of(), RULES, "chat-v1", "tenant", List.of("search_knowledge")), U,
                    null, null);
            List<Object> given = history(STARTED_WITH_DOCUMENTS, posted(1, 1, Q1), request, screened(1, 1),
                    routed(1, 1));
            fixture.given(given)
                    .when(route(1, 1))
                    .expectException(rejected(Kind.CONFLICT, "out-of-order"));
            fixture.given(given)
                    .when(stream(1, 1))
                    .expectEvents(streaming(1, 1));
        }

        @Test
        void routingAStreamingReplyIsOutOfOrder() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(route(1, 1))
                    .expectException(rejected(Kind.CONFLICT, "out-of-order"));
        }

        @Test
        void refusesAMissingCategoryOrAConfidenceOutOfRange() {
            List<Object> given = history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1));
            fixture.given(given)
                    .when(new RecordRoute(C, r(1), 1, null, 0.5, "local", "offline", "x", RouteDecider.SEMANTIC))
                    .expectException(rejected(Kind.INVALID, "category"));
            fixture.given(given)
                    .when(new RecordRoute(C, r(1), 1, RouteCategory.CODE, -0.1, "local", "offline", "x",
                            RouteDecider.SEMANTIC))
                    .expectException(rejected(Kind.INVALID, "confidence"));
            fixture.given(given)
                    .when(new RecordRoute(C, r(1), 1, RouteCategory.CODE, 0.5, "local", "offline", "x".repeat(1_001),
                            RouteDecider.SEMANTIC))
                    .expectException(rejected(Kind.INVALID, "reason"));
            fixture.given(given)
                    .when(new RecordRoute(C, r(1), 1, RouteCategory.CODE, 0.5, "local", "offline", "x", null))
                    .expectException(rejected(Kind.INVALID, "decidedBy"));
        }
    }

    @Nested
    class MemoryRecording {

        private final List<Object> secondAsked = history(oneTurn(),
                asked(2, 2, Q2, window(new Turn(1, Q1, A1))), screened(2, 1), routed(2, 1));

        @Test
        void recordsWhatTheMemoryDidForThePrompt() {
            List<ProfileFact> profile = List.of(new ProfileFact("name", "Alice"));
            fixture.given(secondAsked)
                    .when(memory(2, 1, 1, "Alice plans a May trip to Lisbon.", profile))
                    .expectEvents(new ReplyMemoryApplied(C, T, r(2), 1, 1, 1, false,
                            "Alice plans a May trip to Lisbon.", 1, profile));
        }

        @Test
        void aMissingSummaryIsEmpty() {
            fixture.given(secondAsked)
                    .when(memory(2, 0, 0, null, List.of()))
                    .expectEvents(new ReplyMemoryApplied(C, T, r(2), 1, 1, 0, false, "", 0, List.of()));
        }

        @Test
        void theSummaryCannotStandForTheMessageBeingAnsweredOrLater() {
            fixture.given(secondAsked)
                    .when(memory(2, 2, 1, "s", List.of()))
                    .expectException(rejected(Kind.INVALID, "condensedThroughTurn"));
        }

        @Test
        void refusesImpossibleCounts() {
            fixture.given(secondAsked)
                    .when(memory(2, 1, 2, "s", List.of()))
                    .expectException(rejected(Kind.INVALID, "turnsCondensed"));
            fixture.given(secondAsked)
                    .when(new RecordMemory(C, r(2), 1, -1, 0, false, "", 0, List.of()))
                    .expectException(rejected(Kind.INVALID, "turns"));
        }

        @Test
        void refusesAMalformedOrOversizedProfile() {
            fixture.given(secondAsked)
                    .when(memory(2, 0, 0, "", List.of(new ProfileFact("Full Name", "Alice"))))
                    .expectException(rejected(Kind.INVALID, "profile"));
            fixture.given(secondAsked)
                    .when(memory(2, 0, 0, "", IntStream.range(0, 51)
                            .mapToObj(i -> new ProfileFact("preference", "p" + i)).toList()))
                    .expectException(rejected(Kind.INVALID, "profile"));
            fixture.given(secondAsked)
                    .when(memory(2, 0, 0, "", List.of(new ProfileFact("name", "A".repeat(501)))))
                    .expectException(rejected(Kind.INVALID, "profile.name"));
        }

        @Test
        void refusesAnOversizedSummary() {
            fixture.given(secondAsked)
                    .when(memory(2, 1, 1, "s".repeat(50_001), List.of()))
                    .expectException(rejected(Kind.INVALID, "summary"));
        }

        @Test
        void memoryOfAStreamingReplyIsOutOfOrder() {
            fixture.given(history(secondAsked, streaming(2, 1)))
                    .when(memory(2, 1, 1, "s", List.of()))
                    .expectException(rejected(Kind.CONFLICT, "out-of-order"));
        }
    }

    @Nested
    class Streaming {

        private final List<Object> streamingFirst = history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY));

        @Test
        void startsStreamingARoutedReply() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1), routed(1, 1)))
                    .when(stream(1, 1))
                    .expectEvents(streaming(1, 1));
        }

        @Test
        void startingTwiceIsOutOfOrder() {
            fixture.given(streamingFirst)
                    .when(stream(1, 1))
                    .expectException(rejected(Kind.CONFLICT, "out-of-order"));
        }

        @Test
        void completesWithItsUsageFirst() {
            fixture.given(streamingFirst)
                    .when(complete(1, 1, A1))
                    .expectEvents(usage(1, 1, UsageOutcome.COMPLETED, true), completed(1, 1, A1));
        }

        @Test
        void aReusedAnswerCostsAndConsumesNothingAndNamesWhatItSaved() {
            Money saved = Money.of("0.0042", "USD");
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1), routed(1, 1)))
                    // whatever the sender claims, a reused answer consumed nothing
                    .when(new CompleteReply(C, r(1), 1, A1, USAGE, "local", "offline", 3, 1, COST, "r0", saved))
                    .expectEvents(new AttemptUsageRecorded(C, T, r(1), 1, U, "local", "offline", TokenUsage.NONE,
                                    Money.zero("USD"), UsageOutcome.COMPLETED, "r0", saved, null, null, true),
                            new ReplyCompleted(C, T, r(1), 1, A1, TokenUsage.NONE, "local", "offline", 3, 1, "r0"));
        }

        @Test
        void aCompletionNeedsAText() {
            fixture.given(streamingFirst)
                    .when(complete(1, 1, null))
                    .expectException(rejected(Kind.INVALID, "text"));
        }

        @Test
        void fails() {
            fixture.given(streamingFirst)
                    .when(new FailReply(C, r(1), 1, "The provider stopped answering.", "Light", USAGE, "local",
                            "offline", COST))
                    .expectEvents(usage(1, 1, UsageOutcome.FAILED, true),
                            new ReplyFailed(C, T, r(1), 1, "The provider stopped answering.", "Light", USAGE,
                                    "local"));
        }

        @Test
        void aFailureBeforeAnyModelWasCalledCostsNothing() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new FailReply(C, r(1), 1, "No provider is configured.", null, null, null, null, null))
                    .expectEvents(nothingConsumed(1, 1, UsageOutcome.FAILED, null, null),
                            new ReplyFailed(C, T, r(1), 1, "No provider is configured.", "", TokenUsage.NONE, null));
        }

        @Test
        void failsOverToANewAttemptOnTheSameSpecAndAnswersItsNumber() {
            ReplyStreamStarted remote = new ReplyStreamStarted(C, T, r(1), 1, "openai", "gpt-4o-mini", "node-a", 40L);
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1), routed(1, 1), remote))
                    .when(new FailOverReply(C, r(1), 1, "openai", "HTTP 500", "Light", USAGE, COST, "local"))
                    .expectEvents(new AttemptUsageRecorded(C, T, r(1), 1, U, "openai", "gpt-4o-mini", USAGE, COST,
                                    UsageOutcome.FAILED_OVER, null, null, null, null, false),
                            new ReplyFailedOver(C, T, r(1), 1, "openai", "HTTP 500", "Light", USAGE, "local", 2,
                                    spec(Q1, MemoryInput.EMPTY)))
                    .expectResultMessagePayload(2);
        }

        @Test
        void theNextAttemptStreamsAndCompletesWhileTheFailedOneIsStale() {
            List<Object> given = history(streamingFirst, usage(1, 1, UsageOutcome.FAILED_OVER, false),
                    new ReplyFailedOver(C, T, r(1), 1, "local", "down", "", USAGE, "openai", 2,
                            spec(Q1, MemoryInput.EMPTY)));
            fixture.given(given)
                    .when(stream(1, 2))
                    .expectEvents(streaming(1, 2));
            fixture.given(given)
                    .when(complete(1, 1, A1))
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"));
            fixture.given(history(given, streaming(1, 2)))
                    .when(complete(1, 2, A1))
                    .expectEvents(usage(1, 2, UsageOutcome.COMPLETED, true), completed(1, 2, A1));
        }

        @Test
        void aFailoverNamesTheProviderTakingOver() {
            fixture.given(streamingFirst)
                    .when(new FailOverReply(C, r(1), 1, "local", "down", null, null, null, " "))
                    .expectException(rejected(Kind.INVALID, "nextProvider"));
        }

        @Test
        void refusesWithZeroUsageSoTheReservationIsReleased() {
            fixture.given(history(STARTED, asked(1, 1, Q1, new MemoryInput("", List.of(), List.of(), 0)),
                            screened(1, 1), routed(1, 1)))
                    .when(new RefuseReply(C, r(1), 1, RefusalKind.POLICY, "Your organisation does not discuss "
                            + "politics here."))
                    .expectEvents(nothingConsumed(1, 1, UsageOutcome.REFUSED, null, null),
                            new ReplyRefused(C, T, r(1), 1, RefusalKind.POLICY, "Your organisation does not discuss "
                                    + "politics here."));
        }

        @Test
        void aRefusalNamesItsKind() {
            fixture.given(streamingFirst)
                    .when(new RefuseReply(C, r(1), 1, null, "no"))
                    .expectException(rejected(Kind.INVALID, "kind"));
        }
    }

    @Nested
    class Cancel {

        private final List<Object> streamingFirst = history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY));

        @Test
        void cancellingAStreamingReplyWaitsForItsOutputToBill() {
            fixture.given(streamingFirst)
                    .when(new CancelReply(C, T, U, r(1)))
                    .expectEvents(new ReplyCancelled(C, T, r(1), 1));
        }

        @Test
        void cancellingBeforeStreamingRecordsZeroUsageAtOnce() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1)))
                    .when(new CancelReply(C, T, U, r(1)))
                    .expectEvents(new ReplyCancelled(C, T, r(1), 1),
                            nothingConsumed(1, 1, UsageOutcome.CANCELLED, null, null));
        }

        @Test
        void noStreamStartsAfterACancellation() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), new ReplyCancelled(C, T, r(1), 1),
                            nothingConsumed(1, 1, UsageOutcome.CANCELLED, null, null)))
                    .when(stream(1, 1))
                    .expectException(rejected(Kind.CONFLICT, "attempt-cancelled"));
        }

        @Test
        void aFinishedReplyCannotBeCancelled() {
            fixture.given(oneTurn())
                    .when(new CancelReply(C, T, U, r(1)))
                    .expectException(rejected(Kind.CONFLICT, "not-cancellable"));
        }

        @Test
        void anotherUserOrTenantFindsNoConversation() {
            fixture.given(streamingFirst)
                    .when(new CancelReply(C, T, "bob", r(1)))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"))
                    .expectNoEvents();
            fixture.given(streamingFirst)
                    .when(new CancelReply(C, "globex", U, r(1)))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
        }

        @Test
        void anUnknownReplyIsNotFound() {
            fixture.given(streamingFirst)
                    .when(new CancelReply(C, T, U, "r9"))
                    .expectException(rejected(Kind.NOT_FOUND, "reply-not-found"));
        }

        @Test
        void recordsAndBillsWhatTheCancelledAttemptProduced() {
            fixture.given(history(streamingFirst, new ReplyCancelled(C, T, r(1), 1)))
                    .when(new RecordCancelledReplyOutput(C, r(1), 1, "Light layers", USAGE, "local", "offline",
                            COST))
                    .expectEvents(usage(1, 1, UsageOutcome.CANCELLED, true),
                            new ReplyCancelledOutputRecorded(C, T, r(1), 1, "Light layers", USAGE, "local",
                                    "offline"));
        }

        @Test
        void theOutputOfARunningAttemptIsNotACancelledOutput() {
            fixture.given(streamingFirst)
                    .when(new RecordCancelledReplyOutput(C, r(1), 1, "Light", USAGE, "local", "offline", COST))
                    .expectException(rejected(Kind.CONFLICT, "not-cancelled"))
                    .expectNoEvents();
        }

        @Test
        void anAttemptThatNeverRanHasNoOutput() {
            fixture.given(history(streamingFirst, new ReplyCancelled(C, T, r(1), 1)))
                    .when(new RecordCancelledReplyOutput(C, r(1), 2, "Light", USAGE, "local", "offline", COST))
                    .expectException(rejected(Kind.INVALID, "attempt"));
        }
    }

    @Nested
    class Regenerate {

        @Test
        void regeneratesTheLatestReplyAsANewAttemptOfTheSameRequest() {
            fixture.given(oneTurn())
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectEvents(new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY), U, null,
                            null))
                    .expectResultMessagePayload(2);
        }

        @Test
        void theNewAttemptHasTheMemoryOfTheOriginalRequest() {
            fixture.given(twoTurns())
                    .when(new RegenerateReply(C, T, U, r(2), new Funding(LEDGER, "res-9")))
                    .expectEvents(new ReplyRegenerated(C, T, r(2), m(2), 2, spec(Q2, window(new Turn(1, Q1, A1))), U,
                            LEDGER, "res-9"));
        }

        @Test
        void aFailedRefusedOrCancelledReplyCanBeRegenerated() {
            ReplyRegenerated again = new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY), U, null,
                    null);
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY),
                            nothingConsumed(1, 1, UsageOutcome.FAILED, null, null),
                            new ReplyFailed(C, T, r(1), 1, "down", "", TokenUsage.NONE, null)))
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectEvents(again);
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), blocked(1),
                            nothingConsumed(1, 1, UsageOutcome.REFUSED, null, null),
                            new ReplyRefused(C, T, r(1), 1, RefusalKind.INJECTION, "no")))
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectEvents(again);
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                            new ReplyCancelled(C, T, r(1), 1)))
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectEvents(again);
        }

        @Test
        void aRunningReplyCannotBeRegenerated() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectException(rejected(Kind.CONFLICT, "reply-running"))
                    .expectNoEvents();
        }

        @Test
        void onlyTheLatestReplyCanBeRegenerated() {
            fixture.given(twoTurns())
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectException(rejected(Kind.CONFLICT, "not-latest-reply"));
        }

        @Test
        void anotherUserOrTenantFindsNoConversation() {
            fixture.given(oneTurn())
                    .when(new RegenerateReply(C, T, "bob", r(1), null))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
            fixture.given(oneTurn())
                    .when(new RegenerateReply(C, "globex", U, r(1), null))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
        }

        @Test
        void theEarlierAttemptCanNoLongerComplete() {
            fixture.given(history(oneTurn(), new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY),
                            U, null, null)))
                    .when(complete(1, 1, A1))
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"));
        }
    }

    @Nested
    class Feedback {

        @Test
        void ratesACompletedReplyWithItsRouteAndServingModel() {
            fixture.given(oneTurn())
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.UP, "  Spot on. "))
                    .expectEvents(new ReplyFeedbackGiven(C, T, r(1), U, FeedbackRating.UP, "Spot on.",
                            RouteCategory.GENERAL, "offline"));
        }

        @Test
        void theModelIsTheOneThatServedAfterAFailover() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                            usage(1, 1, UsageOutcome.FAILED_OVER, false),
                            new ReplyFailedOver(C, T, r(1), 1, "local", "down", "", USAGE, "openai", 2,
                                    spec(Q1, MemoryInput.EMPTY)),
                            new ReplyStreamStarted(C, T, r(1), 2, "openai", "gpt-4o-mini", "node-b", 40L),
                            new AttemptUsageRecorded(C, T, r(1), 2, U, "openai", "gpt-4o-mini", USAGE, COST,
                                    UsageOutcome.COMPLETED, null, null, null, null, true),
                            new ReplyCompleted(C, T, r(1), 2, A1, USAGE, "openai", "gpt-4o-mini", 300, 9, null)))
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.DOWN, null))
                    .expectEvents(new ReplyFeedbackGiven(C, T, r(1), U, FeedbackRating.DOWN, null,
                            RouteCategory.GENERAL, "gpt-4o-mini"));
        }

        @Test
        void feedbackAgainReplacesTheEarlierOne() {
            fixture.given(history(oneTurn(), new ReplyFeedbackGiven(C, T, r(1), U, FeedbackRating.UP, null,
                            RouteCategory.GENERAL, "offline")))
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.DOWN, "Too vague"))
                    .expectEvents(new ReplyFeedbackGiven(C, T, r(1), U, FeedbackRating.DOWN, "Too vague",
                            RouteCategory.GENERAL, "offline"));
        }

        @Test
        void onlyACompletedReplyCanBeRated() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.UP, null))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"));
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                            usage(1, 1, UsageOutcome.FAILED, true),
                            new ReplyFailed(C, T, r(1), 1, "down", "", USAGE, "local")))
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.DOWN, null))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"));
            fixture.given(history(oneTurn(), new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY),
                            U, null, null)))
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.UP, null))
                    .expectException(rejected(Kind.CONFLICT, "not-completed"));
        }

        @Test
        void refusesAMissingRatingOrABadComment() {
            fixture.given(oneTurn())
                    .when(new GiveReplyFeedback(C, T, U, r(1), null, "meh"))
                    .expectException(rejected(Kind.INVALID, "rating"));
            fixture.given(oneTurn())
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.DOWN, "x".repeat(2_001)))
                    .expectException(rejected(Kind.INVALID, "comment"));
            fixture.given(oneTurn())
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.DOWN, "bad\u0000"))
                    .expectException(rejected(Kind.INVALID, "comment"));
        }

        @Test
        void anotherUserOrTenantFindsNoConversation() {
            fixture.given(oneTurn())
                    .when(new GiveReplyFeedback(C, T, "bob", r(1), FeedbackRating.DOWN, null))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
            fixture.given(oneTurn())
                    .when(new GiveReplyFeedback(C, "globex", U, r(1), FeedbackRating.DOWN, null))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
        }
    }

    @Nested
    class Clear {

        private final ConversationCleared clearedOne = new ConversationCleared(C, T, U, 1);

        @Test
        void clears() {
            fixture.given(twoTurns())
                    .when(new ClearConversation(C, T, U))
                    .expectEvents(new ConversationCleared(C, T, U, 2));
        }

        @Test
        void aStreamingReplyIsCancelledFirst() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new ClearConversation(C, T, U))
                    .expectEvents(new ReplyCancelled(C, T, r(1), 1), clearedOne);
        }

        @Test
        void aPendingReplyIsCancelledFirstAndItsReservationReleased() {
            fixture.given(history(STARTED, posted(1, 1, Q1), funded(1, Q1, MemoryInput.EMPTY, "res-1")))
                    .when(new ClearConversation(C, T, U))
                    .expectEvents(new ReplyCancelled(C, T, r(1), 1),
                            nothingConsumed(1, 1, UsageOutcome.CANCELLED, LEDGER, "res-1"), clearedOne);
        }

        @Test
        void nothingToClearRecordsNothing() {
            fixture.given(STARTED)
                    .when(new ClearConversation(C, T, U))
                    .expectNoEvents();
            fixture.given(history(oneTurn(), clearedOne))
                    .when(new ClearConversation(C, T, U))
                    .expectNoEvents();
        }

        @Test
        void anotherUserOrTenantFindsNoConversation() {
            fixture.given(oneTurn())
                    .when(new ClearConversation(C, T, "bob"))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
            fixture.given(oneTurn())
                    .when(new ClearConversation(C, "globex", U))
                    .expectException(rejected(Kind.NOT_FOUND, "conversation-not-found"));
        }

        @Test
        void theNextMessageIsTurnOneWithEmptyMemory() {
            fixture.given(history(twoTurns(), new ConversationCleared(C, T, U, 2)))
                    .when(post(3, Q3))
                    .expectEvents(posted(1, 3, Q3), requested(3, Q3, MemoryInput.EMPTY));
        }

        @Test
        void repliesFromBeforeAClearAreHidden() {
            List<Object> given = history(oneTurn(), clearedOne);
            fixture.given(given)
                    .when(new RegenerateReply(C, T, U, r(1), null))
                    .expectException(rejected(Kind.NOT_FOUND, "reply-not-found"));
            fixture.given(given)
                    .when(new GiveReplyFeedback(C, T, U, r(1), FeedbackRating.UP, null))
                    .expectException(rejected(Kind.NOT_FOUND, "reply-not-found"));
            fixture.given(given)
                    .when(new CancelReply(C, T, U, r(1)))
                    .expectException(rejected(Kind.NOT_FOUND, "reply-not-found"));
        }

        @Test
        void theWorkerStillRecordsAndBillsTheOutputOfAReplyCancelledByTheClear() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                            new ReplyCancelled(C, T, r(1), 1), clearedOne))
                    .when(new RecordCancelledReplyOutput(C, r(1), 1, "Light", USAGE, "local", "offline", COST))
                    .expectEvents(usage(1, 1, UsageOutcome.CANCELLED, true),
                            new ReplyCancelledOutputRecorded(C, T, r(1), 1, "Light", USAGE, "local", "offline"));
        }
    }

    /**
     * What the aggregate holds as memory, driven by commands only: every {@code ReplyRequested} must carry it as it
     * stands when the message is posted.
     */
    @Nested
    class MemoryFlow {

        private final List<ProfileFact> alice = List.of(new ProfileFact("name", "Alice"));

        private List<Object> started() {
            return List.of(new StartConversation(C, T, U, "Trip to Lisbon", null, null));
        }

        private List<Object> commands(Object... parts) {
            return history(parts);
        }

        @Test
        void completedTurnsJoinTheWindowWithTheUserTextAndTheReplyText() {
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1), post(2, Q2), answer(2, A2)))
                    .when(post(3, Q3))
                    .expectEvents(posted(3, 3, Q3), requested(3, Q3, window(new Turn(1, Q1, A1),
                            new Turn(2, Q2, A2))));
        }

        @Test
        void condensedTurnsLeaveTheWindowAndTheSummaryAndProfileGoIn() {
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1), post(2, Q2),
                            screen(2, 1, ScreeningVerdict.ALLOW), route(2, 1),
                            memory(2, 1, 1, "Alice plans a May trip to Lisbon.", alice), stream(2, 1),
                            complete(2, 1, A2)))
                    .when(post(3, Q3))
                    .expectEvents(posted(3, 3, Q3), requested(3, Q3, new MemoryInput(
                            "Alice plans a May trip to Lisbon.", alice, List.of(new Turn(2, Q2, A2)), 1)));
        }

        @Test
        void aPlanThatCondensesNothingStillReplacesTheProfile() {
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1), post(2, Q2),
                            screen(2, 1, ScreeningVerdict.ALLOW), route(2, 1), memory(2, 0, 0, "", alice),
                            stream(2, 1), complete(2, 1, A2)))
                    .when(post(3, Q3))
                    .expectEvents(posted(3, 3, Q3), requested(3, Q3, new MemoryInput("", alice,
                            List.of(new Turn(1, Q1, A1), new Turn(2, Q2, A2)), 0)));
        }

        @Test
        void failedAndRefusedRepliesAreNoTurnsButKeepTheirTurnNumbers() {
            fixture.givenCommands(commands(started(), post(1, Q1),
                            new FailReply(C, r(1), 1, "down", null, null, null, null, null),
                            post(2, Q2), screen(2, 1, ScreeningVerdict.BLOCK),
                            new RefuseReply(C, r(2), 1, RefusalKind.INJECTION, "no")))
                    .when(post(3, Q3))
                    .expectEvents(posted(3, 3, Q3), requested(3, Q3, MemoryInput.EMPTY));
        }

        @Test
        void aCancelledReplyJoinsWithTheTextItHadProduced() {
            fixture.givenCommands(commands(started(), post(1, Q1), screen(1, 1, ScreeningVerdict.ALLOW),
                            route(1, 1), stream(1, 1), new CancelReply(C, T, U, r(1)),
                            new RecordCancelledReplyOutput(C, r(1), 1, "Light layers", USAGE, "local", "offline",
                                    COST)))
                    .when(post(2, Q2))
                    .expectEvents(posted(2, 2, Q2), requested(2, Q2, window(new Turn(1, Q1, "Light layers"))));
        }

        @Test
        void aCancelledReplyWithoutTextIsNoTurn() {
            fixture.givenCommands(commands(started(), post(1, Q1), screen(1, 1, ScreeningVerdict.ALLOW),
                            route(1, 1), stream(1, 1), new CancelReply(C, T, U, r(1)),
                            new RecordCancelledReplyOutput(C, r(1), 1, "", TokenUsage.NONE, "local", "offline",
                                    COST)))
                    .when(post(2, Q2))
                    .expectEvents(posted(2, 2, Q2), requested(2, Q2, MemoryInput.EMPTY));
        }

        @Test
        void theLateOutputOfAnEarlierCancelledReplyJoinsInTurnOrder() {
            fixture.givenCommands(commands(started(), post(1, Q1), screen(1, 1, ScreeningVerdict.ALLOW),
                            route(1, 1), stream(1, 1), new CancelReply(C, T, U, r(1)), post(2, Q2), answer(2, A2),
                            new RecordCancelledReplyOutput(C, r(1), 1, "Light layers", USAGE, "local", "offline",
                                    COST)))
                    .when(post(3, Q3))
                    .expectEvents(posted(3, 3, Q3), requested(3, Q3, window(new Turn(1, Q1, "Light layers"),
                            new Turn(2, Q2, A2))));
        }

        @Test
        void aRegeneratedReplyReplacesItsTurn() {
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1),
                            new RegenerateReply(C, T, U, r(1), null), stream(1, 2),
                            complete(1, 2, "Pack for rain.")))
                    .when(post(2, Q2))
                    .expectEvents(posted(2, 2, Q2), requested(2, Q2, window(new Turn(1, Q1, "Pack for rain."))));
        }

        @Test
        void aRegeneratedReplyThatFailsLeavesNoTurn() {
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1),
                            new RegenerateReply(C, T, U, r(1), null),
                            new FailReply(C, r(1), 2, "down", null, null, null, null, null)))
                    .when(post(2, Q2))
                    .expectEvents(posted(2, 2, Q2), requested(2, Q2, MemoryInput.EMPTY));
        }

        @Test
        void aRegeneratedReplyPlannedFromItsOlderMemoryDoesNotUndoCondensing() {
            // reply 3 condensed turns 1-2; its regenerated attempt reports a plan that condenses turn 1 only
            MemoryInput atThree = window(new Turn(1, Q1, A1), new Turn(2, Q2, A2));
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1), post(2, Q2), answer(2, A2),
                            post(3, Q3), screen(3, 1, ScreeningVerdict.ALLOW), route(3, 1),
                            memory(3, 2, 2, "Lisbon in May; stay in Alfama.", alice), stream(3, 1),
                            complete(3, 1, "Take the metro."), new RegenerateReply(C, T, U, r(3), null),
                            new RecordMemory(C, r(3), 2, 1, 1, false, "Lisbon in May.", 1, List.of()),
                            stream(3, 2), complete(3, 2, "Take the red metro line.")))
                    .when(post(4, "Thanks!"))
                    .expectEvents(posted(4, 4, "Thanks!"), requested(4, "Thanks!", new MemoryInput(
                            "Lisbon in May; stay in Alfama.", alice,
                            List.of(new Turn(3, Q3, "Take the red metro line.")), 2)));
            // and the regenerated attempt itself was asked with the memory of the original request
            fixture.givenCommands(commands(started(), post(1, Q1), answer(1, A1), post(2, Q2), answer(2, A2),
                            post(3, Q3), answer(3, "Take the metro.")))
                    .when(new RegenerateReply(C, T, U, r(3), null))
                    .expectEvents(new ReplyRegenerated(C, T, r(3), m(3), 2, spec(Q3, atThree), U, null, null));
        }

        @Test
        void aClearEmptiesTheMemoryAndRestartsTheTurnNumbers() {
            fixture.givenCommands(commands(started(), post(1, Q1), screen(1, 1, ScreeningVerdict.ALLOW),
                            route(1, 1), memory(1, 0, 0, "", alice), stream(1, 1), complete(1, 1, A1),
                            new ClearConversation(C, T, U), post(2, Q2), answer(2, A2)))
                    .when(post(3, Q3))
                    .expectEvents(posted(2, 3, Q3), requested(3, Q3, window(new Turn(1, Q2, A2))));
        }

        @Test
        void theOutputOfAReplyCancelledByAClearStaysOutOfTheNewMemory() {
            fixture.givenCommands(commands(started(), post(1, Q1), screen(1, 1, ScreeningVerdict.ALLOW),
                            route(1, 1), stream(1, 1), new ClearConversation(C, T, U),
                            new RecordCancelledReplyOutput(C, r(1), 1, "Light", USAGE, "local", "offline", COST)))
                    .when(post(2, Q2))
                    .expectEvents(posted(1, 2, Q2), requested(2, Q2, MemoryInput.EMPTY));
        }
    }

    /** Who pays for each attempt, and what each attempt consumed (recorded once, on that attempt's reservation). */
    @Nested
    class Billing {

        private AttemptUsageRecorded charged(int attempt, UsageOutcome outcome, String reservationId,
                                             boolean closes) {
            return new AttemptUsageRecorded(C, T, r(1), attempt, U, "local", "offline", USAGE, COST, outcome, null,
                    null, LEDGER, reservationId, closes);
        }

        private final List<Object> fundedStreaming = history(STARTED, posted(1, 1, Q1),
                funded(1, Q1, MemoryInput.EMPTY, "res-1"), screened(1, 1), routed(1, 1), streaming(1, 1));

        @Test
        void aCompletionIsChargedToTheMessagesReservation() {
            fixture.given(fundedStreaming)
                    .when(complete(1, 1, A1))
                    .expectEvents(charged(1, UsageOutcome.COMPLETED, "res-1", true), completed(1, 1, A1));
        }

        @Test
        void aFailoverKeepsTheReservationOpenForTheNextAttempt() {
            List<Object> failedOver = history(fundedStreaming, charged(1, UsageOutcome.FAILED_OVER, "res-1", false),
                    new ReplyFailedOver(C, T, r(1), 1, "local", "down", "", USAGE, "openai", 2,
                            spec(Q1, MemoryInput.EMPTY)), streaming(1, 2));
            fixture.given(failedOver)
                    .when(complete(1, 2, A1))
                    .expectEvents(charged(2, UsageOutcome.COMPLETED, "res-1", true), completed(1, 2, A1));
        }

        @Test
        void aRegeneratedAttemptIsChargedToItsOwnReservation() {
            List<Object> regenerated = history(fundedStreaming, charged(1, UsageOutcome.COMPLETED, "res-1", true),
                    completed(1, 1, A1), new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY), U,
                            LEDGER, "res-2"), streaming(1, 2));
            fixture.given(regenerated)
                    .when(complete(1, 2, A1))
                    .expectEvents(charged(2, UsageOutcome.COMPLETED, "res-2", true), completed(1, 2, A1));
        }

        @Test
        void theLateOutputOfACancelledAttemptIsChargedToThatAttemptsReservationNotTheNewOnes() {
            List<Object> cancelledThenRegenerated = history(fundedStreaming, new ReplyCancelled(C, T, r(1), 1),
                    new ReplyRegenerated(C, T, r(1), m(1), 2, spec(Q1, MemoryInput.EMPTY), U, LEDGER, "res-2"));
            fixture.given(cancelledThenRegenerated)
                    .when(new RecordCancelledReplyOutput(C, r(1), 1, "Light", USAGE, "local", "offline", COST))
                    .expectEvents(charged(1, UsageOutcome.CANCELLED, "res-1", true),
                            new ReplyCancelledOutputRecorded(C, T, r(1), 1, "Light", USAGE, "local", "offline"));
        }

        @Test
        void anAttemptsUsageIsRecordedOnce() {
            fixture.given(history(fundedStreaming, charged(1, UsageOutcome.FAILED_OVER, "res-1", false),
                            new ReplyFailedOver(C, T, r(1), 1, "local", "down", "", USAGE, "openai", 2,
                                    spec(Q1, MemoryInput.EMPTY))))
                    .when(new RecordCancelledReplyOutput(C, r(1), 1, "Light", USAGE, "local", "offline", COST))
                    .expectEvents(new ReplyCancelledOutputRecorded(C, T, r(1), 1, "Light", USAGE, "local",
                            "offline"));
        }

        @Test
        void aRefusalReleasesTheReservation() {
            fixture.given(history(STARTED, posted(1, 1, Q1), funded(1, Q1, MemoryInput.EMPTY, "res-1"),
                            blocked(1)))
                    .when(new RefuseReply(C, r(1), 1, RefusalKind.INJECTION, "no"))
                    .expectEvents(nothingConsumed(1, 1, UsageOutcome.REFUSED, LEDGER, "res-1"),
                            new ReplyRefused(C, T, r(1), 1, RefusalKind.INJECTION, "no"));
        }
    }

    @Nested
    class RestartsOfVanishedAttempts {

        private static final String GONE = "its worker's node stopped";
        private static final TokenUsage ESTIMATE = new TokenUsage(40, 7, true);

        private ReplyAttemptRestarted restarted(int attempt, String provider, String model) {
            return new ReplyAttemptRestarted(C, T, r(1), attempt, GONE, spec(Q1, MemoryInput.EMPTY), provider, model);
        }

        @Test
        void aStreamingAttemptIsBilledOnceAsAnAbandonedEstimateAndGoesOnWhereItWasRouted() {
            fixture.given(history(STARTED, posted(1, 1, Q1), funded(1, Q1, MemoryInput.EMPTY, "res-1"),
                            screened(1, 1), routed(1, 1), streaming(1, 1)))
                    .when(new RestartReplyAttempt(C, r(1), 1, GONE, ESTIMATE, COST))
                    .expectEvents(new AttemptUsageRecorded(C, T, r(1), 1, U, "local", "offline",
                                    new TokenUsage(40, 7, false), COST, UsageOutcome.ABANDONED, null, null, LEDGER,
                                    "res-1", false),
                            restarted(2, "local", "offline"))
                    .expectResultMessagePayload(2);
        }

        @Test
        void theNewAttemptStreamsAndCompletesOnTheSameReservationWhileTheAbandonedOneIsStale() {
            List<Object> given = history(STARTED, posted(1, 1, Q1), funded(1, Q1, MemoryInput.EMPTY, "res-1"),
                    screened(1, 1), routed(1, 1), streaming(1, 1), restarted(2, "local", "offline"));
            fixture.given(given)
                    .when(complete(1, 1, A1))
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"));
            fixture.given(given)
                    .when(stream(1, 2))
                    .expectEvents(streaming(1, 2));
            fixture.given(history(given, streaming(1, 2)))
                    .when(complete(1, 2, A1))
                    .expectEvents(new AttemptUsageRecorded(C, T, r(1), 2, U, "local", "offline", USAGE, COST,
                            UsageOutcome.COMPLETED, null, null, LEDGER, "res-1", true), completed(1, 2, A1));
        }

        @Test
        void anAttemptNoWorkerStartedRestartsWithoutUsageAndIsScreenedAfresh() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new RestartReplyAttempt(C, r(1), 1, GONE, ESTIMATE, COST))
                    .expectEvents(restarted(2, null, null));
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), restarted(2, null, null)))
                    .when(screen(1, 2, ScreeningVerdict.ALLOW))
                    .expectEvents(screened(1, 2));
        }

        @Test
        void aFailedOverAttemptRestartsOnTheProviderItWasHandedTo() {
            fixture.given(history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                            usage(1, 1, UsageOutcome.FAILED_OVER, false), new ReplyFailedOver(C, T, r(1), 1, "local",
                                    "down", "", USAGE, "openai", 2, spec(Q1, MemoryInput.EMPTY))))
                    .when(new RestartReplyAttempt(C, r(1), 2, GONE))
                    .expectEvents(restarted(3, "openai", null));
        }

        @Test
        void anImageRouteIsNotResumedOnAModel() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY), screened(1, 1),
                            new ReplyRouted(C, T, r(1), 1, RouteCategory.IMAGE, 0.9, "local", "offline", "a picture",
                                    RouteDecider.SEMANTIC)))
                    .when(new RestartReplyAttempt(C, r(1), 1, GONE))
                    .expectEvents(restarted(2, null, null));
        }

        @Test
        void onlyTheCurrentRunningAttemptIsRestartedAndOnlyOnce() {
            List<Object> given = history(STARTED, streamingReply(1, 1, Q1, MemoryInput.EMPTY),
                    restarted(2, "local", "offline"));
            fixture.given(given)
                    .when(new RestartReplyAttempt(C, r(1), 1, GONE, ESTIMATE, COST))
                    .expectException(rejected(Kind.CONFLICT, "stale-attempt"))
                    .expectNoEvents();
            fixture.given(oneTurn())
                    .when(new RestartReplyAttempt(C, r(1), 1, GONE))
                    .expectException(rejected(Kind.CONFLICT, "attempt-finished"))
                    .expectNoEvents();
        }

        @Test
        void refusesAReasonThatIsNotOneBoundedLine() {
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new RestartReplyAttempt(C, r(1), 1, "gone\nreally"))
                    .expectException(rejected(Kind.INVALID, "reason"));
            fixture.given(history(STARTED, asked(1, 1, Q1, MemoryInput.EMPTY)))
                    .when(new RestartReplyAttempt(C, r(1), 1, "x".repeat(5000)))
                    .expectException(rejected(Kind.INVALID, "reason"));
        }
    }
}
