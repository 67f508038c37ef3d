package io.assistantcore.projections.assist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
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
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.MetaDataKeys;
import io.assistantcore.platform.deadletter.WriteAhead;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The assist history: sessions, suggestions with every attempt, and the streamed chunks (so a client that connects
 * late or reconnects gets what it missed). Idempotent per event, so a replay rebuilds the same tables. The events
 * a session has most of (chunks, start, usage, completion) are each one statement — one round trip — however many
 * tables they change. In a replay, a session's chunks that follow each other in a batch are one statement together.
 */
@Component
@ProcessingGroup(AssistHistoryProjection.PROCESSING_GROUP)
public class AssistHistoryProjection {

    private static final String FORGOTTEN = io.assistantcore.messages.privacy.PersonalData.FORGOTTEN;

    public static final String PROCESSING_GROUP = "assist-history";

    /** At most this many chunk events are written with the one before them. */
    private static final int MAX_CHUNKS_AHEAD = 500;

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public AssistHistoryProjection(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    @EventHandler
    void on(AssistSessionStarted event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO assist_session_view (session_id, tenant_id, user_id, entity_type, entity_id, field_name,
                    original_text, context, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (session_id) DO NOTHING""",
                event.sessionId(), event.tenantId(), event.userId(), event.field().entityType(),
                event.field().entityId(), event.field().fieldName(), event.originalText(), json(event.context()), utc(at));
    }

    @EventHandler
    void on(SuggestionRequested event, @MetaDataValue(MetaDataKeys.USER_ID) String userId, @Timestamp Instant at) {
        GenerationSpec spec = event.spec();
        jdbc.update("""
                WITH attempt AS (INSERT INTO suggestion_attempt_view (suggestion_id, attempt, status, started_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING)
                INSERT INTO suggestion_view (suggestion_id, session_id, tenant_id, user_id, action, tone, instruction,
                    refined_from, prompt_version, status, attempt, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (suggestion_id) DO NOTHING""",
                event.suggestionId(), event.attempt(), SuggestionStatus.REQUESTED.name(), utc(at),
                event.suggestionId(), event.sessionId(), event.tenantId(), userId, spec.action().name(),
                spec.tone() == null ? null : spec.tone().name(), spec.instruction(), event.refinedFromSuggestionId(),
                spec.promptVersion(), SuggestionStatus.REQUESTED.name(), event.attempt(), utc(at), utc(at));
    }

    @EventHandler
    void on(SuggestionStreamStarted event, @Timestamp Instant at) {
        jdbc.update("""
                WITH attempt AS (UPDATE suggestion_attempt_view SET status = ?, provider = ?, model = ?
                    WHERE suggestion_id = ? AND attempt = ?)
                UPDATE suggestion_view SET status = ?, provider = ?, model = ?, updated_at = ?, worker_node = ?,
                    prompt_tokens = ? WHERE suggestion_id = ? AND attempt = ?""",
                SuggestionStatus.STREAMING.name(), event.provider(), event.model(), event.suggestionId(),
                event.attempt(),
                SuggestionStatus.STREAMING.name(), event.provider(), event.model(), utc(at), event.workerNode(),
                event.promptTokens(), event.suggestionId(), event.attempt());
    }

    @EventHandler
    void on(SuggestionTokensStreamed event, @Timestamp Instant at, EventMessage<?> message) {
        if (WriteAhead.written(message)) {
            return;
        }
        if (ReplayToken.isReplay(message)) {
            List<EventMessage<?>> run = followingChunksOfSession(message, event.sessionId());
            if (!run.isEmpty()) {
                chunks(event, at, run);
                return;
            }
        }
        on(event, at);
    }

    /** One chunk event on its own. */
    void on(SuggestionTokensStreamed event, Instant at) {
        // one statement (one round trip): the chunk, and only when it is new, its count and a sign of life (running
        // suggestions without one for long are restarted)
        jdbc.update("""
                WITH chunk AS (INSERT INTO suggestion_chunk_view (suggestion_id, attempt, seq, text)
                    VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1),
                counted AS (UPDATE suggestion_attempt_view SET chunks = chunks + 1
                    WHERE suggestion_id = ? AND attempt = ? AND EXISTS (SELECT 1 FROM chunk))
                UPDATE suggestion_view SET updated_at = ?
                WHERE suggestion_id = ? AND attempt = ? AND EXISTS (SELECT 1 FROM chunk)""",
                event.suggestionId(), event.attempt(), event.seq(), event.text(),
                event.suggestionId(), event.attempt(),
                utc(at), event.suggestionId(), event.attempt());
    }

    /**
     * The chunk events of the same session that directly follow the current one in its batch, while a replay may
     * write them with it ({@link WriteAhead}); a chunk whose payload cannot be read ends the run (its own turn then
     * reports it).
     */
    private static List<EventMessage<?>> followingChunksOfSession(EventMessage<?> own, String sessionId) {
        List<EventMessage<?>> run = new ArrayList<>();
        for (EventMessage<?> next : WriteAhead.following(own)) {
            if (run.size() >= MAX_CHUNKS_AHEAD || next.getPayloadType() != SuggestionTokensStreamed.class) {
                break;
            }
            try {
                if (!((SuggestionTokensStreamed) next.getPayload()).sessionId().equals(sessionId)) {
                    break;
                }
            } catch (RuntimeException unreadable) {
                break;
            }
            run.add(next);
        }
        return run;
    }

    /**
     * A chunk and the chunks after it in one statement, with the effect of {@link #on(SuggestionTokensStreamed,
     * Instant, EventMessage)} for each in turn: every new chunk (the first of equal ones) is stored and counted, and
     * the suggestion's sign of life is the time of the last new one. Refused as a whole, the chunks are written one
     * by one ({@link WriteAhead.Refused}).
     */
    void chunks(SuggestionTokensStreamed first, Instant at, List<EventMessage<?>> following) {
        int size = following.size() + 1;
        String[] suggestionIds = new String[size];
        Integer[] attempts = new Integer[size];
        Integer[] seqs = new Integer[size];
        String[] texts = new String[size];
        String[] times = new String[size];
        for (int i = 0; i < size; i++) {
            SuggestionTokensStreamed chunk = i == 0 ? first
                    : (SuggestionTokensStreamed) following.get(i - 1).getPayload();
            suggestionIds[i] = chunk.suggestionId();
            attempts[i] = chunk.attempt();
            seqs[i] = chunk.seq();
            texts[i] = chunk.text();
            times[i] = (i == 0 ? at : following.get(i - 1).getTimestamp()).toString();
        }
        try {
            jdbc.update("""
                    WITH given AS (
                        SELECT DISTINCT ON (suggestion_id, attempt, seq) suggestion_id, attempt, seq, text, at, ord
                        FROM unnest(CAST(? AS text[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS text[]),
                            CAST(? AS timestamptz[])) WITH ORDINALITY AS g(suggestion_id, attempt, seq, text, at, ord)
                        ORDER BY suggestion_id, attempt, seq, ord),
                    chunk AS (INSERT INTO suggestion_chunk_view (suggestion_id, attempt, seq, text)
                        SELECT suggestion_id, attempt, seq, text FROM given ORDER BY ord
                        ON CONFLICT DO NOTHING RETURNING suggestion_id, attempt, seq),
                    added AS (SELECT g.suggestion_id, g.attempt, count(*) AS chunks,
                            (array_agg(g.at ORDER BY g.ord DESC))[1] AS at
                        FROM given g JOIN chunk c USING (suggestion_id, attempt, seq)
                        GROUP BY g.suggestion_id, g.attempt),
                    counted AS (UPDATE suggestion_attempt_view a SET chunks = a.chunks + added.chunks FROM added
                        WHERE a.suggestion_id = added.suggestion_id AND a.attempt = added.attempt)
                    UPDATE suggestion_view v SET updated_at = added.at FROM added
                    WHERE v.suggestion_id = added.suggestion_id AND v.attempt = added.attempt""",
                    suggestionIds, attempts, seqs, texts, times);
        } catch (DataAccessException refused) {
            throw new WriteAhead.Refused(refused);
        }
        WriteAhead.wrote(following);
    }

    /**
     * A forgotten user's texts leave the history: their key is gone, so a replay would read them as forgotten too;
     * this makes the live read model say the same at once. Counts, statuses, usage and times stay.
     */
    @EventHandler
    void on(MemberDataForgotten event) {
        String sessions = "SELECT session_id FROM assist_session_view WHERE tenant_id = ? AND user_id = ?";
        jdbc.update("UPDATE suggestion_chunk_view SET text = ? WHERE suggestion_id IN (SELECT suggestion_id FROM "
                + "suggestion_view WHERE session_id IN (" + sessions + "))", FORGOTTEN, event.tenantId(), event.userId());
        jdbc.update("UPDATE suggestion_attempt_view SET text = CASE WHEN text IS NULL THEN NULL ELSE ? END "
                + "WHERE suggestion_id IN (SELECT suggestion_id FROM suggestion_view WHERE session_id IN (" + sessions
                + "))", FORGOTTEN, event.tenantId(), event.userId());
        jdbc.update("""
                UPDATE suggestion_view SET text = CASE WHEN text IS NULL THEN NULL ELSE ? END,
                    final_text = CASE WHEN final_text IS NULL THEN NULL ELSE ? END,
                    instruction = CASE WHEN instruction IS NULL THEN NULL ELSE ? END
                WHERE session_id IN (""" + sessions + ")", FORGOTTEN, FORGOTTEN, FORGOTTEN, event.tenantId(),
                event.userId());
        jdbc.update("""
                UPDATE assist_session_view SET original_text = ?, context = COALESCE((SELECT jsonb_agg(
                    item || jsonb_build_object('label', ?::text, 'text', ?::text)) FROM jsonb_array_elements(context) item),
                    '[]'::jsonb)
                WHERE tenant_id = ? AND user_id = ?""", FORGOTTEN, FORGOTTEN, FORGOTTEN, event.tenantId(),
                event.userId());
    }

    /** Arrives just before the event that ends the attempt. */
    @EventHandler
    void on(AttemptUsageRecorded event) {
        BigDecimal amount = event.cost() == null ? null : event.cost().amount();
        String currency = event.cost() == null ? null : event.cost().currency();
        jdbc.update("""
                WITH attempt AS (UPDATE suggestion_attempt_view SET cost_amount = ?, cost_currency = ?, cached_from = ?
                    WHERE suggestion_id = ? AND attempt = ?)
                UPDATE suggestion_view SET cost_amount = ?, cost_currency = ?, cached_from = ?
                WHERE suggestion_id = ? AND attempt = ?""",
                amount, currency, event.cachedFrom(), event.suggestionId(), event.attempt(),
                amount, currency, event.cachedFrom(), event.suggestionId(), event.attempt());
    }

    @EventHandler
    void on(SuggestionCompleted event, @Timestamp Instant at) {
        TokenUsage usage = event.usage();
        List<Object> args = new ArrayList<>(endAttemptArguments(event.suggestionId(), event.attempt(),
                SuggestionStatus.COMPLETED.name(), event.text(), usage, event.latencyMillis(), null, at));
        args.addAll(Arrays.asList(SuggestionStatus.COMPLETED.name(), event.text(), event.provider(), event.model(),
                usage.inputTokens(), usage.outputTokens(), usage.reportedByProvider(), event.latencyMillis(), utc(at),
                event.suggestionId(), event.attempt()));
        jdbc.update("WITH attempt AS (" + END_ATTEMPT + ") " + """
                UPDATE suggestion_view SET status = ?, text = ?, provider = ?, model = ?, input_tokens = ?,
                    output_tokens = ?, usage_reported = ?, latency_ms = ?, failure_reason = NULL, updated_at = ?
                WHERE suggestion_id = ? AND attempt = ?""", args.toArray());
    }

    @EventHandler
    void on(SuggestionFailed event, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE suggestion_view SET status = ?, failure_reason = ?, input_tokens = ?, output_tokens = ?,
                    usage_reported = ?, updated_at = ? WHERE suggestion_id = ? AND attempt = ?""",
                SuggestionStatus.FAILED.name(), event.reason(), event.usage().inputTokens(), event.usage().outputTokens(),
                event.usage().reportedByProvider(), utc(at), event.suggestionId(), event.attempt());
        endAttempt(event.suggestionId(), event.attempt(), SuggestionStatus.FAILED.name(), event.partialText(),
                event.usage(), null, event.reason(), at);
    }

    @EventHandler
    void on(ProviderFailedOver event, @Timestamp Instant at) {
        endAttempt(event.suggestionId(), event.attempt(), "FAILED_OVER", event.partialText(), event.usage(), null,
                event.failedProvider() + " failed (" + event.reason() + "); " + event.nextProvider() + " takes over", at);
        restart(event.suggestionId(), event.nextAttempt(), at);
    }

    @EventHandler
    void on(SuggestionAttemptRestarted event, @Timestamp Instant at) {
        endAttempt(event.suggestionId(), event.attempt() - 1, "ABANDONED", null, null, null, event.reason(), at);
        restart(event.suggestionId(), event.attempt(), at);
    }

    @EventHandler
    void on(SuggestionCancelled event, @Timestamp Instant at) {
        jdbc.update("UPDATE suggestion_view SET status = ?, updated_at = ? WHERE suggestion_id = ? AND attempt = ?",
                SuggestionStatus.CANCELLED.name(), utc(at), event.suggestionId(), event.attempt());
        jdbc.update("UPDATE suggestion_attempt_view SET status = ?, ended_at = ? WHERE suggestion_id = ? AND attempt = ?",
                SuggestionStatus.CANCELLED.name(), utc(at), event.suggestionId(), event.attempt());
    }

    @EventHandler
    void on(CancelledOutputRecorded event) {
        jdbc.update("""
                UPDATE suggestion_attempt_view SET text = ?, input_tokens = ?, output_tokens = ?, usage_reported = ?,
                    provider = COALESCE(provider, ?), model = COALESCE(model, ?)
                WHERE suggestion_id = ? AND attempt = ?""",
                event.partialText(), event.usage().inputTokens(), event.usage().outputTokens(),
                event.usage().reportedByProvider(), event.provider(), event.model(), event.suggestionId(), event.attempt());
    }

    @EventHandler
    void on(SuggestionRegenerated event, @Timestamp Instant at) {
        restart(event.suggestionId(), event.attempt(), at);
    }

    @EventHandler
    void on(SuggestionApproved event, @Timestamp Instant at) {
        jdbc.update("UPDATE suggestion_view SET status = ?, final_text = ?, edited = ?, updated_at = ? "
                        + "WHERE suggestion_id = ?", SuggestionStatus.APPROVED.name(), event.finalText(), event.edited(),
                utc(at), event.suggestionId());
    }

    @EventHandler
    void on(SuggestionRejected event, @Timestamp Instant at) {
        jdbc.update("UPDATE suggestion_view SET status = ?, updated_at = ? WHERE suggestion_id = ?",
                SuggestionStatus.REJECTED.name(), utc(at), event.suggestionId());
    }

    @EventHandler
    void on(SuggestionCopied event) {
        jdbc.update("UPDATE suggestion_view SET copies = copies + 1 WHERE suggestion_id = ?", event.suggestionId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM suggestion_chunk_view");
        jdbc.update("DELETE FROM suggestion_attempt_view");
        jdbc.update("DELETE FROM suggestion_view");
        jdbc.update("DELETE FROM assist_session_view");
    }

    private void restart(String suggestionId, int attempt, Instant at) {
        jdbc.update("""
                UPDATE suggestion_view SET status = ?, attempt = ?, text = NULL, provider = NULL, model = NULL,
                    input_tokens = NULL, output_tokens = NULL, usage_reported = NULL, latency_ms = NULL,
                    failure_reason = NULL, cost_amount = NULL, cost_currency = NULL, cached_from = NULL, updated_at = ?
                WHERE suggestion_id = ?""", SuggestionStatus.REQUESTED.name(), attempt, utc(at), suggestionId);
        newAttempt(suggestionId, attempt, at);
    }

    private void newAttempt(String suggestionId, int attempt, Instant at) {
        jdbc.update("INSERT INTO suggestion_attempt_view (suggestion_id, attempt, status, started_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", suggestionId, attempt, SuggestionStatus.REQUESTED.name(), utc(at));
    }

    private static final String END_ATTEMPT = """
            UPDATE suggestion_attempt_view SET status = ?, text = COALESCE(?, text), input_tokens = ?,
                output_tokens = ?, usage_reported = ?, latency_ms = ?, failure_reason = ?, ended_at = ?
            WHERE suggestion_id = ? AND attempt = ?""";

    private void endAttempt(String suggestionId, int attempt, String status, String text, TokenUsage usage,
                            Long latencyMillis, String reason, Instant at) {
        jdbc.update(END_ATTEMPT, endAttemptArguments(suggestionId, attempt, status, text, usage, latencyMillis, reason,
                at).toArray());
    }

    private static List<Object> endAttemptArguments(String suggestionId, int attempt, String status, String text,
                                                    TokenUsage usage, Long latencyMillis, String reason, Instant at) {
        return Arrays.asList(status, text, usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(), usage == null ? null : usage.reportedByProvider(),
                latencyMillis, reason, utc(at), suggestionId, attempt);
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
