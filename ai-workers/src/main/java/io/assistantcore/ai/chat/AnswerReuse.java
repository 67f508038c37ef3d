package io.assistantcore.ai.chat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.vector.SimilarTexts;
import io.assistantcore.ai.vector.VectorIndex;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.FeedbackRating;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answer reuse for chat: the answers of completed replies, found again by the embedding of the question they
 * answered (the offline engine's all-MiniLM-L6-v2, cosine similarity at or above the threshold). Only a question of
 * the same tenant under the same chat prompt version finds an answer; an answer whose reply — or any reply that
 * reused it — was last rated down is never served; answers older than {@code maxAge} neither.
 * <p>
 * The worker only keeps answers that do not depend on anything but the question (no conversation memory, no profile,
 * no masked personal data, an unflagged message), see {@code ChatReplyRunner}.
 */
public class AnswerReuse {

    /** Collection of the questions' embeddings in the {@link VectorIndex}. */
    public static final String COLLECTION = "chat_answer";

    private static final Logger log = LoggerFactory.getLogger(AnswerReuse.class);
    private static final int CANDIDATES = 5;

    private final JdbcTemplate jdbc;
    private final SimilarTexts questions;
    private final Duration maxAge;
    private final Clock clock;

    public AnswerReuse(DataSource dataSource, Supplier<VectorIndex> vectors, Supplier<EmbeddingModel> embeddings,
                       double threshold, Duration maxAge, Clock clock) {
        this.questions = new SimilarTexts(vectors, embeddings, COLLECTION, threshold, "reuse threshold", CANDIDATES);
        this.jdbc = new JdbcTemplate(dataSource);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** An earlier answer: the reply it came from, what that reply consumed, and how close the questions are. */
    public record Hit(String replyId, String text, String provider, String model, TokenUsage usage,
                      double similarity) {
    }

    /** The closest usable earlier answer to {@code question}, other than {@code replyId}'s own. */
    public Optional<Hit> find(String tenantId, String promptVersion, String question, String replyId) {
        return questions.closestUsable(tenantId, question, Map.of("promptVersion", promptVersion),
                match -> match.id().equals(replyId) ? Optional.empty()
                        : load(tenantId, match.id(), match.similarity()));
    }

    /** Keeps (or, for a regenerated reply, replaces) the answer of a reply for later questions. */
    public void remember(String tenantId, String replyId, String promptVersion, String question, String answer,
                         String provider, String model, TokenUsage usage) {
        jdbc.update("""
                INSERT INTO chat_answer (tenant_id, reply_id, prompt_version, answer_text, provider, model,
                    input_tokens, output_tokens, usage_reported, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, reply_id) DO UPDATE SET prompt_version = excluded.prompt_version,
                    answer_text = excluded.answer_text, provider = excluded.provider, model = excluded.model,
                    input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
                    usage_reported = excluded.usage_reported, created_at = excluded.created_at""",
                tenantId, replyId, promptVersion, answer, provider, model, usage.inputTokens(), usage.outputTokens(),
                usage.reportedByProvider(), Timestamp.from(clock.instant()));
        questions.add(tenantId, replyId, question, Map.of("promptVersion", promptVersion));
    }

    /** Records that {@code replyId} was answered with {@code sourceReplyId}'s answer. */
    public void served(String tenantId, String replyId, String sourceReplyId) {
        jdbc.update("""
                INSERT INTO chat_answer_use (tenant_id, reply_id, source_reply_id) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, reply_id) DO UPDATE SET source_reply_id = excluded.source_reply_id""",
                tenantId, replyId, sourceReplyId);
    }

    /** A rating of a reply: DOWN rejects its answer (and the one it reused), a later UP takes that back. */
    public void rated(String tenantId, String replyId, FeedbackRating rating) {
        if (rating == FeedbackRating.DOWN) {
            jdbc.update("INSERT INTO chat_answer_rejection (tenant_id, reply_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    tenantId, replyId);
        } else {
            jdbc.update("DELETE FROM chat_answer_rejection WHERE tenant_id = ? AND reply_id = ?", tenantId, replyId);
        }
    }

    /** Deletes every answer of the tenant; answers the number of answers deleted. */
    public int forgetTenant(String tenantId) {
        int deleted = jdbc.update("DELETE FROM chat_answer WHERE tenant_id = ?", tenantId);
        jdbc.update("DELETE FROM chat_answer_use WHERE tenant_id = ?", tenantId);
        questions.removeTenant(tenantId);
        log.info("Chat answers of tenant {}: {} removed", tenantId, deleted);
        return deleted;
    }

    private Optional<Hit> load(String tenantId, String replyId, double similarity) {
        return jdbc.query("""
                        SELECT a.answer_text, a.provider, a.model, a.input_tokens, a.output_tokens, a.usage_reported
                        FROM chat_answer a
                        WHERE a.tenant_id = ? AND a.reply_id = ? AND a.created_at >= ?
                          AND NOT EXISTS (SELECT 1 FROM chat_answer_rejection r
                                          WHERE r.tenant_id = a.tenant_id AND r.reply_id = a.reply_id)
                          AND NOT EXISTS (SELECT 1 FROM chat_answer_use u JOIN chat_answer_rejection r
                                            ON r.tenant_id = u.tenant_id AND r.reply_id = u.reply_id
                                          WHERE u.tenant_id = a.tenant_id AND u.source_reply_id = a.reply_id)""",
                (row, number) -> new Hit(replyId, row.getString(1), row.getString(2), row.getString(3),
                        new TokenUsage(row.getLong(4), row.getLong(5), row.getBoolean(6)), similarity),
                tenantId, replyId, Timestamp.from(clock.instant().minus(maxAge))).stream().findFirst();
    }
}
