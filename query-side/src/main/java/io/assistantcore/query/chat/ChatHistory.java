package io.assistantcore.query.chat;

import io.assistantcore.platform.images.ImageLinks;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.chat.ChatQueries;
import io.assistantcore.messages.chat.ChatQueries.CitationView;
import io.assistantcore.messages.chat.ChatQueries.ConfidenceView;
import io.assistantcore.messages.chat.ChatQueries.ConversationPage;
import io.assistantcore.messages.chat.ChatQueries.SourceView;
import io.assistantcore.messages.chat.ChatQueries.ConversationSummary;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.FeedbackCount;
import io.assistantcore.messages.chat.ChatQueries.FeedbackView;
import io.assistantcore.messages.chat.ChatQueries.MemoryUse;
import io.assistantcore.messages.chat.ChatQueries.MemoryView;
import io.assistantcore.messages.chat.ChatQueries.MessagePage;
import io.assistantcore.messages.chat.ChatQueries.MessageView;
import io.assistantcore.messages.chat.ChatQueries.RefusalView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ChatQueries.RouteView;
import io.assistantcore.messages.chat.ChatQueries.ScreeningView;
import io.assistantcore.messages.chat.ChatQueries.StalledReply;
import io.assistantcore.messages.chat.FeedbackRating;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.assistantcore.query.rows.RowValues.cost;
import static io.assistantcore.query.rows.RowValues.instant;
import static io.assistantcore.query.rows.RowValues.nullableInt;
import static io.assistantcore.query.rows.RowValues.usage;

/**
 * Reads the chat history tables written by {@link io.assistantcore.projections.chat.ChatHistoryProjection}. Every
 * read is scoped to a tenant: another tenant's id finds nothing. Page sizes are clamped to {@value #MAX_PAGE}.
 */
@Repository
public class ChatHistory {

    public static final int MAX_PAGE = 200;
    public static final int DEFAULT_PAGE = 20;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<ProfileFact>> PROFILE = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    private final ImageLinks imageLinks;

    public ChatHistory(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this(jdbc, objectMapper, null);
    }

