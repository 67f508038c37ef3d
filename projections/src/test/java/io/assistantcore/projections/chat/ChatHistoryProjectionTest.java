package io.assistantcore.projections.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
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
import io.assistantcore.messages.chat.ChatEvents.ReplySourcesRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyStreamStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ChatEvents.UserMessagePosted;
import io.assistantcore.messages.chat.FeedbackRating;
import io.assistantcore.messages.chat.GroundingSource;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.projections.assist.AssistHistoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat history read model on real PostgreSQL, fed through Axon's annotation adapter with event messages as the
 * processor hands them over: the Conversation's events as domain events (sequence number, timestamp), chunks and
 * usage records as events published without an aggregate.
 */
class ChatHistoryProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TENANT = "t1";
    private static final String CONVERSATION = "c-1";
    private static final String MESSAGE = "m-1";
    private static final String REPLY = "r-1";
    private static final ReplySpec SPEC = spec("tenant");

    private static JdbcTemplate jdbc;
    private static AnnotationEventHandlerAdapter chat;
    private static AnnotationEventHandlerAdapter assist;

    private long sequence;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        chat = new AnnotationEventHandlerAdapter(new ChatHistoryProjection(jdbc, new ObjectMapper()));
        assist = new AnnotationEventHandlerAdapter(new AssistHistoryProjection(jdbc, new ObjectMapper()));
    }

    @BeforeEach
    void empty() {
        chat.prepareReset();
        sequence = 0;
    }

    @Test
    void aReplyGoesThroughScreeningRoutingMemoryAndStreamingToCompletedWithUsageCostAndFeedback() {
        List<EventMessage<?>> events = lifecycle();
        List<String> statuses = new ArrayList<>();
        for (EventMessage<?> event : events) {
            handle(event);
            statuses.addAll(jdbc.queryForList("SELECT status FROM chat_reply_view WHERE reply_id = ?", String.class,
                    REPLY));
        }
        assertThat(statuses).containsExactly(
                "PENDING",                          // requested
                "ROUTING",                          // screened FLAG
                "RETRIEVING",                       // routed, knowledge is the tenant's documents
                "RETRIEVING",                       // memory applied
                "STREAMING",                        // stream started
                "STREAMING", "STREAMING",           // two chunks
                "STREAMING",                        // usage recorded
                "COMPLETED", "COMPLETED");          // completed, feedback

        Map<String, Object> reply = jdbc.queryForMap("SELECT * FROM chat_reply_view WHERE reply_id = ?", REPLY);
        assertThat(reply).containsEntry("message_id", MESSAGE).containsEntry("conversation_id", CONVERSATION)
                .containsEntry("tenant_id", TENANT).containsEntry("user_id", "alice")
                .containsEntry("knowledge", "tenant").containsEntry("prompt_version", "chat-v1")
                .containsEntry("attempt", 1).containsEntry("text", "Refunds within 30 days.")
                .containsEntry("screening_verdict", "FLAG").containsEntry("screening_category", "role_play")
                .containsEntry("screening_score", 0.42).containsEntry("route_category", "general")
                .containsEntry("route_confidence", 0.91).containsEntry("route_provider", "openai")
                .containsEntry("route_model", "gpt-4o-mini").containsEntry("route_reason", "a policy question")
                .containsEntry("route_decided_by", "SEMANTIC").containsEntry("memory_turns_kept", 0)
                .containsEntry("memory_turns_condensed", 0).containsEntry("memory_truncated", false)
                .containsEntry("provider", "openai").containsEntry("model", "gpt-4o-mini-2025")
                .containsEntry("worker_node", "node-a").containsEntry("input_tokens", 42L)
                .containsEntry("output_tokens", 5L).containsEntry("usage_reported", true)
                .containsEntry("cost_currency", "EUR").containsEntry("latency_ms", 800L)
                .containsEntry("chunk_count", 2).containsEntry("failure_reason", null)
                .containsEntry("reused_from", null).containsEntry("refusal_kind", null)
                .containsEntry("feedback_rating", "UP").containsEntry("feedback_comment", "helpful")
                .containsEntry("feedback_at", Timestamp.from(T0.plusSeconds(30)))
                .containsEntry("created_at", Timestamp.from(T0.plusSeconds(1)));
        assertThat((BigDecimal) reply.get("cost_amount")).isEqualByComparingTo("0.0004");

        assertThat(jdbc.queryForMap("SELECT * FROM chat_reply_attempt_view WHERE reply_id = ?", REPLY))
                .containsEntry("attempt", 1).containsEntry("status", "COMPLETED").containsEntry("provider", "openai")
                .containsEntry("model", "gpt-4o-mini-2025").containsEntry("text", "Refunds within 30 days.")
                .containsEntry("chunks", 2).containsEntry("input_tokens", 42L)
                .containsEntry("started_at", Timestamp.from(T0.plusSeconds(1)))
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(9)));
        assertThat(jdbc.queryForList("SELECT attempt || ':' || seq || ':' || text FROM chat_reply_chunk_view "
                + "WHERE reply_id = ? ORDER BY attempt, seq", String.class, REPLY))
                .containsExactly("1:1:Refunds ", "1:2:within 30 days.");

        Map<String, Object> conversation = jdbc.queryForMap(
                "SELECT title, knowledge, tools::text AS tools, summary, profile::text AS profile, turns_kept, "
                        + "message_count, reply_count FROM chat_conversation_view WHERE conversation_id = ?",
                CONVERSATION);
        assertThat(conversation).containsEntry("title", "Refunds").containsEntry("knowledge", "tenant")
                .containsEntry("tools", "[\"search_knowledge\"]").containsEntry("summary", "")
                .containsEntry("profile", "[{\"key\": \"name\", \"value\": \"Alice\"}]")
                .containsEntry("message_count", 1).containsEntry("reply_count", 1);

        assertThat(jdbc.queryForMap("SELECT * FROM chat_feedback_view WHERE reply_id = ?", REPLY))
                .containsEntry("attempt", 1).containsEntry("tenant_id", TENANT)
                .containsEntry("model", "gpt-4o-mini-2025").containsEntry("category", "general").containsEntry("rating", "UP")
                .containsEntry("feedback_day", Date.valueOf("2026-03-01"));
    }

    @Test
    void everyEventDeliveredTwiceLeavesTheSameRows() {
        lifecycle().forEach(this::handle);
        List<List<Map<String, Object>>> once = tables();

        chat.prepareReset();
        for (EventMessage<?> event : lifecycle()) {
            handle(event);
            handle(event);
        }

        assertThat(tables()).isEqualTo(once);
        assertThat(jdbc.queryForObject("SELECT chunks FROM chat_reply_attempt_view", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT message_count || '/' || reply_count FROM chat_conversation_view",
                String.class)).isEqualTo("1/1");
    }

    @Test
    void aFailoverEndsTheAttemptWithItsPartialTextAndTheNextProviderAnswersAsANewAttempt() {
        startedAndRouted(SPEC);
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o-mini", "node-a", 40L),
                5));
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 1, "Ref"), 6));
        handle(published(usage(REPLY, 1, "openai", "0.0001", UsageOutcome.FAILED_OVER), 7));
        handle(domain(new ReplyFailedOver(CONVERSATION, TENANT, REPLY, 1, "openai", "HTTP 503", "Ref",
                new TokenUsage(40, 1, false), "anthropic", 2, SPEC), 7));

        assertThat(jdbc.queryForMap("SELECT status, attempt, text, provider, model, cost_amount, screening_verdict, "
                + "route_category FROM chat_reply_view WHERE reply_id = ?", REPLY))
                .containsEntry("status", "PENDING").containsEntry("attempt", 2).containsEntry("text", null)
                .containsEntry("provider", null).containsEntry("model", null).containsEntry("cost_amount", null)
                .containsEntry("screening_verdict", "ALLOW").containsEntry("route_category", "general");
        Map<String, Object> first = jdbc.queryForMap(
                "SELECT * FROM chat_reply_attempt_view WHERE reply_id = ? AND attempt = 1", REPLY);
        assertThat(first).containsEntry("status", "FAILED_OVER").containsEntry("text", "Ref")
                .containsEntry("failure_reason", "openai failed (HTTP 503); anthropic takes over")
                .containsEntry("output_tokens", 1L).containsEntry("usage_reported", false)
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(7)));
        assertThat((BigDecimal) first.get("cost_amount")).isEqualByComparingTo("0.0001");

        // a late event of the ended attempt changes nothing
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o-mini", "node-a", 40L),
                8));
        assertThat(jdbc.queryForObject("SELECT status FROM chat_reply_view", String.class)).isEqualTo("PENDING");

        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 2, "anthropic", "claude-haiku", "node-b",
                40L), 9));
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 2, 1, "Refunds."), 10));
        handle(domain(new ReplyCompleted(CONVERSATION, TENANT, REPLY, 2, "Refunds.", new TokenUsage(40, 2, true),
                "anthropic", "claude-haiku", 500, 1, null), 11));

        assertThat(jdbc.queryForMap("SELECT status, attempt, text, provider, model FROM chat_reply_view"))
                .containsEntry("status", "COMPLETED").containsEntry("attempt", 2).containsEntry("text", "Refunds.")
                .containsEntry("provider", "anthropic").containsEntry("model", "claude-haiku");
        assertThat(jdbc.queryForList("SELECT attempt || ':' || status || ':' || chunks FROM chat_reply_attempt_view "
                + "ORDER BY attempt", String.class)).containsExactly("1:FAILED_OVER:1", "2:COMPLETED:1");
        assertThat(jdbc.queryForList("SELECT attempt || ':' || seq || ':' || text FROM chat_reply_chunk_view "
                + "ORDER BY attempt, seq", String.class)).containsExactly("1:1:Ref", "2:1:Refunds.");
    }

    @Test
    void aRestartEndsTheAbandonedAttemptWithItsEstimateAndTheNextAttemptStartsAfresh() {
        startedAndRouted(SPEC);
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o-mini", "node-a", 40L),
                5));
        assertThat(jdbc.queryForMap("SELECT worker_node, prompt_tokens FROM chat_reply_view WHERE reply_id = ?",
                REPLY)).containsEntry("worker_node", "node-a").containsEntry("prompt_tokens", 40L);
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 1, "Ref"), 6));
        handle(published(new AttemptUsageRecorded(CONVERSATION, TENANT, REPLY, 1, "alice", "openai", "gpt-4o-mini",
                new TokenUsage(40, 1, false), Money.of("0.0001", "EUR"), UsageOutcome.ABANDONED, null, null, null,
                null, false), 30));
        handle(domain(new ReplyAttemptRestarted(CONVERSATION, TENANT, REPLY, 2, "its worker's node stopped", SPEC,
                "openai", "gpt-4o-mini"), 30));

        assertThat(jdbc.queryForMap("SELECT status, attempt, text, provider, model, worker_node, prompt_tokens, "
                + "cost_amount, route_category, updated_at FROM chat_reply_view WHERE reply_id = ?", REPLY))
                .containsEntry("status", "PENDING").containsEntry("attempt", 2).containsEntry("text", null)
                .containsEntry("provider", null).containsEntry("model", null).containsEntry("worker_node", null)
                .containsEntry("prompt_tokens", null).containsEntry("cost_amount", null)
                .containsEntry("route_category", "general")
                .containsEntry("updated_at", Timestamp.from(T0.plusSeconds(30)));
        Map<String, Object> abandoned = jdbc.queryForMap(
                "SELECT * FROM chat_reply_attempt_view WHERE reply_id = ? AND attempt = 1", REPLY);
        assertThat(abandoned).containsEntry("status", "ABANDONED")
                .containsEntry("failure_reason", "its worker's node stopped").containsEntry("output_tokens", 1L)
                .containsEntry("usage_reported", false).containsEntry("chunks", 1)
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(30)));
        assertThat((BigDecimal) abandoned.get("cost_amount")).isEqualByComparingTo("0.0001");
        assertThat(jdbc.queryForList("SELECT attempt || ':' || status FROM chat_reply_attempt_view ORDER BY attempt",
                String.class)).containsExactly("1:ABANDONED", "2:PENDING");

        // the abandoned attempt's late events change nothing; the new attempt streams and completes
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 2, "und"), 31));
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o-mini", "node-a", 40L),
                31));
        assertThat(jdbc.queryForMap("SELECT status, updated_at FROM chat_reply_view")).containsEntry("status",
                "PENDING").containsEntry("updated_at", Timestamp.from(T0.plusSeconds(30)));
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 2, "openai", "gpt-4o-mini", "node-b", 41L),
                32));
        handle(domain(new ReplyCompleted(CONVERSATION, TENANT, REPLY, 2, "Refunds.", new TokenUsage(41, 2, true),
                "openai", "gpt-4o-mini", 500, 1, null), 33));
        assertThat(jdbc.queryForList("SELECT attempt || ':' || status FROM chat_reply_attempt_view ORDER BY attempt",
                String.class)).containsExactly("1:ABANDONED", "2:COMPLETED");
        assertThat(jdbc.queryForObject("SELECT status FROM chat_reply_view", String.class)).isEqualTo("COMPLETED");
    }

    @Test
    void aRegenerateStartsAFreshAttemptKeepsTheEarlierOneAndItsRatingInTheAnalytics() {
        lifecycle().forEach(this::handle);
        handle(domain(new ReplyFeedbackGiven(CONVERSATION, TENANT, REPLY, "alice", FeedbackRating.DOWN, null,
                RouteCategory.GENERAL, "gpt-4o-mini-2025"), 31));
        handle(domain(new ReplyRegenerated(CONVERSATION, TENANT, REPLY, MESSAGE, 2, SPEC, "alice", null, null), 40));

        Map<String, Object> reply = jdbc.queryForMap("SELECT * FROM chat_reply_view WHERE reply_id = ?", REPLY);
        assertThat(reply).containsEntry("status", "PENDING").containsEntry("attempt", 2).containsEntry("text", null)
                .containsEntry("screening_verdict", null).containsEntry("route_category", null)
                .containsEntry("memory_turns_kept", null).containsEntry("input_tokens", null)
                .containsEntry("cost_amount", null).containsEntry("model", null)
                .containsEntry("feedback_rating", null).containsEntry("feedback_comment", null)
                .containsEntry("updated_at", Timestamp.from(T0.plusSeconds(40)));
        assertThat(jdbc.queryForList("SELECT attempt || ':' || status || ':' || COALESCE(text, '-') "
                + "FROM chat_reply_attempt_view ORDER BY attempt", String.class))
                .containsExactly("1:COMPLETED:Refunds within 30 days.", "2:PENDING:-");
        assertThat(jdbc.queryForObject("SELECT reply_count FROM chat_conversation_view", Integer.class)).isEqualTo(1);

        handle(domain(new ReplyScreened(CONVERSATION, TENANT, REPLY, 2, ScreeningVerdict.ALLOW, "benign", 0.01,
                "nothing suspicious"), 41));
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 2, "openai", "gpt-4o", "node-a", 40L), 42));
        handle(domain(new ReplyCompleted(CONVERSATION, TENANT, REPLY, 2, "Within 30 days.",
                new TokenUsage(40, 4, true), "openai", "gpt-4o", 700, 0, null), 43));
        handle(domain(new ReplyFeedbackGiven(CONVERSATION, TENANT, REPLY, "alice", FeedbackRating.UP, null,
                RouteCategory.GENERAL, "gpt-4o"), 44));

        // one row per rated attempt; the first attempt's rating is the one given last for it
        assertThat(jdbc.queryForList("SELECT attempt || ':' || rating || ':' || model FROM chat_feedback_view "
                + "ORDER BY attempt", String.class)).containsExactly("1:DOWN:gpt-4o-mini-2025", "2:UP:gpt-4o");
    }

    @Test
    void aCancelledReplyKeepsItsPartialTextAndWhatItCost() {
        startedAndRouted(SPEC);
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o-mini", "node-a", 40L),
                5));
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 1, "Refunds "), 6));
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 2, "wi"), 6));
        handle(domain(new ReplyCancelled(CONVERSATION, TENANT, REPLY, 1), 7));
        assertThat(jdbc.queryForObject("SELECT status FROM chat_reply_view", String.class)).isEqualTo("CANCELLED");

        handle(domain(new ReplyCancelledOutputRecorded(CONVERSATION, TENANT, REPLY, 1, "Refunds wi",
                new TokenUsage(40, 2, false), "openai", "gpt-4o-mini"), 8));
        handle(published(usage(REPLY, 1, "openai", "0.0002", UsageOutcome.CANCELLED), 8));
        // a chunk the worker flushed before it saw the cancel is stored, and neither it nor a late progress event
        // of the attempt changes the ended reply
        handle(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 3, "thin"), 9));
        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o", "node-b", 40L), 10));

        Map<String, Object> reply = jdbc.queryForMap("SELECT * FROM chat_reply_view");
        assertThat(reply).containsEntry("status", "CANCELLED").containsEntry("text", "Refunds wi")
                .containsEntry("worker_node", "node-a").containsEntry("updated_at", Timestamp.from(T0.plusSeconds(8)))
                .containsEntry("provider", "openai").containsEntry("model", "gpt-4o-mini")
                .containsEntry("output_tokens", 3L).containsEntry("usage_reported", true);
        assertThat((BigDecimal) reply.get("cost_amount")).isEqualByComparingTo("0.0002");
        assertThat(jdbc.queryForMap("SELECT status, text, ended_at FROM chat_reply_attempt_view"))
                .containsEntry("status", "CANCELLED").containsEntry("text", "Refunds wi")
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(7)));
    }

    @Test
    void aBlockedMessageKeepsItsStatusUntilTheRefusalArrives() {
        startConversation(spec("none"));
        handle(domain(new ReplyScreened(CONVERSATION, TENANT, REPLY, 1, ScreeningVerdict.BLOCK, "injection", 0.97,
                "asks to ignore the instructions"), 3));
        assertThat(jdbc.queryForMap("SELECT status, screening_verdict, screening_reason FROM chat_reply_view"))
                .containsEntry("status", "PENDING").containsEntry("screening_verdict", "BLOCK")
                .containsEntry("screening_reason", "asks to ignore the instructions");

        handle(domain(new ReplyRefused(CONVERSATION, TENANT, REPLY, 1, RefusalKind.INJECTION,
                "This message looks like an attempt to change my instructions."), 4));
        assertThat(jdbc.queryForMap("SELECT status, refusal_kind, refusal_reason FROM chat_reply_view"))
                .containsEntry("status", "REFUSED").containsEntry("refusal_kind", "INJECTION")
                .containsEntry("refusal_reason", "This message looks like an attempt to change my instructions.");
        assertThat(jdbc.queryForObject("SELECT status FROM chat_reply_attempt_view", String.class))
                .isEqualTo("REFUSED");
    }

    @Test
    void withoutTheTenantsDocumentsARoutedReplyWaitsForItsStreamAndAFailureKeepsThePartialText() {
        startConversation(spec("none"));
        handle(domain(new ReplyScreened(CONVERSATION, TENANT, REPLY, 1, ScreeningVerdict.ALLOW, "benign", 0.01,
                "ok"), 3));
        handle(domain(new ReplyRouted(CONVERSATION, TENANT, REPLY, 1, RouteCategory.CODE, 0.8, "openai", "gpt-4o",
                "asks for code", RouteDecider.LLM), 4));
        assertThat(jdbc.queryForObject("SELECT status FROM chat_reply_view", String.class)).isEqualTo("ROUTING");

        handle(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o", "node-a", 40L), 5));
        handle(domain(new ReplyFailed(CONVERSATION, TENANT, REPLY, 1, "All providers are unavailable.", "def f(",
                new TokenUsage(40, 3, false), "openai"), 6));
        assertThat(jdbc.queryForMap("SELECT status, text, failure_reason, output_tokens FROM chat_reply_view"))
                .containsEntry("status", "FAILED").containsEntry("text", "def f(")
                .containsEntry("failure_reason", "All providers are unavailable.").containsEntry("output_tokens", 3L);
    }

    @Test
    void aNotAllowedRouteIsNotRetrievalEvenWithTheTenantsDocuments() {
        startConversation(SPEC);
        handle(domain(new ReplyScreened(CONVERSATION, TENANT, REPLY, 1, ScreeningVerdict.ALLOW, "benign", 0.01,
                "ok"), 3));
        handle(domain(new ReplyRouted(CONVERSATION, TENANT, REPLY, 1, RouteCategory.NOT_ALLOWED, 0.9, null, null,
                "medical diagnosis", RouteDecider.SEMANTIC), 4));
        assertThat(jdbc.queryForMap("SELECT status, route_category FROM chat_reply_view"))
                .containsEntry("status", "ROUTING").containsEntry("route_category", "not_allowed");
    }

    @Test
    void aClearHidesEarlierMessagesAndEmptiesTheMemoryWhileTheRowsStay() {
        lifecycle().forEach(this::handle);
        handle(domain(new UserMessagePosted(CONVERSATION, TENANT, "alice", "m-2", "r-2", 2, "And exchanges?",
                List.of()), 40));
        handle(domain(new ReplyRequested(CONVERSATION, TENANT, "r-2", "m-2", 1, SPEC, "alice", null, null), 40));
        handle(domain(new ConversationCleared(CONVERSATION, TENANT, "alice", 2), 50));

        assertThat(jdbc.queryForList("SELECT message_id || ':' || hidden FROM chat_message_view ORDER BY position",
                String.class)).containsExactly("m-1:true", "m-2:true");
        Map<String, Object> conversation = jdbc.queryForMap("SELECT summary, profile::text AS profile, turns_kept, "
                + "turns_condensed, memory_turn, message_count, reply_count, cleared_at FROM chat_conversation_view");
        assertThat(conversation).containsEntry("summary", "").containsEntry("profile", "[]")
                .containsEntry("turns_kept", 0).containsEntry("turns_condensed", 0).containsEntry("memory_turn", 0)
                .containsEntry("message_count", 0).containsEntry("reply_count", 0)
                .containsEntry("cleared_at", Timestamp.from(T0.plusSeconds(50)));

        // the reply still running from before the clear does not bring the old memory back
        handle(domain(new ReplyMemoryApplied(CONVERSATION, TENANT, "r-2", 1, 1, 0, false, "", 1,
                List.of(new ProfileFact("name", "Alice"))), 51));
        assertThat(jdbc.queryForObject("SELECT profile::text FROM chat_conversation_view", String.class))
                .isEqualTo("[]");

        handle(domain(new UserMessagePosted(CONVERSATION, TENANT, "alice", "m-3", "r-3", 1, "Hello again",
                List.of()), 60));
        handle(domain(new ReplyRequested(CONVERSATION, TENANT, "r-3", "m-3", 1, SPEC, "alice", null, null), 60));
        handle(domain(new ReplyMemoryApplied(CONVERSATION, TENANT, "r-3", 1, 0, 0, false, "", 0, List.of()), 61));
        assertThat(jdbc.queryForObject("SELECT message_count || '/' || reply_count || '/' || memory_turn "
                + "FROM chat_conversation_view", String.class)).isEqualTo("1/1/1");
        assertThat(jdbc.queryForList("SELECT message_id FROM chat_message_view WHERE NOT hidden", String.class))
                .containsExactly("m-3");
    }

    @Test
    void theMemoryViewFollowsTheLatestTurnNotARegeneratedOlderReply() {
        lifecycle().forEach(this::handle);
        handle(domain(new UserMessagePosted(CONVERSATION, TENANT, "alice", "m-2", "r-2", 2, "And exchanges?",
                List.of()), 40));
        handle(domain(new ReplyRequested(CONVERSATION, TENANT, "r-2", "m-2", 1, SPEC, "alice", null, null), 40));
        handle(domain(new ReplyMemoryApplied(CONVERSATION, TENANT, "r-2", 1, 1, 0, false, "", 0,
                List.of(new ProfileFact("name", "Alice"), new ProfileFact("company", "Acme"))), 41));
        handle(domain(new ReplyRegenerated(CONVERSATION, TENANT, REPLY, MESSAGE, 2, SPEC, "alice", null, null), 42));
        handle(domain(new ReplyMemoryApplied(CONVERSATION, TENANT, REPLY, 2, 0, 0, false, "", 0, List.of()), 43));

        assertThat(jdbc.queryForMap("SELECT turns_kept, memory_turn, profile::text AS profile "
                + "FROM chat_conversation_view")).containsEntry("turns_kept", 1).containsEntry("memory_turn", 2)
                .containsEntry("profile", "[{\"key\": \"name\", \"value\": \"Alice\"}, "
                        + "{\"key\": \"company\", \"value\": \"Acme\"}]");
        assertThat(jdbc.queryForObject("SELECT memory_turns_kept FROM chat_reply_view WHERE reply_id = ?",
                Integer.class, REPLY)).isZero();
    }

    @Test
    void usageRecordsOfTheOtherFeatureChangeNothingInEitherHistory() throws Exception {
        lifecycle().forEach(this::handle);
        List<List<Map<String, Object>>> before = tables();
        List<Map<String, Object>> assistBefore = jdbc.queryForList("SELECT * FROM suggestion_view");

        // a usage record of an assist suggestion reaches the chat history, one of a reply reaches the assist history
        handle(published(new AttemptUsageRecorded("s-1", TENANT, "g-1", 1, "alice", "openai", "gpt-x",
                new TokenUsage(1, 1, true), Money.of("9", "EUR"), UsageOutcome.COMPLETED, null, null, null, null,
                true), 70));
        assist.handle(published(usage(REPLY, 1, "openai", "9", UsageOutcome.COMPLETED), 71));

        assertThat(tables()).isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT * FROM suggestion_view")).isEqualTo(assistBefore);
    }

    @Test
    void aForgottenUsersTextsLeaveTheirConversationsButCountsRatingsAndCostsStay() {
        lifecycle().forEach(this::handle);
        handle(domain(new UserMessagePosted(CONVERSATION, TENANT, "alice", "m-2", "r-2", 2, "And exchanges?",
                List.of()), 40));
        handle(domain(new ReplyRequested(CONVERSATION, TENANT, "r-2", "m-2", 1, SPEC, "alice", null, null), 40));
        handle(domain(new ReplyMemoryApplied(CONVERSATION, TENANT, "r-2", 1, 0, 1, false,
                "Alice asked about refunds", 1, List.of(new ProfileFact("name", "Alice"))), 41));
        // another user's conversation in the same tenant stays as it is
        handle(domain("c-2", 0, new ConversationStarted("c-2", TENANT, "bob", "Bob's", "none", List.of()), 0));
        handle(domain("c-2", 1, new UserMessagePosted("c-2", TENANT, "bob", "m-9", "r-9", 1, "Bob here", List.of()),
                1));

        handle(published(new MemberDataForgotten(TENANT, "alice"), 80));

        String forgotten = PersonalData.FORGOTTEN;
        assertThat(jdbc.queryForMap("SELECT title, summary, profile->0->>'value' AS name, profile->0->>'key' AS key, "
                + "message_count FROM chat_conversation_view WHERE conversation_id = ?", CONVERSATION))
                .containsEntry("title", forgotten).containsEntry("summary", forgotten).containsEntry("name", forgotten)
                .containsEntry("key", "name").containsEntry("message_count", 2);
        assertThat(jdbc.queryForObject("SELECT text FROM chat_message_view WHERE message_id = ?", String.class,
                MESSAGE)).isEqualTo(forgotten);
        assertThat(jdbc.queryForMap("SELECT text, feedback_comment, feedback_rating, output_tokens "
                + "FROM chat_reply_view WHERE reply_id = ?", REPLY)).containsEntry("text", forgotten)
                .containsEntry("feedback_comment", forgotten).containsEntry("feedback_rating", "UP")
                .containsEntry("output_tokens", 5L);
        assertThat(jdbc.queryForList("SELECT DISTINCT text FROM chat_reply_chunk_view", String.class))
                .containsExactly(forgotten);
        assertThat(jdbc.queryForObject("SELECT text FROM chat_reply_attempt_view WHERE reply_id = ?", String.class,
                REPLY)).isEqualTo(forgotten);
        assertThat(jdbc.queryForObject("SELECT text FROM chat_message_view WHERE message_id = 'm-9'", String.class))
                .isEqualTo("Bob here");
        assertThat(jdbc.queryForObject("SELECT title FROM chat_conversation_view WHERE conversation_id = 'c-2'",
                String.class)).isEqualTo("Bob's");
    }

    @Test
    void aDeletedDocumentLeavesNoSnippetInTheSourcesOfTheRepliesThatQuotedIt() throws Exception {
        startedAndRouted(SPEC);
        handle(domain(new ReplySourcesRecorded(CONVERSATION, TENANT, REPLY, 1, List.of(
                new GroundingSource("1", "doc-a", "refunds.pdf", 2, "doc-a:3", 0.71, "Refunds within 30 days."),
                new GroundingSource("2", "doc-b", "terms.txt", null, "doc-b:0", 0.55, "Terms apply."))), 4));
        handle(published(new DocumentDeleted("doc-b", "other-tenant", "admin", "key"), 5));
        handle(published(new DocumentDeleted("doc-a", TENANT, "admin", "key"), 6));

        JsonNode sources = new ObjectMapper().readTree(jdbc.queryForObject(
                "SELECT CAST(sources AS text) FROM chat_reply_view", String.class));
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).path("sourceId").asText()).isEqualTo("1");
        assertThat(sources.get(0).path("documentId").asText()).isEqualTo("doc-a");
        assertThat(sources.get(0).path("chunkId").asText()).isEqualTo("doc-a:3");
        assertThat(sources.get(0).path("snippet").asText()).isEmpty();
        assertThat(sources.get(0).path("title").asText()).isEmpty();
        // another tenant's deletion of a document with the same id changes nothing here
        assertThat(sources.get(1).path("snippet").asText()).isEqualTo("Terms apply.");
        assertThat(sources.get(1).path("title").asText()).isEqualTo("terms.txt");
    }

    @Test
    void aRenameChangesTheTitle() {
        startConversation(SPEC);
        handle(domain(new ConversationRenamed(CONVERSATION, TENANT, "Refund policy"), 5));
        assertThat(jdbc.queryForMap("SELECT title, updated_at FROM chat_conversation_view"))
                .containsEntry("title", "Refund policy").containsEntry("updated_at", Timestamp.from(T0.plusSeconds(5)));
    }

    @Test
    void chunksAndUsageRecordsAreOrderedWithTheirConversation() {
        ChatSequencingPolicy policy = new ChatSequencingPolicy();
        Object conversation = policy.getSequenceIdentifierFor(domain(new ReplyCancelled(CONVERSATION, TENANT, REPLY,
                1), 1));
        assertThat(conversation).isEqualTo(CONVERSATION);
        assertThat(policy.getSequenceIdentifierFor(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1,
                1, "x"), 1))).isEqualTo(conversation);
        assertThat(policy.getSequenceIdentifierFor(published(usage(REPLY, 1, "openai", "1",
                UsageOutcome.COMPLETED), 1))).isEqualTo(conversation);
        assertThat(policy.getSequenceIdentifierFor(published(new ReplyTokensStreamed("c-2", TENANT, "r-2", 1, 1,
                "x"), 1))).isNotEqualTo(conversation);
    }

    /** Every event of one reply's life, in store order. */
    private List<EventMessage<?>> lifecycle() {
        sequence = 0;
        List<EventMessage<?>> events = new ArrayList<>();
        events.add(domain(new ConversationStarted(CONVERSATION, TENANT, "alice", "Refunds", "tenant",
                List.of("search_knowledge")), 0));
        events.add(domain(new UserMessagePosted(CONVERSATION, TENANT, "alice", MESSAGE, REPLY, 1,
                "What is our refund policy?", List.of("f-1")), 1));
        events.add(domain(new ReplyRequested(CONVERSATION, TENANT, REPLY, MESSAGE, 1, SPEC, "alice", "l-1", "res-1"),
                1));
        events.add(domain(new ReplyScreened(CONVERSATION, TENANT, REPLY, 1, ScreeningVerdict.FLAG, "role_play", 0.42,
                "asks to play a role"), 2));
        events.add(domain(new ReplyRouted(CONVERSATION, TENANT, REPLY, 1, RouteCategory.GENERAL, 0.91, "openai",
                "gpt-4o-mini", "a policy question", RouteDecider.SEMANTIC), 3));
        events.add(domain(new ReplyMemoryApplied(CONVERSATION, TENANT, REPLY, 1, 0, 0, false, "", 0,
                List.of(new ProfileFact("name", "Alice"))), 4));
        events.add(domain(new ReplyStreamStarted(CONVERSATION, TENANT, REPLY, 1, "openai", "gpt-4o-mini", "node-a",
                42L), 5));
        events.add(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 1, "Refunds "), 6));
        events.add(published(new ReplyTokensStreamed(CONVERSATION, TENANT, REPLY, 1, 2, "within 30 days."), 7));
        events.add(published(usage(REPLY, 1, "openai", "0.0004", UsageOutcome.COMPLETED), 8));
        events.add(domain(new ReplyCompleted(CONVERSATION, TENANT, REPLY, 1, "Refunds within 30 days.",
                new TokenUsage(42, 5, true), "openai", "gpt-4o-mini-2025", 800, 2, null), 9));
        events.add(domain(new ReplyFeedbackGiven(CONVERSATION, TENANT, REPLY, "alice", FeedbackRating.UP, "helpful",
                RouteCategory.GENERAL, "gpt-4o-mini-2025"), 30));
        return events;
    }

    private void startConversation(ReplySpec spec) {
        sequence = 0;
        handle(domain(new ConversationStarted(CONVERSATION, TENANT, "alice", "Refunds", spec.knowledge(), List.of()),
                0));
        handle(domain(new UserMessagePosted(CONVERSATION, TENANT, "alice", MESSAGE, REPLY, 1, spec.text(),
                List.of()), 1));
        handle(domain(new ReplyRequested(CONVERSATION, TENANT, REPLY, MESSAGE, 1, spec, "alice", null, null), 1));
    }

    private void startedAndRouted(ReplySpec spec) {
        startConversation(spec);
        handle(domain(new ReplyScreened(CONVERSATION, TENANT, REPLY, 1, ScreeningVerdict.ALLOW, "benign", 0.01,
                "ok"), 2));
        handle(domain(new ReplyRouted(CONVERSATION, TENANT, REPLY, 1, RouteCategory.GENERAL, 0.9, "openai",
                "gpt-4o-mini", "general question", RouteDecider.SEMANTIC), 3));
    }

    private static ReplySpec spec(String knowledge) {
        return new ReplySpec("What is our refund policy?", List.of(), null, MemoryInput.EMPTY, false, Set.of(),
                RoutingRules.DEFAULT, "chat-v1", knowledge, List.of());
    }

    private static AttemptUsageRecorded usage(String replyId, int attempt, String provider, String cost,
                                              UsageOutcome outcome) {
        return new AttemptUsageRecorded(CONVERSATION, TENANT, replyId, attempt, "alice", provider, "gpt-4o-mini",
                new TokenUsage(42, outcome == UsageOutcome.CANCELLED ? 3 : 5, true), Money.of(cost, "EUR"), outcome,
                null, null, null, null, true);
    }

    /** An event of the conversation's aggregate, with the next sequence number, {@code second}s after T0. */
    private EventMessage<?> domain(Object payload, int second) {
        return domain(CONVERSATION, sequence++, payload, second);
    }

    private static EventMessage<?> domain(String aggregateId, long sequenceNumber, Object payload, int second) {
        return new GenericDomainEventMessage<>("Conversation", aggregateId, sequenceNumber, payload, Map.of(),
                UUID.randomUUID().toString(), T0.plusSeconds(second));
    }

    /** An event published without an aggregate (chunks, usage records). */
    private static EventMessage<?> published(Object payload, int second) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, Map.of(), T0.plusSeconds(second));
    }

    private void handle(EventMessage<?> event) {
        try {
            chat.handle(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<Map<String, Object>>> tables() {
        return List.of(
                jdbc.queryForList("SELECT * FROM chat_conversation_view ORDER BY conversation_id"),
                jdbc.queryForList("SELECT * FROM chat_message_view ORDER BY message_id"),
                jdbc.queryForList("SELECT * FROM chat_reply_view ORDER BY reply_id"),
                jdbc.queryForList("SELECT * FROM chat_reply_attempt_view ORDER BY reply_id, attempt"),
                jdbc.queryForList("SELECT * FROM chat_reply_chunk_view ORDER BY reply_id, attempt, seq"),
                jdbc.queryForList("SELECT * FROM chat_feedback_view ORDER BY reply_id, attempt"));
    }
}
