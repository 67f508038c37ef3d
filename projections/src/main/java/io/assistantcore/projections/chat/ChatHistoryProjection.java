package io.assistantcore.projections.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatEvents.ConversationCleared;
import io.assistantcore.messages.chat.ChatEvents.ConversationRenamed;
import io.assistantcore.messages.chat.ChatEvents.ConversationStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyAttemptRestarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyAwaitingToolCalls;
import io.assistantcore.messages.chat.ChatEvents.ReplyResumedAfterTools;
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
import io.assistantcore.messages.chat.ChatEvents.ReplyGrounded;
import io.assistantcore.messages.chat.ChatEvents.ReplySourcesRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyImageRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyStreamStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ChatEvents.UserMessagePosted;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.knowledge.KnowledgeEvents.DocumentDeleted;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The chat history: conversations with their memory state, user messages, replies with every attempt, the streamed
 * chunks (so a client that connects late or reconnects gets what it missed) and the feedback rows of the analytics.
 * Idempotent per event, so a replay rebuilds the same tables and a chunk delivered twice is stored once.
 * <p>
 * Statuses (API.md "Conversations"): a requested, regenerated, failed-over or restarted attempt is {@code PENDING};
 * screened (allowed or flagged) it is {@code ROUTING} (a BLOCK keeps the status until the refusal arrives); routed
 * with the tenant's documents as knowledge it is {@code RETRIEVING}, otherwise it stays {@code ROUTING} until the
 * stream starts ({@code STREAMING}); the ending events set {@code COMPLETED}, {@code REFUSED}, {@code FAILED} or
 * {@code CANCELLED}. Progress events of an attempt that is no longer the reply's current one, or that arrive after
 * the attempt ended, change nothing.
 * <p>
 * {@link AttemptUsageRecorded} is shared with the assist history: its {@code suggestionId} is a reply id here, and
 * each projection updates only the rows it has.
 */
@Component
@ProcessingGroup(ChatHistoryProjection.PROCESSING_GROUP)
public class ChatHistoryProjection {

    public static final String PROCESSING_GROUP = "chat-history";