    /** @param imageLinks mints the links of a reply's images on each read (null: images are listed without one) */
    @org.springframework.beans.factory.annotation.Autowired
    public ChatHistory(JdbcTemplate jdbc, ObjectMapper objectMapper, ImageLinks imageLinks) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.imageLinks = imageLinks;
    }

    public Optional<ConversationView> conversation(String tenantId, String conversationId) {
        return jdbc.query("SELECT * FROM chat_conversation_view WHERE conversation_id = ? AND tenant_id = ?",
                (rs, row) -> new ConversationView(rs.getString("conversation_id"), rs.getString("tenant_id"),
                        rs.getString("user_id"), rs.getString("title"), rs.getString("knowledge"),
                        read(rs.getString("tools"), STRINGS),
                        new MemoryView(rs.getString("summary"), read(rs.getString("profile"), PROFILE),
                                rs.getInt("turns_kept"), rs.getInt("turns_condensed")),
                        rs.getInt("message_count"), rs.getInt("reply_count"), instant(rs, "created_at"),
                        instant(rs, "updated_at"), instant(rs, "cleared_at")),
                conversationId, tenantId).stream().findFirst();
    }

    /**
     * Conversations of the tenant, newest (by creation) first, of one user ({@code userId} null: of every user);
     * {@code before} is the last conversation of the previous page. A {@code before} that is not one of these
     * conversations gives an empty page.
     */
    public ConversationPage conversations(String tenantId, String userId, int limit, String before) {
        int size = pageSize(limit);
        StringBuilder sql = new StringBuilder("""
                SELECT conversation_id, user_id, title, message_count, created_at, updated_at
                FROM chat_conversation_view c WHERE tenant_id = ?""");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (userId != null) {
            sql.append(" AND user_id = ?");
            args.add(userId);
        }
        if (before != null) {
            sql.append(" AND (created_at, conversation_id) < (SELECT b.created_at, b.conversation_id "
                    + "FROM chat_conversation_view b WHERE b.conversation_id = ? AND b.tenant_id = ?");
            args.add(before);
            args.add(tenantId);
            if (userId != null) {
                sql.append(" AND b.user_id = ?");
                args.add(userId);
            }
            sql.append(')');
        }
        sql.append(" ORDER BY created_at DESC, conversation_id DESC LIMIT ?");
        args.add(size + 1);
        List<ConversationSummary> rows = jdbc.query(sql.toString(),
                (rs, row) -> new ConversationSummary(rs.getString("conversation_id"), rs.getString("user_id"),
                        rs.getString("title"), rs.getInt("message_count"), instant(rs, "created_at"),
                        instant(rs, "updated_at")), args.toArray());
        if (rows.size() <= size) {
            return new ConversationPage(rows, null);
        }
        List<ConversationSummary> page = rows.subList(0, size);
        return new ConversationPage(List.copyOf(page), page.get(size - 1).conversationId());
    }

    /**
     * The messages since the conversation's last clear with their replies, oldest first: the newest {@code limit}
     * of them, or those before the message {@code before}. {@code nextBefore} is the oldest message of the page when
     * there are older ones. A {@code before} that is not a visible message of this conversation gives an empty page.
     */
    public MessagePage messages(String tenantId, String conversationId, String before, int limit) {
        int size = pageSize(limit);
        StringBuilder sql = new StringBuilder("""
                SELECT m.message_id AS m_message_id, m.conversation_id AS m_conversation_id, m.turn AS m_turn,
                    m.text AS m_text, m.attachments::text AS m_attachments, m.posted_at AS m_posted_at, r.*
                FROM chat_message_view m LEFT JOIN chat_reply_view r ON r.reply_id = m.reply_id
                WHERE m.conversation_id = ? AND m.tenant_id = ? AND NOT m.hidden""");
        List<Object> args = new ArrayList<>(List.of(conversationId, tenantId));
        if (before != null) {
            sql.append(" AND m.position < (SELECT b.position FROM chat_message_view b WHERE b.message_id = ? "
                    + "AND b.conversation_id = ? AND b.tenant_id = ? AND NOT b.hidden)");
            args.add(before);
            args.add(conversationId);
            args.add(tenantId);
        }
        sql.append(" ORDER BY m.position DESC LIMIT ?");
        args.add(size + 1);
        List<MessageView> newestFirst = jdbc.query(sql.toString(), (rs, row) -> new MessageView(
                rs.getString("m_message_id"), rs.getString("m_conversation_id"), rs.getInt("m_turn"),
                rs.getString("m_text"), read(rs.getString("m_attachments"), STRINGS), instant(rs, "m_posted_at"),
                rs.getString("reply_id") == null ? null : reply(rs)), args.toArray());
        boolean more = newestFirst.size() > size;
        List<MessageView> page = new ArrayList<>(more ? newestFirst.subList(0, size) : newestFirst);
        Collections.reverse(page);
        return new MessagePage(List.copyOf(page), more ? page.get(0).messageId() : null);
    }

    /**
     * The reply, unless its message was posted before the conversation's last clear: a clear hides the history from
     * everyone reading the conversation (auditors read it in the audit trail), a reply by its id included.
     */
    public Optional<ReplyView> reply(String tenantId, String replyId) {
        return jdbc.query("""
                        SELECT * FROM chat_reply_view r WHERE r.reply_id = ? AND r.tenant_id = ?
                        AND NOT EXISTS (SELECT 1 FROM chat_message_view m WHERE m.message_id = r.message_id AND m.hidden)""",
                (rs, row) -> reply(rs), replyId, tenantId).stream().findFirst();
    }

    public List<ReplyChunkView> chunks(String tenantId, String replyId, int attempt, int afterSeq) {
        return jdbc.query("""
                SELECT c.attempt, c.seq, c.text FROM chat_reply_chunk_view c
                JOIN chat_reply_view r ON r.reply_id = c.reply_id
                WHERE c.reply_id = ? AND r.tenant_id = ? AND c.attempt = ? AND c.seq > ? ORDER BY c.seq""",
                (rs, row) -> new ReplyChunkView(rs.getInt("attempt"), rs.getInt("seq"), rs.getString("text")),
                replyId, tenantId, attempt, afterSeq);
    }

    /**
     * Replies whose current attempt runs on a worker (not one awaiting the user's approval) and has shown no sign of
     * life since {@code silentSince}, and, when {@code liveNodes} is given, streaming ones whose worker node is not
     * among them however recent; the longest silent first. Across tenants: the sweeping worker restarts them.
     */
    public List<StalledReply> stalled(Instant silentSince, int limit, Set<String> liveNodes) {
        String silent = "status NOT IN ('COMPLETED', 'REFUSED', 'FAILED', 'CANCELLED', 'AWAITING_APPROVAL') "
                + "AND updated_at < ?";
        String select = "SELECT conversation_id, reply_id, attempt, tenant_id, status, provider, model, worker_node, "
                + "prompt_tokens FROM chat_reply_view WHERE ";
        return jdbc.query(connection -> {
            boolean byNode = liveNodes != null;
            var statement = connection.prepareStatement(select + "(" + silent + ")" + (byNode
                    ? " OR (status = 'STREAMING' AND worker_node IS NOT NULL AND worker_node <> ALL (?))" : "")
                    + " ORDER BY updated_at, reply_id LIMIT ?");
            int at = 1;
            statement.setObject(at++, silentSince.atOffset(ZoneOffset.UTC));
            if (byNode) {
                statement.setArray(at++, connection.createArrayOf("text", liveNodes.toArray()));
            }
            statement.setInt(at, limit);
            return statement;
        }, (rs, row) -> {
            long promptTokens = rs.getLong("prompt_tokens");
            return new StalledReply(rs.getString("conversation_id"), rs.getString("reply_id"), rs.getInt("attempt"),
                    rs.getString("tenant_id"), ReplyStatus.valueOf(rs.getString("status")), rs.getString("provider"),
                    rs.getString("model"), rs.getString("worker_node"), rs.wasNull() ? null : promptTokens);
        });
    }

    /**
     * Up and down ratings of the tenant's replies given in [{@code from}, {@code to}) (either null: unbounded),
     * grouped by {@code model}, {@code category} (lower-case wire name) or {@code day} (UTC, {@code 2026-03-01}),
     * ordered by the key; rows without a model or category have a null key and come last.
     *
     * @throws IllegalArgumentException for another {@code groupBy}
     */
    public List<FeedbackCount> feedback(String tenantId, String groupBy, Instant from, Instant to) {
        String key = switch (groupBy == null ? "" : groupBy.toLowerCase(Locale.ROOT)) {
            case "model" -> "model";
            case "category" -> "category";
            case "day" -> "to_char(feedback_day, 'YYYY-MM-DD')";
            default -> throw new IllegalArgumentException("groupBy must be one of model, category, day");
        };
        StringBuilder sql = new StringBuilder("SELECT " + key + " AS k, count(*) FILTER (WHERE rating = 'UP') AS up, "
                + "count(*) FILTER (WHERE rating = 'DOWN') AS down FROM chat_feedback_view WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (from != null) {
            sql.append(" AND given_at >= ?");
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND given_at < ?");
            args.add(to.atOffset(ZoneOffset.UTC));
        }
        sql.append(" GROUP BY 1 ORDER BY 1 NULLS LAST");
        return jdbc.query(sql.toString(),
                (rs, row) -> new FeedbackCount(rs.getString("k"), rs.getLong("up"), rs.getLong("down")),
                args.toArray());
    }

    private ReplyView reply(ResultSet rs) throws SQLException {
        String verdict = rs.getString("screening_verdict");
        String category = rs.getString("route_category");
        String decidedBy = rs.getString("route_decided_by");
        Integer turnsKept = nullableInt(rs, "memory_turns_kept");
        String refusal = rs.getString("refusal_kind");
        String rating = rs.getString("feedback_rating");
        return new ReplyView(rs.getString("reply_id"), rs.getString("conversation_id"), rs.getString("message_id"),
                rs.getString("tenant_id"), rs.getString("user_id"), rs.getInt("attempt"),
                ReplyStatus.valueOf(rs.getString("status")), rs.getString("text"),
                verdict == null ? null : new ScreeningView(ScreeningVerdict.valueOf(verdict),
                        rs.getString("screening_category"), rs.getDouble("screening_score")),
                category == null ? null : new RouteView(RouteCategory.fromWire(category),
                        rs.getDouble("route_confidence"), rs.getString("route_provider"), rs.getString("route_model"),
                        rs.getString("route_reason"), decidedBy == null ? null : RouteDecider.valueOf(decidedBy)),
                turnsKept == null ? null : new MemoryUse(turnsKept, rs.getInt("memory_turns_condensed"),
                        rs.getBoolean("memory_truncated")),
                jsonList(rs.getString("sources"), SOURCES), jsonList(rs.getString("citations"), CITATIONS),
                rs.getString("confidence_level") == null ? null
                        : new ConfidenceView(rs.getString("confidence_level"), rs.getDouble("confidence_score")),
                toolCalls(rs.getString("tenant_id"), rs.getString("reply_id")),
                images(rs.getString("tenant_id"), rs.getString("reply_id")),
                refusal == null ? null : new RefusalView(RefusalKind.valueOf(refusal), rs.getString("refusal_reason")),
                usage(rs), cost(rs), rs.getString("model"), rs.getString("provider"), rs.getString("failure_reason"),
                rs.getString("reused_from"),
                rating == null ? null : new FeedbackView(FeedbackRating.valueOf(rating),
                        rs.getString("feedback_comment"), instant(rs, "feedback_at")),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static final TypeReference<List<SourceView>> SOURCES = new TypeReference<>() {
    };
    private static final TypeReference<List<CitationView>> CITATIONS = new TypeReference<>() {
    };

    private <T> List<T> jsonList(String json, TypeReference<List<T>> type) {
        return json == null ? List.of() : read(json, type);
    }

    /** The reply's tool calls (the tool read model), oldest first. */
    private List<ChatQueries.ToolCallView> toolCalls(String tenantId, String replyId) {
        return jdbc.query("SELECT tool_call_id, tool, arguments, status, COALESCE(result, reason) AS outcome "
                        + "FROM tool_call_view WHERE tenant_id = ? AND reply_id = ? ORDER BY created_at, tool_call_id "
                        + "LIMIT 50",
                (row, n) -> new ChatQueries.ToolCallView(row.getString("tool_call_id"), row.getString("tool"),
                        row.getString("arguments"), row.getString("status"), row.getString("outcome")),
                tenantId, replyId);
    }

    /** The reply's images, each with a link minted now (links expire; reading the reply again gives new ones). */
    private List<ChatQueries.ImageView> images(String tenantId, String replyId) {
        return jdbc.query("SELECT image_id FROM chat_reply_image_view WHERE tenant_id = ? AND reply_id = ? "
                        + "ORDER BY created_at, image_id LIMIT 20",
                (row, n) -> new ChatQueries.ImageView(row.getString(1),
                        imageLinks == null ? null : imageLinks.mint(tenantId, row.getString(1))), tenantId, replyId);
    }

    private static int pageSize(int limit) {
        return limit <= 0 ? DEFAULT_PAGE : Math.min(limit, MAX_PAGE);
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored chat history JSON is not readable", e);
        }
    }
}
