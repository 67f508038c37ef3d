package io.assistantcore.query.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatEvents.ConversationCleared;
import io.assistantcore.messages.chat.ChatEvents.ConversationStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFeedbackGiven;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatEvents.ReplyStreamStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ChatEvents.UserMessagePosted;
import io.assistantcore.messages.chat.ChatQueries.ConversationMessagesQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationPage;
import io.assistantcore.messages.chat.ChatQueries.ConversationQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationSummary;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.ConversationsQuery;
import io.assistantcore.messages.chat.ChatQueries.FeedbackAnalyticsQuery;
import io.assistantcore.messages.chat.ChatQueries.FeedbackCount;
import io.assistantcore.messages.chat.ChatQueries.FeedbackView;
import io.assistantcore.messages.chat.ChatQueries.MemoryUse;
import io.assistantcore.messages.chat.ChatQueries.MemoryView;
import io.assistantcore.messages.chat.ChatQueries.MessagePage;
import io.assistantcore.messages.chat.ChatQueries.MessageView;
import io.assistantcore.messages.chat.ChatQueries.RefusalView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ChatQueries.RouteView;
import io.assistantcore.messages.chat.ChatQueries.ScreeningView;
import io.assistantcore.messages.chat.FeedbackRating;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.projections.chat.ChatHistoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat queries answered from the read model that the real projection builds on real PostgreSQL, through the
 * query handlers.
 */
class ChatHistoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";

    private static AnnotationEventHandlerAdapter projection;
    private static ChatQueryHandlers queries;

    private final Map<String, Long> sequences = new HashMap<>();

    @BeforeAll
    static void database() {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        ObjectMapper objectMapper = new ObjectMapper();
        projection = new AnnotationEventHandlerAdapter(new ChatHistoryProjection(jdbc, objectMapper));
        queries = new ChatQueryHandlers(new ChatHistory(jdbc, objectMapper));
    }

    @BeforeEach
    void empty() {
        projection.prepareReset();
        sequences.clear();
    }

    @Test
    void aConversationShowsItsSettingsMemoryAndCountsToItsTenantOnly() {
        start(ACME, "c-1", "alice", "tenant", 0);
        exchange(ACME, "c-1", 1, 10);
        post(ACME, "c-1", 2, "c-1-m2", "c-1-r2", 20);
        event("c-1", new ReplyMemoryApplied("c-1", ACME, "c-1-r2", 1, 1, 0, false, "", 0,
                List.of(new ProfileFact("name", "Alice"), new ProfileFact("company", "Acme"))), 21);
        complete(ACME, "c-1", 2, "c-1-r2", 22);

        ConversationView view = queries.handle(new ConversationQuery(ACME, "c-1")).orElseThrow();
        assertThat(view).isEqualTo(new ConversationView("c-1", ACME, "alice", "Conversation c-1", "tenant",
                List.of("search_knowledge"), new MemoryView("", List.of(new ProfileFact("name", "Alice"),
                new ProfileFact("company", "Acme")), 1, 0), 2, 2, T0, T0.plusSeconds(21), null));

        assertThat(queries.handle(new ConversationQuery(GLOBEX, "c-1"))).isEmpty();
        assertThat(queries.handle(new ConversationQuery(ACME, "c-404"))).isEmpty();
    }

    @Test
    void conversationsComeNewestFirstInPagesOfOneUserOrOfEveryone() {
        for (int i = 1; i <= 5; i++) {
            start(ACME, "c-" + i, "alice", "none", i);
        }
        start(ACME, "c-bob", "bob", "none", 6);
        start(GLOBEX, "c-other", "alice", "none", 7);

        ConversationPage first = queries.handle(new ConversationsQuery(ACME, "alice", 2, null));
        assertThat(ids(first)).containsExactly("c-5", "c-4");
        assertThat(first.nextBefore()).isEqualTo("c-4");
        ConversationPage second = queries.handle(new ConversationsQuery(ACME, "alice", 2, first.nextBefore()));
        assertThat(ids(second)).containsExactly("c-3", "c-2");
        ConversationPage last = queries.handle(new ConversationsQuery(ACME, "alice", 2, second.nextBefore()));
        assertThat(ids(last)).containsExactly("c-1");
        assertThat(last.nextBefore()).isNull();
        assertThat(first.conversations().get(0)).isEqualTo(new ConversationSummary("c-5", "alice",
                "Conversation c-5", 0, T0.plusSeconds(5), T0.plusSeconds(5)));

        assertThat(ids(queries.handle(new ConversationsQuery(ACME, null, 10, null))))
                .containsExactly("c-bob", "c-5", "c-4", "c-3", "c-2", "c-1");
        assertThat(ids(queries.handle(new ConversationsQuery(ACME, "alice", 10, null)))).doesNotContain("c-bob");
        assertThat(ids(queries.handle(new ConversationsQuery(GLOBEX, "alice", 10, null)))).containsExactly("c-other");
        // a cursor of another tenant or user is nobody's page
        assertThat(ids(queries.handle(new ConversationsQuery(ACME, "alice", 10, "c-other")))).isEmpty();
        assertThat(ids(queries.handle(new ConversationsQuery(ACME, "alice", 10, "c-bob")))).isEmpty();
    }

    @Test
    void conversationsWithTheSameCreationTimeArePagedWithoutGapsOrRepeats() {
        for (int i = 1; i <= 5; i++) {
            start(ACME, "c-" + i, "alice", "none", 0);
        }
        ConversationPage first = queries.handle(new ConversationsQuery(ACME, "alice", 3, null));
        ConversationPage second = queries.handle(new ConversationsQuery(ACME, "alice", 3, first.nextBefore()));
        assertThat(ids(first)).containsExactly("c-5", "c-4", "c-3");
        assertThat(ids(second)).containsExactly("c-2", "c-1");
        assertThat(second.nextBefore()).isNull();
    }

    @Test
    void messagesComeOldestFirstWithinPagesThatWalkBackFromTheNewest() {
        start(ACME, "c-1", "alice", "none", 0);
        for (int turn = 1; turn <= 5; turn++) {
            exchange(ACME, "c-1", turn, turn * 10);
        }

        MessagePage newest = queries.handle(new ConversationMessagesQuery(ACME, "c-1", null, 2));
        assertThat(messageIds(newest)).containsExactly("c-1-m4", "c-1-m5");
        assertThat(newest.nextBefore()).isEqualTo("c-1-m4");
        MessagePage older = queries.handle(new ConversationMessagesQuery(ACME, "c-1", newest.nextBefore(), 2));
        assertThat(messageIds(older)).containsExactly("c-1-m2", "c-1-m3");
        MessagePage oldest = queries.handle(new ConversationMessagesQuery(ACME, "c-1", older.nextBefore(), 2));
        assertThat(messageIds(oldest)).containsExactly("c-1-m1");
        assertThat(oldest.nextBefore()).isNull();

        MessageView message = oldest.messages().get(0);
        assertThat(message.conversationId()).isEqualTo("c-1");
        assertThat(message.turn()).isEqualTo(1);
        assertThat(message.text()).isEqualTo("Question 1");
        assertThat(message.attachments()).containsExactly("f-1");
        assertThat(message.postedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(message.reply().replyId()).isEqualTo("c-1-r1");
        assertThat(message.reply().status()).isEqualTo(ReplyStatus.COMPLETED);
        assertThat(message.reply().text()).isEqualTo("Answer 1");

        assertThat(queries.handle(new ConversationMessagesQuery(GLOBEX, "c-1", null, 10)).messages()).isEmpty();
    }

    @Test
    void afterAClearOnlyNewMessagesAreShownAndTheMemoryIsEmpty() {
        start(ACME, "c-1", "alice", "none", 0);
        exchange(ACME, "c-1", 1, 10);
        post(ACME, "c-1", 2, "c-1-m2", "c-1-r2", 20);
        event("c-1", new ReplyMemoryApplied("c-1", ACME, "c-1-r2", 1, 1, 0, false, "", 0,
                List.of(new ProfileFact("name", "Alice"))), 21);
        complete(ACME, "c-1", 2, "c-1-r2", 22);
        assertThat(queries.handle(new ConversationQuery(ACME, "c-1")).orElseThrow().memory().profile()).hasSize(1);
        event("c-1", new ConversationCleared("c-1", ACME, "alice", 2), 30);

        assertThat(queries.handle(new ConversationMessagesQuery(ACME, "c-1", null, 10)).messages()).isEmpty();
        ConversationView cleared = queries.handle(new ConversationQuery(ACME, "c-1")).orElseThrow();
        assertThat(cleared.memory()).isEqualTo(new MemoryView("", List.of(), 0, 0));
        assertThat(cleared.messageCount()).isZero();
        assertThat(cleared.clearedAt()).isEqualTo(T0.plusSeconds(30));

        exchange(ACME, "c-1", 1, 40, "c-1-m1b", "c-1-r1b");
        MessagePage page = queries.handle(new ConversationMessagesQuery(ACME, "c-1", null, 10));
        assertThat(messageIds(page)).containsExactly("c-1-m1b");
        assertThat(page.nextBefore()).isNull();
        // a hidden message is no cursor
        assertThat(queries.handle(new ConversationMessagesQuery(ACME, "c-1", "c-1-m2", 10)).messages()).isEmpty();
    }

    @Test
    void theReplyViewShowsEverythingTheReplyWentThrough() {
        start(ACME, "c-1", "alice", "tenant", 0);
        post(ACME, "c-1", 1, "c-1-m1", "c-1-r1", 1);
        event("c-1", new ReplyScreened("c-1", ACME, "c-1-r1", 1, ScreeningVerdict.FLAG, "role_play", 0.4, "role"),
                2);
        event("c-1", new ReplyRouted("c-1", ACME, "c-1-r1", 1, RouteCategory.REASONING, 0.75, "anthropic",
                "claude-sonnet", "multi-step question", RouteDecider.LLM), 3);
        event("c-1", new ReplyMemoryApplied("c-1", ACME, "c-1-r1", 1, 4, 6, true, "earlier talk", 6, List.of()), 4);
        event("c-1", new ReplyStreamStarted("c-1", ACME, "c-1-r1", 1, "anthropic", "claude-sonnet", "node-a", 900L),
                5);
        published(new ReplyTokensStreamed("c-1", ACME, "c-1-r1", 1, 1, "Step one. "), 6);
        published(new ReplyTokensStreamed("c-1", ACME, "c-1-r1", 1, 2, "Step two."), 7);
        published(new AttemptUsageRecorded("c-1", ACME, "c-1-r1", 1, "alice", "anthropic", "claude-sonnet",
                new TokenUsage(900, 6, true), Money.of("0.01230000", "USD"), UsageOutcome.COMPLETED, null, null, null,
                null, true), 8);
        event("c-1", new ReplyCompleted("c-1", ACME, "c-1-r1", 1, "Step one. Step two.", new TokenUsage(900, 6, true),
                "anthropic", "claude-sonnet-4", 1500, 2, null), 8);
        event("c-1", new ReplyFeedbackGiven("c-1", ACME, "c-1-r1", "alice", FeedbackRating.DOWN, "too long",
                RouteCategory.REASONING, "claude-sonnet-4"), 9);

        ReplyView reply = queries.handle(new ReplyQuery(ACME, "c-1-r1")).orElseThrow();
        assertThat(reply).isEqualTo(new ReplyView("c-1-r1", "c-1", "c-1-m1", ACME, "alice", 1, ReplyStatus.COMPLETED,
                "Step one. Step two.", new ScreeningView(ScreeningVerdict.FLAG, "role_play", 0.4),
                new RouteView(RouteCategory.REASONING, 0.75, "anthropic", "claude-sonnet", "multi-step question",
                        RouteDecider.LLM),
                new MemoryUse(4, 6, true), List.of(), List.of(), null, List.of(), List.of(), null,
                new TokenUsage(900, 6, true), new Money(new BigDecimal("0.0123"), "USD"), "claude-sonnet-4",
                "anthropic", null, null, new FeedbackView(FeedbackRating.DOWN, "too long", T0.plusSeconds(9)),
                T0.plusSeconds(1), T0.plusSeconds(9)));
        assertThat(reply.cost().amount()).hasToString("0.0123");

        assertThat(queries.handle(new ReplyChunksQuery(ACME, "c-1-r1", 1, 0)).chunks())
                .containsExactly(new ReplyChunkView(1, 1, "Step one. "), new ReplyChunkView(1, 2, "Step two."));
        assertThat(queries.handle(new ReplyChunksQuery(ACME, "c-1-r1", 1, 1)).chunks())
                .containsExactly(new ReplyChunkView(1, 2, "Step two."));
        assertThat(queries.handle(new ReplyChunksQuery(ACME, "c-1-r1", 2, 0)).chunks()).isEmpty();

        assertThat(queries.handle(new ReplyQuery(GLOBEX, "c-1-r1"))).isEmpty();
        assertThat(queries.handle(new ReplyChunksQuery(GLOBEX, "c-1-r1", 1, 0)).chunks()).isEmpty();
    }

    @Test
    void aRefusedReplySaysWhyAndHasNoRouteWhenItWasBlockedBeforeRouting() {
        start(ACME, "c-1", "alice", "none", 0);
        post(ACME, "c-1", 1, "c-1-m1", "c-1-r1", 1);
        event("c-1", new ReplyScreened("c-1", ACME, "c-1-r1", 1, ScreeningVerdict.BLOCK, "injection", 0.98,
                "override attempt"), 2);
        event("c-1", new ReplyRefused("c-1", ACME, "c-1-r1", 1, RefusalKind.INJECTION, "I can't follow that."), 3);

        ReplyView reply = queries.handle(new ReplyQuery(ACME, "c-1-r1")).orElseThrow();
        assertThat(reply.status()).isEqualTo(ReplyStatus.REFUSED);
        assertThat(reply.refusal()).isEqualTo(new RefusalView(RefusalKind.INJECTION, "I can't follow that."));
        assertThat(reply.screening().verdict()).isEqualTo(ScreeningVerdict.BLOCK);
        assertThat(reply.route()).isNull();
        assertThat(reply.memory()).isNull();
        assertThat(reply.usage()).isNull();
        assertThat(reply.cost()).isNull();
        assertThat(reply.feedback()).isNull();
        assertThat(reply.text()).isNull();
    }

    @Test
    void feedbackIsCountedPerModelCategoryOrDayWithinTheTenantAndTheTimeRange() {
        start(ACME, "c-1", "alice", "none", 0);
        start(GLOBEX, "c-2", "zoe", "none", 0);
        rate(ACME, "c-1", 1, FeedbackRating.UP, RouteCategory.GENERAL, "gpt-4o", T0.plusSeconds(60));
        rate(ACME, "c-1", 2, FeedbackRating.DOWN, RouteCategory.GENERAL, "gpt-4o", T0.plusSeconds(120));
        rate(ACME, "c-1", 3, FeedbackRating.UP, RouteCategory.CODE, "claude-sonnet", T0.plusSeconds(86_400));
        rate(ACME, "c-1", 4, FeedbackRating.UP, RouteCategory.CODE, "claude-sonnet", T0.plusSeconds(86_460));
        rate(GLOBEX, "c-2", 1, FeedbackRating.DOWN, RouteCategory.CODE, "gpt-4o", T0.plusSeconds(60));
        // a changed mind counts once, as the later rating
        event("c-1", new ReplyFeedbackGiven("c-1", ACME, "c-1-r4", "alice", FeedbackRating.DOWN, null,
                RouteCategory.CODE, "claude-sonnet"), 86_500);

        assertThat(analytics(ACME, "model", null, null)).containsExactly(
                new FeedbackCount("claude-sonnet", 1, 1), new FeedbackCount("gpt-4o", 1, 1));
        assertThat(analytics(ACME, "category", null, null)).containsExactly(
                new FeedbackCount("code", 1, 1), new FeedbackCount("general", 1, 1));
        assertThat(analytics(ACME, "DAY", null, null)).containsExactly(
                new FeedbackCount("2026-03-01", 1, 1), new FeedbackCount("2026-03-02", 1, 1));
        assertThat(analytics(ACME, "model", T0.plusSeconds(90), T0.plusSeconds(86_400))).containsExactly(
                new FeedbackCount("gpt-4o", 0, 1));
        assertThat(analytics(GLOBEX, "model", null, null)).containsExactly(new FeedbackCount("gpt-4o", 0, 1));
        assertThat(analytics("initech", "model", null, null)).isEmpty();
        assertThatThrownBy(() -> analytics(ACME, "user", null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<FeedbackCount> analytics(String tenant, String groupBy, Instant from, Instant to) {
        return queries.handle(new FeedbackAnalyticsQuery(tenant, groupBy, from, to)).rows();
    }

    private void rate(String tenant, String conversation, int turn, FeedbackRating rating, RouteCategory category,
                      String model, Instant at) {
        exchange(tenant, conversation, turn, 1);
        event(conversation, new ReplyFeedbackGiven(conversation, tenant, conversation + "-r" + turn, "alice", rating,
                null, category, model), (int) (at.getEpochSecond() - T0.getEpochSecond()));
    }

    private void start(String tenant, String conversation, String user, String knowledge, int second) {
        event(conversation, new ConversationStarted(conversation, tenant, user, "Conversation " + conversation,
                knowledge, "tenant".equals(knowledge) ? List.of("search_knowledge") : List.of()), second);
    }

    private void exchange(String tenant, String conversation, int turn, int second) {
        exchange(tenant, conversation, turn, second, conversation + "-m" + turn, conversation + "-r" + turn);
    }

    /** A message and its reply, completed. */
    private void exchange(String tenant, String conversation, int turn, int second, String messageId,
                          String replyId) {
        post(tenant, conversation, turn, messageId, replyId, second);
        complete(tenant, conversation, turn, replyId, second);
    }

    private void complete(String tenant, String conversation, int turn, String replyId, int second) {
        event(conversation, new ReplyStreamStarted(conversation, tenant, replyId, 1, "openai", "gpt-4o", "node-a",
                10L), second);
        event(conversation, new ReplyCompleted(conversation, tenant, replyId, 1, "Answer " + turn,
                new TokenUsage(10, 2, true), "openai", "gpt-4o", 100, 1, null), second);
    }

    private void post(String tenant, String conversation, int turn, String messageId, String replyId, int second) {
        ReplySpec spec = new ReplySpec("Question " + turn, List.of("f-1"), null, MemoryInput.EMPTY, false, Set.of(),
                RoutingRules.DEFAULT, "chat-v1", "none", List.of());
        event(conversation, new UserMessagePosted(conversation, tenant, "alice", messageId, replyId, turn,
                "Question " + turn, List.of("f-1")), second);
        event(conversation, new ReplyRequested(conversation, tenant, replyId, messageId, 1, spec, "alice", null,
                null), second);
    }

    /** An event of the conversation's aggregate with its next sequence number, {@code second}s after T0. */
    private void event(String conversation, Object payload, int second) {
        long sequence = sequences.merge(conversation, 1L, Long::sum) - 1;
        handle(new GenericDomainEventMessage<>("Conversation", conversation, sequence, payload, Map.of(),
                UUID.randomUUID().toString(), T0.plusSeconds(second)));
    }

    /** An event published without an aggregate (chunks, usage records). */
    private static void published(Object payload, int second) {
        handle(new GenericEventMessage<>(UUID.randomUUID().toString(), payload, Map.of(), T0.plusSeconds(second)));
    }

    private static void handle(org.axonframework.eventhandling.EventMessage<?> event) {
        try {
            projection.handle(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(ConversationPage page) {
        return page.conversations().stream().map(ConversationSummary::conversationId).toList();
    }

    private static List<String> messageIds(MessagePage page) {
        return page.messages().stream().map(MessageView::messageId).toList();
    }
}