    private static final String FORGOTTEN = PersonalData.FORGOTTEN;
    private static final String RUNNING = "status NOT IN ('COMPLETED', 'REFUSED', 'FAILED', 'CANCELLED')";
    private static final String FAILED_OVER = "FAILED_OVER";
    private static final String ABANDONED = "ABANDONED";
    private static final String TOOLS_CALLED = "TOOLS_CALLED";

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public ChatHistoryProjection(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    @EventHandler
    public void on(ConversationStarted event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO chat_conversation_view (conversation_id, tenant_id, user_id, title, knowledge, tools,
                    created_at, updated_at) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
                ON CONFLICT (conversation_id) DO NOTHING""",
                event.conversationId(), event.tenantId(), event.userId(), event.title(),
                event.knowledge() == null ? "none" : event.knowledge(), json(event.tools()), utc(at), utc(at));
    }

    @EventHandler
    public void on(ConversationRenamed event, @Timestamp Instant at) {
        jdbc.update("UPDATE chat_conversation_view SET title = ?, updated_at = ? WHERE conversation_id = ?",
                event.title(), utc(at), event.conversationId());
    }

    @EventHandler
    public void on(UserMessagePosted event, @SequenceNumber long position, @Timestamp Instant at) {
        int inserted = jdbc.update("""
                INSERT INTO chat_message_view (message_id, conversation_id, tenant_id, reply_id, position, turn, text,
                    attachments, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (message_id) DO NOTHING""",
                event.messageId(), event.conversationId(), event.tenantId(), event.replyId(), position, event.turn(),
                event.text(), json(event.attachments()), utc(at));
        if (inserted > 0) {
            jdbc.update("UPDATE chat_conversation_view SET message_count = message_count + 1, updated_at = ? "
                    + "WHERE conversation_id = ?", utc(at), event.conversationId());
        }
    }

    @EventHandler
    public void on(ReplyRequested event, @Timestamp Instant at) {
        ReplySpec spec = event.spec();
        int inserted = jdbc.update("""
                INSERT INTO chat_reply_view (reply_id, message_id, conversation_id, tenant_id, user_id, knowledge,
                    prompt_version, attempt, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reply_id) DO NOTHING""",
                event.replyId(), event.messageId(), event.conversationId(), event.tenantId(), event.userId(),
                spec == null ? null : spec.knowledge(), spec == null ? null : spec.promptVersion(), event.attempt(),
                ReplyStatus.PENDING.name(), utc(at), utc(at));
        if (inserted > 0) {
            jdbc.update("UPDATE chat_conversation_view SET reply_count = reply_count + 1 WHERE conversation_id = ?",
                    event.conversationId());
            newAttempt(event.replyId(), event.attempt(), at);
        } else {
            regenerate(event.replyId(), event.attempt(), spec, at);
        }
    }

    @EventHandler
    public void on(ReplyRegenerated event, @Timestamp Instant at) {
        jdbc.update("DELETE FROM chat_reply_image_view WHERE reply_id = ?", event.replyId());
        regenerate(event.replyId(), event.attempt(), event.spec(), at);
    }

    /** A picture made for the reply (its bytes are the platform's; only its id is kept here). */
    @EventHandler
    public void on(ReplyImageRecorded event, @Timestamp Instant at) {
        jdbc.update("INSERT INTO chat_reply_image_view (image_id, tenant_id, reply_id, attempt, created_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (image_id) DO NOTHING", event.imageId(), event.tenantId(),
                event.replyId(), event.attempt(), utc(at));
    }

    /** The passages a grounded reply was given; an attempt that retrieves again replaces them. */
    @EventHandler
    public void on(ReplySourcesRecorded event, @Timestamp Instant at) {
        jdbc.update("UPDATE chat_reply_view SET sources = CAST(? AS jsonb), updated_at = ? WHERE reply_id = ? "
                        + "AND attempt = ? AND " + RUNNING,
                json(event.sources()), utc(at), event.replyId(), event.attempt());
    }

    @EventHandler
    public void on(ReplyGrounded event, @Timestamp Instant at) {
        jdbc.update("UPDATE chat_reply_view SET citations = CAST(? AS jsonb), confidence_level = ?, "
                        + "confidence_score = ?, updated_at = ? WHERE reply_id = ? AND attempt = ? AND " + RUNNING,
                json(event.citations()), event.confidence() == null ? null : event.confidence().name(),
                event.score(), utc(at), event.replyId(), event.attempt());
    }

    @EventHandler
    public void on(ReplyScreened event, @Timestamp Instant at) {
        boolean blocked = event.verdict() == ScreeningVerdict.BLOCK;
        jdbc.update("""
                UPDATE chat_reply_view SET screening_verdict = ?, screening_category = ?, screening_score = ?,
                    screening_reason = ?, status = CASE WHEN ? THEN status ELSE ? END, updated_at = ?
                WHERE reply_id = ? AND attempt = ? AND""" + " " + RUNNING,
                event.verdict() == null ? null : event.verdict().name(), event.category(), event.score(),
                event.reason(), blocked, ReplyStatus.ROUTING.name(), utc(at), event.replyId(), event.attempt());
    }

    @EventHandler
    public void on(ReplyRouted event, @Timestamp Instant at) {
        boolean textModel = event.category() != null && event.category().routable();
        jdbc.update("""
                UPDATE chat_reply_view SET route_category = ?, route_confidence = ?, route_provider = ?,
                    route_model = ?, route_reason = ?, route_decided_by = ?,
                    status = CASE WHEN ? AND knowledge = 'tenant' THEN ? ELSE ? END, updated_at = ?
                WHERE reply_id = ? AND attempt = ? AND""" + " " + RUNNING,
                event.category() == null ? null : event.category().wireName(), event.confidence(), event.provider(),
                event.model(), event.reason(), event.decidedBy() == null ? null : event.decidedBy().name(), textModel,
                ReplyStatus.RETRIEVING.name(), ReplyStatus.ROUTING.name(), utc(at), event.replyId(), event.attempt());
    }

    /**
     * The reply's memory use, and the conversation's memory view: set from the reply of the latest turn that applied
     * it (a regenerated older reply does not roll it back), never from a reply whose message a clear has hidden.
     */
    @EventHandler
    public void on(ReplyMemoryApplied event, @Timestamp Instant at) {
        int current = jdbc.update("""
                UPDATE chat_reply_view SET memory_turns_kept = ?, memory_turns_condensed = ?, memory_truncated = ?,
                    updated_at = ? WHERE reply_id = ? AND attempt = ? AND""" + " " + RUNNING,
                event.turnsKept(), event.turnsCondensed(), event.truncated(), utc(at), event.replyId(),
                event.attempt());
        if (current == 0) {
            return;
        }
        jdbc.update("""
                UPDATE chat_conversation_view c SET summary = ?, profile = CAST(? AS jsonb), turns_kept = ?,
                    turns_condensed = ?, memory_turn = m.turn, updated_at = ?
                FROM chat_reply_view r JOIN chat_message_view m ON m.message_id = r.message_id
                WHERE r.reply_id = ? AND c.conversation_id = r.conversation_id AND NOT m.hidden
                  AND m.turn >= c.memory_turn""",
                event.summary() == null ? "" : event.summary(), json(event.profile()), event.turnsKept(),
                event.turnsCondensed(), utc(at), event.replyId());
    }

    @EventHandler
    public void on(ReplyStreamStarted event, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE chat_reply_view SET status = ?, provider = ?, model = ?, worker_node = ?, prompt_tokens = ?,
                    updated_at = ?
                WHERE reply_id = ? AND attempt = ? AND""" + " " + RUNNING,
                ReplyStatus.STREAMING.name(), event.provider(), event.model(), event.workerNode(),
                event.promptTokens(), utc(at), event.replyId(), event.attempt());
        jdbc.update("UPDATE chat_reply_attempt_view SET status = ?, provider = ?, model = ? "
                        + "WHERE reply_id = ? AND attempt = ? AND ended_at IS NULL", ReplyStatus.STREAMING.name(),
                event.provider(), event.model(), event.replyId(), event.attempt());
    }

    @EventHandler
    public void on(ReplyTokensStreamed event, @Timestamp Instant at) {
        int inserted = jdbc.update("INSERT INTO chat_reply_chunk_view (reply_id, attempt, seq, text) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", event.replyId(), event.attempt(),
                event.seq(), event.text());
        if (inserted > 0) {
            jdbc.update("UPDATE chat_reply_attempt_view SET chunks = chunks + 1 WHERE reply_id = ? AND attempt = ?",
                    event.replyId(), event.attempt());
            // a sign of life: a running reply silent for long can be found by its updated_at
            jdbc.update("UPDATE chat_reply_view SET updated_at = ? WHERE reply_id = ? AND attempt = ? AND "
                    + RUNNING, utc(at), event.replyId(), event.attempt());
        }
    }

    /** What an attempt consumed and cost; arrives before (or, for a cancel, after) the event that ends it. */
    @EventHandler
    public void on(AttemptUsageRecorded event) {
        BigDecimal amount = event.cost() == null ? null : event.cost().amount();
        String currency = event.cost() == null ? null : event.cost().currency();
        TokenUsage usage = event.usage();
        jdbc.update("""
                UPDATE chat_reply_attempt_view SET cost_amount = ?, cost_currency = ?, input_tokens = ?,
                    output_tokens = ?, usage_reported = ?, provider = COALESCE(provider, ?), model = COALESCE(model, ?)
                WHERE reply_id = ? AND attempt = ?""",
                amount, currency, usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(), usage == null ? null : usage.reportedByProvider(),
                event.provider(), event.model(), event.suggestionId(), event.attempt());
        jdbc.update("""
                UPDATE chat_reply_view SET cost_amount = ?, cost_currency = ?, input_tokens = ?, output_tokens = ?,
                    usage_reported = ? WHERE reply_id = ? AND attempt = ?""",
                amount, currency, usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(), usage == null ? null : usage.reportedByProvider(),
                event.suggestionId(), event.attempt());
    }

    @EventHandler
    public void on(ReplyCompleted event, @Timestamp Instant at) {
        TokenUsage usage = event.usage();
        jdbc.update("""
                UPDATE chat_reply_view SET status = ?, text = ?, provider = ?, model = ?,
                    input_tokens = COALESCE(?, input_tokens), output_tokens = COALESCE(?, output_tokens),
                    usage_reported = COALESCE(?, usage_reported), latency_ms = ?, chunk_count = ?, reused_from = ?,
                    failure_reason = NULL, updated_at = ?
                WHERE reply_id = ? AND attempt = ?""",
                ReplyStatus.COMPLETED.name(), event.text(), event.provider(), event.model(),
                usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens(),
                usage == null ? null : usage.reportedByProvider(), event.latencyMillis(), event.chunkCount(),
                event.reusedFromReply(), utc(at), event.replyId(), event.attempt());
        jdbc.update("UPDATE chat_reply_attempt_view SET provider = ?, model = ? WHERE reply_id = ? AND attempt = ?",
                event.provider(), event.model(), event.replyId(), event.attempt());
        endAttempt(event.replyId(), event.attempt(), ReplyStatus.COMPLETED.name(), event.text(), usage, null, at);
    }

    @EventHandler
    public void on(ReplyRefused event, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE chat_reply_view SET status = ?, refusal_kind = ?, refusal_reason = ?, updated_at = ?
                WHERE reply_id = ? AND attempt = ?""",
                ReplyStatus.REFUSED.name(), event.kind() == null ? null : event.kind().name(), event.reason(),
                utc(at), event.replyId(), event.attempt());
        endAttempt(event.replyId(), event.attempt(), ReplyStatus.REFUSED.name(), null, null, null, at);
    }

    @EventHandler
    public void on(ReplyFailed event, @Timestamp Instant at) {
        TokenUsage usage = event.usage();
        jdbc.update("""
                UPDATE chat_reply_view SET status = ?, failure_reason = ?, text = ?,
                    provider = COALESCE(?, provider), input_tokens = COALESCE(?, input_tokens),
                    output_tokens = COALESCE(?, output_tokens), usage_reported = COALESCE(?, usage_reported),
                    updated_at = ?
                WHERE reply_id = ? AND attempt = ?""",
                ReplyStatus.FAILED.name(), event.reason(), blankToNull(event.partialText()), event.provider(),
                usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens(),
                usage == null ? null : usage.reportedByProvider(), utc(at), event.replyId(), event.attempt());
        endAttempt(event.replyId(), event.attempt(), ReplyStatus.FAILED.name(), event.partialText(), usage,
                event.reason(), at);
    }

    /** The attempt ends with what it had streamed; the next one starts on the next provider, same screen and route. */
    @EventHandler
    public void on(ReplyFailedOver event, @Timestamp Instant at) {
        endAttempt(event.replyId(), event.attempt(), FAILED_OVER, event.partialText(), event.usage(),
                event.failedProvider() + " failed (" + event.reason() + "); " + event.nextProvider() + " takes over",
                at);
        takeOver(event.replyId(), event.nextAttempt(), at);
    }

    /** The model asked for tools: the reply waits for their calls (their own view: the tool calls read model). */
    @EventHandler
    public void on(ReplyAwaitingToolCalls event, @Timestamp Instant at) {
        jdbc.update("UPDATE chat_reply_view SET status = ?, updated_at = ? WHERE reply_id = ? AND attempt = ?",
                ReplyStatus.AWAITING_APPROVAL.name(), utc(at), event.replyId(), event.attempt());
        endAttempt(event.replyId(), event.attempt(), TOOLS_CALLED, event.assistantText(), null, null, at);
    }

    /** Every tool call ended: the next attempt goes on from their results, same screen and route. */
    @EventHandler
    public void on(ReplyResumedAfterTools event, @Timestamp Instant at) {
        takeOver(event.replyId(), event.attempt(), at);
    }

    /** The abandoned attempt ends as ABANDONED (its estimated usage came before); the next one is PENDING. */
    @EventHandler
    public void on(ReplyAttemptRestarted event, @Timestamp Instant at) {
        endAttempt(event.replyId(), event.attempt() - 1, ABANDONED, null, null, event.reason(), at);
        takeOver(event.replyId(), event.attempt(), at);
    }

    @EventHandler
    public void on(ReplyCancelled event, @Timestamp Instant at) {
        jdbc.update("UPDATE chat_reply_view SET status = ?, updated_at = ? WHERE reply_id = ? AND attempt = ?",
                ReplyStatus.CANCELLED.name(), utc(at), event.replyId(), event.attempt());
        jdbc.update("UPDATE chat_reply_attempt_view SET status = ?, ended_at = COALESCE(ended_at, ?) "
                        + "WHERE reply_id = ? AND attempt = ?", ReplyStatus.CANCELLED.name(), utc(at), event.replyId(),
                event.attempt());
    }

    /** The partial text of a cancelled attempt is kept (and billed): the reply shows it. */
    @EventHandler
    public void on(ReplyCancelledOutputRecorded event, @Timestamp Instant at) {
        TokenUsage usage = event.usage();
        jdbc.update("""
                UPDATE chat_reply_view SET text = ?, provider = COALESCE(provider, ?), model = COALESCE(model, ?),
                    input_tokens = ?, output_tokens = ?, usage_reported = ?, updated_at = ?
                WHERE reply_id = ? AND attempt = ?""",
                blankToNull(event.partialText()), event.provider(), event.model(),
                usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens(),
                usage == null ? null : usage.reportedByProvider(), utc(at), event.replyId(), event.attempt());
        jdbc.update("""
                UPDATE chat_reply_attempt_view SET text = ?, input_tokens = ?, output_tokens = ?, usage_reported = ?,
                    provider = COALESCE(provider, ?), model = COALESCE(model, ?)
                WHERE reply_id = ? AND attempt = ?""",
                event.partialText(), usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(), usage == null ? null : usage.reportedByProvider(),
                event.provider(), event.model(), event.replyId(), event.attempt());
    }

    /** The rating of the reply's current attempt; a new rating replaces the earlier one (in the analytics too). */
    @EventHandler
    public void on(ReplyFeedbackGiven event, @Timestamp Instant at) {
        String rating = event.rating().name();
        jdbc.update("""
                UPDATE chat_reply_view SET feedback_rating = ?, feedback_comment = ?, feedback_at = ?, updated_at = ?
                WHERE reply_id = ?""", rating, event.comment(), utc(at), utc(at), event.replyId());
        jdbc.update("""
                INSERT INTO chat_feedback_view (reply_id, attempt, tenant_id, conversation_id, user_id, model,
                    category, rating, given_at, feedback_day)
                SELECT reply_id, attempt, tenant_id, conversation_id, ?, ?, ?, ?, ?, ? FROM chat_reply_view
                WHERE reply_id = ?
                ON CONFLICT (reply_id, attempt) DO UPDATE SET user_id = excluded.user_id, model = excluded.model,
                    category = excluded.category, rating = excluded.rating, given_at = excluded.given_at,
                    feedback_day = excluded.feedback_day""",
                event.userId(), event.model(), event.category() == null ? null : event.category().wireName(), rating,
                utc(at), day(at), event.replyId());
    }

    /** Memory starts afresh, earlier messages are hidden from the user; the events (and rows) stay for auditors. */
    @EventHandler
    public void on(ConversationCleared event, @Timestamp Instant at) {
        jdbc.update("UPDATE chat_message_view SET hidden = TRUE WHERE conversation_id = ? AND NOT hidden",
                event.conversationId());
        jdbc.update("""
                UPDATE chat_conversation_view SET summary = '', profile = '[]'::jsonb, turns_kept = 0,
                    turns_condensed = 0, memory_turn = 0, message_count = 0, reply_count = 0, cleared_at = ?,
                    updated_at = ?
                WHERE conversation_id = ?""", utc(at), utc(at), event.conversationId());
    }

    /**
     * A forgotten user's texts leave the history of their conversations (the conversation's owner is the data
     * subject of every personal text in it): their key is gone, so a replay would read them as forgotten too; this
     * makes the live read model say the same at once. Counts, statuses, usage, costs and feedback ratings stay.
     */
    @EventHandler
    public void on(MemberDataForgotten event) {
        String conversations = "SELECT conversation_id FROM chat_conversation_view WHERE tenant_id = ? AND user_id = ?";
        String replies = "SELECT reply_id FROM chat_reply_view WHERE conversation_id IN (" + conversations + ")";
        jdbc.update("UPDATE chat_reply_chunk_view SET text = ? WHERE reply_id IN (" + replies + ")", FORGOTTEN,
                event.tenantId(), event.userId());
        jdbc.update("UPDATE chat_reply_attempt_view SET text = CASE WHEN text IS NULL THEN NULL ELSE ? END "
                + "WHERE reply_id IN (" + replies + ")", FORGOTTEN, event.tenantId(), event.userId());
        jdbc.update("""
                UPDATE chat_reply_view SET text = CASE WHEN text IS NULL THEN NULL ELSE ? END,
                    feedback_comment = CASE WHEN feedback_comment IS NULL THEN NULL ELSE ? END
                WHERE conversation_id IN (""" + conversations + ")", FORGOTTEN, FORGOTTEN, event.tenantId(),
                event.userId());
        jdbc.update("UPDATE chat_message_view SET text = ? WHERE conversation_id IN (" + conversations + ")",
                FORGOTTEN, event.tenantId(), event.userId());
        jdbc.update("""
                UPDATE chat_conversation_view SET title = CASE WHEN title IS NULL THEN NULL ELSE ? END,
                    summary = CASE WHEN summary = '' THEN '' ELSE ? END,
                    profile = COALESCE((SELECT jsonb_agg(fact || jsonb_build_object('value', ?::text))
                        FROM jsonb_array_elements(profile) fact), '[]'::jsonb)
                WHERE tenant_id = ? AND user_id = ?""", FORGOTTEN, FORGOTTEN, FORGOTTEN, event.tenantId(),
                event.userId());
    }

    /**
     * A deleted document leaves no text behind in the replies that quoted it: each of its sources keeps its number,
     * document id, page, chunk id and score (the reply's citations still resolve), with the title and snippet blanked.
     * The reply's own text is the conversation and stays.
     */
    @EventHandler
    public void on(DocumentDeleted event) {
        jdbc.update("""
                UPDATE chat_reply_view SET sources = (
                    SELECT jsonb_agg(CASE WHEN source ->> 'documentId' = ?
                                          THEN source || jsonb_build_object('title', '', 'snippet', '')
                                          ELSE source END ORDER BY position)
                    FROM jsonb_array_elements(sources) WITH ORDINALITY AS s(source, position))
                WHERE tenant_id = ? AND sources @> jsonb_build_array(jsonb_build_object('documentId', ?))""",
                event.fileId(), event.tenantId(), event.fileId());
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM chat_feedback_view");
        jdbc.update("DELETE FROM chat_reply_image_view");
        jdbc.update("DELETE FROM chat_reply_chunk_view");
        jdbc.update("DELETE FROM chat_reply_attempt_view");
        jdbc.update("DELETE FROM chat_reply_view");
        jdbc.update("DELETE FROM chat_message_view");
        jdbc.update("DELETE FROM chat_conversation_view");
    }

    /**
     * A new attempt of the whole reply (regenerate): everything the earlier attempt decided or produced is cleared,
     * its feedback too (it rated the earlier text); the earlier attempt stays in the attempts table.
     */
    private void regenerate(String replyId, int attempt, ReplySpec spec, Instant at) {
        jdbc.update("""
                UPDATE chat_reply_view SET status = ?, attempt = ?, knowledge = COALESCE(?, knowledge),
                    prompt_version = COALESCE(?, prompt_version), text = NULL, screening_verdict = NULL,
                    screening_category = NULL, screening_score = NULL, screening_reason = NULL, route_category = NULL,
                    route_confidence = NULL, route_provider = NULL, route_model = NULL, route_reason = NULL,
                    route_decided_by = NULL, memory_turns_kept = NULL, memory_turns_condensed = NULL,
                    memory_truncated = NULL, refusal_kind = NULL, refusal_reason = NULL, provider = NULL,
                    model = NULL, worker_node = NULL, prompt_tokens = NULL, input_tokens = NULL,
                    output_tokens = NULL, usage_reported = NULL, cost_amount = NULL, cost_currency = NULL,
                    latency_ms = NULL, chunk_count = NULL, failure_reason = NULL, reused_from = NULL,
                    feedback_rating = NULL, feedback_comment = NULL, feedback_at = NULL, updated_at = ?
                WHERE reply_id = ? AND attempt < ?""",
                ReplyStatus.PENDING.name(), attempt, spec == null ? null : spec.knowledge(),
                spec == null ? null : spec.promptVersion(), utc(at), replyId, attempt);
        newAttempt(replyId, attempt, at);
    }

    /**
     * A new attempt continues the reply (failover, restart): what the earlier attempt produced is cleared, what the
     * reply was screened and routed as stays until the new attempt records its own.
     */
    private void takeOver(String replyId, int attempt, Instant at) {
        jdbc.update("""
                UPDATE chat_reply_view SET status = ?, attempt = ?, text = NULL, provider = NULL, model = NULL,
                    worker_node = NULL, prompt_tokens = NULL, input_tokens = NULL, output_tokens = NULL,
                    usage_reported = NULL, cost_amount = NULL, cost_currency = NULL, latency_ms = NULL,
                    chunk_count = NULL, failure_reason = NULL, reused_from = NULL, updated_at = ?
                WHERE reply_id = ? AND attempt < ?""",
                ReplyStatus.PENDING.name(), attempt, utc(at), replyId, attempt);
        newAttempt(replyId, attempt, at);
    }

    private void newAttempt(String replyId, int attempt, Instant at) {
        jdbc.update("INSERT INTO chat_reply_attempt_view (reply_id, attempt, status, started_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", replyId, attempt, ReplyStatus.PENDING.name(), utc(at));
    }

    private void endAttempt(String replyId, int attempt, String status, String text, TokenUsage usage, String reason,
                            Instant at) {
        jdbc.update("""
                UPDATE chat_reply_attempt_view SET status = ?, text = COALESCE(?, text),
                    input_tokens = COALESCE(?, input_tokens), output_tokens = COALESCE(?, output_tokens),
                    usage_reported = COALESCE(?, usage_reported), failure_reason = ?, ended_at = ?
                WHERE reply_id = ? AND attempt = ?""",
                status, blankToNull(text), usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(), usage == null ? null : usage.reportedByProvider(), reason,
                utc(at), replyId, attempt);
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Value cannot be written as JSON", e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
