package io.assistantcore.query.assist;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistQueries.AttemptView;
import io.assistantcore.messages.assist.AssistQueries.ChunkView;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestion;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.Tone;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.assistantcore.query.rows.RowValues.cost;
import static io.assistantcore.query.rows.RowValues.instant;
import static io.assistantcore.query.rows.RowValues.nullableLong;
import static io.assistantcore.query.rows.RowValues.usage;

/** Reads the assist history tables written by {@link AssistHistoryProjection}; every read is tenant-scoped. */
@Repository
public class AssistHistory {

    private static final TypeReference<List<ContextItem>> CONTEXT = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public AssistHistory(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    /**
     * A session with its suggestions and their attempts: three statements whatever the number of suggestions (the
     * session, its suggestions, all their attempts), none of them run while another's rows are still being read.
     */
    public Optional<SessionView> session(String tenantId, String sessionId) {
        Optional<SessionView> session = jdbc.query(
                "SELECT * FROM assist_session_view WHERE session_id = ? AND tenant_id = ?",
                (rs, row) -> new SessionView(rs.getString("session_id"), rs.getString("tenant_id"),
                        rs.getString("user_id"),
                        new FieldRef(rs.getString("entity_type"), rs.getString("entity_id"), rs.getString("field_name")),
                        rs.getString("original_text"), context(rs.getString("context")), List.of(),
                        instant(rs, "created_at")),
                sessionId, tenantId).stream().findFirst();
        return session.map(view -> new SessionView(view.sessionId(), view.tenantId(), view.userId(), view.field(),
                view.originalText(), view.context(), suggestionsOfSession(tenantId, sessionId), view.createdAt()));
    }

    public Optional<SuggestionView> suggestion(String tenantId, String suggestionId) {
        return jdbc.query("SELECT * FROM suggestion_view WHERE suggestion_id = ? AND tenant_id = ?",
                        (rs, row) -> suggestion(rs), suggestionId, tenantId).stream().findFirst()
                .map(view -> withAttempts(view, attempts(List.of(suggestionId))));
    }

    public List<ChunkView> chunks(String tenantId, String suggestionId, int attempt, int afterSeq) {
        return jdbc.query("""
                SELECT c.attempt, c.seq, c.text FROM suggestion_chunk_view c
                JOIN suggestion_view s ON s.suggestion_id = c.suggestion_id
                WHERE c.suggestion_id = ? AND s.tenant_id = ? AND c.attempt = ? AND c.seq > ? ORDER BY c.seq""",
                (rs, row) -> new ChunkView(rs.getInt("attempt"), rs.getInt("seq"), rs.getString("text")),
                suggestionId, tenantId, attempt, afterSeq);
    }

    /**
     * Running attempts silent since {@code silentSince}, and streaming attempts whose worker node is not in
     * {@code liveNodes} (null: that second kind is not asked for), oldest first.
     */
    public List<StalledSuggestion> stalled(Instant silentSince, int limit, java.util.Set<String> liveNodes) {
        String[] live = liveNodes == null ? null : liveNodes.toArray(String[]::new);
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    SELECT session_id, suggestion_id, attempt, tenant_id, status, provider, model, worker_node,
                           prompt_tokens FROM suggestion_view
                    WHERE (status IN ('REQUESTED', 'STREAMING') AND updated_at < ?)
                       OR (CAST(? AS text[]) IS NOT NULL AND status = 'STREAMING' AND worker_node IS NOT NULL
                           AND worker_node <> ALL (CAST(? AS text[])))
                    ORDER BY updated_at LIMIT ?""");
            statement.setObject(1, silentSince.atOffset(ZoneOffset.UTC));
            java.sql.Array array = live == null ? null : connection.createArrayOf("text", live);
            statement.setArray(2, array);
            statement.setArray(3, array);
            statement.setInt(4, limit);
            return statement;
        }, (rs, row) -> new StalledSuggestion(rs.getString("session_id"), rs.getString("suggestion_id"),
                rs.getInt("attempt"), rs.getString("tenant_id"), SuggestionStatus.valueOf(rs.getString("status")),
                rs.getString("provider"), rs.getString("model"), rs.getString("worker_node"),
                nullableLong(rs, "prompt_tokens")));
    }

    private List<SuggestionView> suggestionsOfSession(String tenantId, String sessionId) {
        List<SuggestionView> suggestions = jdbc.query(
                "SELECT * FROM suggestion_view WHERE session_id = ? AND tenant_id = ? ORDER BY created_at",
                (rs, row) -> suggestion(rs), sessionId, tenantId);
        if (suggestions.isEmpty()) {
            return suggestions;
        }
        Map<String, List<AttemptView>> attempts = attempts(
                suggestions.stream().map(SuggestionView::suggestionId).toList());
        return suggestions.stream().map(view -> withAttempts(view, attempts)).toList();
    }

    /** The row's suggestion, its attempts still to be added ({@link #withAttempts}). */
    private SuggestionView suggestion(ResultSet rs) throws SQLException {
        String tone = rs.getString("tone");
        return new SuggestionView(rs.getString("suggestion_id"), rs.getString("session_id"), rs.getString("tenant_id"),
                rs.getString("user_id"), AiAction.valueOf(rs.getString("action")),
                tone == null ? null : Tone.valueOf(tone), rs.getString("instruction"), rs.getString("refined_from"),
                rs.getString("prompt_version"), SuggestionStatus.valueOf(rs.getString("status")), rs.getInt("attempt"),
                rs.getString("text"), rs.getString("final_text"), rs.getBoolean("edited"), rs.getString("provider"),
                rs.getString("model"), usage(rs), nullableLong(rs, "latency_ms"), rs.getString("failure_reason"),
                rs.getInt("copies"), List.of(), instant(rs, "created_at"), instant(rs, "updated_at"),
                cost(rs), rs.getString("cached_from"));
    }

    private static SuggestionView withAttempts(SuggestionView view, Map<String, List<AttemptView>> attempts) {
        return new SuggestionView(view.suggestionId(), view.sessionId(), view.tenantId(), view.userId(), view.action(),
                view.tone(), view.instruction(), view.refinedFrom(), view.promptVersion(), view.status(),
                view.attempt(), view.text(), view.finalText(), view.edited(), view.provider(), view.model(),
                view.usage(), view.latencyMillis(), view.failureReason(), view.copies(),
                attempts.getOrDefault(view.suggestionId(), List.of()), view.createdAt(), view.updatedAt(),
                view.cost(), view.cachedFrom());
    }

    /** The attempts of these suggestions in one statement, by suggestion, each list in attempt order. */
    private Map<String, List<AttemptView>> attempts(List<String> suggestionIds) {
        Map<String, List<AttemptView>> attempts = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT * FROM suggestion_attempt_view WHERE suggestion_id = ANY (?) ORDER BY suggestion_id, attempt");
            statement.setArray(1, connection.createArrayOf("varchar", suggestionIds.toArray(String[]::new)));
            return statement;
        }, (RowCallbackHandler) rs -> attempts.computeIfAbsent(rs.getString("suggestion_id"), id -> new ArrayList<>())
                .add(new AttemptView(rs.getInt("attempt"), rs.getString("status"), rs.getString("provider"),
                        rs.getString("model"), rs.getString("text"), usage(rs), nullableLong(rs, "latency_ms"),
                        rs.getString("failure_reason"), rs.getInt("chunks"), instant(rs, "started_at"),
                        instant(rs, "ended_at"), cost(rs), rs.getString("cached_from"))));
        return attempts;
    }

    private List<ContextItem> context(String json) {
        try {
            return objectMapper.readValue(json, CONTEXT);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored context is not readable", e);
        }
    }
}
