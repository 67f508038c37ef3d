package io.assistantcore.projections.assist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.ProviderFailedOver;
import io.assistantcore.messages.assist.AssistEvents.SuggestionApproved;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCopied;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRegenerated;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import io.assistantcore.messages.assist.AssistEvents.SuggestionStreamStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The assist history read model, built by calling the projection's handlers as the processor would. */
class AssistHistoryProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final GenerationSpec SPEC = new GenerationSpec(AiAction.CHANGE_TONE, Tone.FORMAL, "be polite",
            "hey you", List.of(), false, Set.of(), "v7", true, false);
    private static final String SESSION = "s-1";
    private static final String SUGGESTION = "g-1";

    private static JdbcTemplate jdbc;
    private static AssistHistoryProjection projection;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        projection = new AssistHistoryProjection(jdbc, new ObjectMapper());
    }

    @BeforeEach
    void empty() {
        projection.reset();
    }

    @Test
    void aSessionWithASuggestionStreamedCompletedRegeneratedAndApprovedWithEdits() {
        deliver(history(), false);

        Map<String, Object> session = jdbc.queryForMap("SELECT * FROM assist_session_view WHERE session_id = ?", SESSION);
        assertThat(session).containsEntry("tenant_id", "t1").containsEntry("user_id", "alice")
                .containsEntry("entity_type", "ticket").containsEntry("entity_id", "T-9")
                .containsEntry("field_name", "body").containsEntry("original_text", "hey you")
                .containsEntry("created_at", Timestamp.from(T0));
        assertThat(jdbc.queryForObject("SELECT context->0->>'label' || '|' || (context->0->>'text') "
                + "FROM assist_session_view WHERE session_id = ?", String.class, SESSION)).isEqualTo("Subject|Refund");

        Map<String, Object> suggestion = jdbc.queryForMap("SELECT * FROM suggestion_view WHERE suggestion_id = ?",
                SUGGESTION);
        assertThat(suggestion).containsEntry("session_id", SESSION).containsEntry("user_id", "alice")
                .containsEntry("action", "CHANGE_TONE").containsEntry("tone", "FORMAL")
                .containsEntry("instruction", "be polite").containsEntry("prompt_version", "v7")
                .containsEntry("status", "APPROVED").containsEntry("attempt", 2)
                .containsEntry("text", "Dear customer,").containsEntry("final_text", "Dear valued customer,")
                .containsEntry("edited", true).containsEntry("provider", "mistral").containsEntry("model", "small")
                .containsEntry("input_tokens", 21L).containsEntry("output_tokens", 4L)
                .containsEntry("usage_reported", true).containsEntry("latency_ms", 300L)
                .containsEntry("worker_node", "node-b").containsEntry("prompt_tokens", 20L)
                .containsEntry("copies", 2).containsEntry("cost_currency", "EUR")
                .containsEntry("created_at", Timestamp.from(T0.plusSeconds(1)))
                .containsEntry("updated_at", Timestamp.from(T0.plusSeconds(40)));
        assertThat((BigDecimal) suggestion.get("cost_amount")).isEqualByComparingTo("0.0021");

        List<Map<String, Object>> attempts = jdbc.queryForList(
                "SELECT * FROM suggestion_attempt_view WHERE suggestion_id = ? ORDER BY attempt", SUGGESTION);
        assertThat(attempts).hasSize(2);
        Map<String, Object> first = attempts.get(0);
        assertThat(first).containsEntry("status", "COMPLETED").containsEntry("provider", "openai")
                .containsEntry("model", "gpt-x").containsEntry("text", "Dear Sir,")
                .containsEntry("input_tokens", 20L).containsEntry("output_tokens", 3L)
                .containsEntry("usage_reported", true).containsEntry("latency_ms", 900L).containsEntry("chunks", 2)
                .containsEntry("cost_currency", "EUR").containsEntry("cached_from", null)
                .containsEntry("started_at", Timestamp.from(T0.plusSeconds(1)))
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(5)));
        assertThat((BigDecimal) first.get("cost_amount")).isEqualByComparingTo("0.0150");
        Map<String, Object> second = attempts.get(1);
        assertThat(second).containsEntry("status", "COMPLETED").containsEntry("provider", "mistral")
                .containsEntry("text", "Dear customer,").containsEntry("chunks", 3)
                .containsEntry("started_at", Timestamp.from(T0.plusSeconds(10)))
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(30)));
        assertThat((BigDecimal) second.get("cost_amount")).isEqualByComparingTo("0.0021");

        assertThat(jdbc.queryForList("SELECT attempt || ':' || seq || ':' || text FROM suggestion_chunk_view "
                + "WHERE suggestion_id = ? ORDER BY attempt, seq", String.class, SUGGESTION))
                .containsExactly("1:0:Dear ", "1:1:Sir,", "2:0:Dear", "2:1: customer", "2:2:,");
    }

    @Test
    void aRegeneratedSuggestionStartsAFreshAttemptAndKeepsTheEarlierOne() {
        List<Runnable> events = history();
        // up to and including the regenerate (index of SuggestionRegenerated, see history())
        deliver(events.subList(0, 8), false);

        Map<String, Object> suggestion = jdbc.queryForMap("SELECT * FROM suggestion_view WHERE suggestion_id = ?",
                SUGGESTION);
        assertThat(suggestion).containsEntry("status", "REQUESTED").containsEntry("attempt", 2)
                .containsEntry("text", null).containsEntry("provider", null).containsEntry("input_tokens", null)
                .containsEntry("cost_amount", null).containsEntry("final_text", null);
        assertThat(jdbc.queryForList("SELECT attempt || ':' || status || ':' || COALESCE(text, '-') "
                + "FROM suggestion_attempt_view WHERE suggestion_id = ? ORDER BY attempt", String.class, SUGGESTION))
                .containsExactly("1:COMPLETED:Dear Sir,", "2:REQUESTED:-");
    }

    @Test
    void eventsDeliveredTwiceLeaveTheSameRows() {
        deliver(history(), false);
        List<List<Map<String, Object>>> once = tables();

        projection.reset();
        deliver(history(), true);

        assertThat(tables()).isEqualTo(once);
        // the chunk counter counts chunks, not deliveries
        assertThat(jdbc.queryForList("SELECT chunks FROM suggestion_attempt_view ORDER BY attempt", Integer.class))
                .containsExactly(2, 3);
    }

    /**
     * A replay writes a session's chunks that follow each other in one statement: the rows are those the chunks give
     * one by one — a chunk delivered twice and one stored before are not counted again, and the sign of life is the
     * time of the last new chunk (not the latest time).
     */
    @Test
    void chunksWrittenTogetherLeaveTheRowsTheyLeaveOneByOne() {
        List<EventMessage<?>> chunks = List.of(
                chunk(0, "Dear ", T0.plusSeconds(3)),
                chunk(1, "Sir", T0.plusSeconds(6)),
                chunk(1, "Sir (again)", T0.plusSeconds(7)),
                chunk(2, "stored before", T0.plusSeconds(8)),
                chunk(3, ",", T0.plusSeconds(5)));
        Runnable before = () -> {
            projection.on(started(), T0);
            projection.on(requested(), "alice", T0.plusSeconds(1));
            projection.on(new SuggestionStreamStarted(SESSION, "t1", SUGGESTION, 1, "openai", "gpt-x", "node-a", 12L),
                    T0.plusSeconds(2));
            projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 1, 2, "stored before"),
                    T0.plusSeconds(2));
        };
        before.run();
        chunks.forEach(chunk -> projection.on((SuggestionTokensStreamed) chunk.getPayload(), chunk.getTimestamp()));
        List<List<Map<String, Object>>> oneByOne = tables();

        projection.reset();
        before.run();
        projection.chunks((SuggestionTokensStreamed) chunks.get(0).getPayload(), chunks.get(0).getTimestamp(),
                chunks.subList(1, chunks.size()));

        assertThat(tables()).isEqualTo(oneByOne);
        assertThat(jdbc.queryForObject("SELECT chunks FROM suggestion_attempt_view", Integer.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT updated_at FROM suggestion_view", Timestamp.class))
                .isEqualTo(Timestamp.from(T0.plusSeconds(5)));
        assertThat(jdbc.queryForList("SELECT text FROM suggestion_chunk_view ORDER BY seq", String.class))
                .containsExactly("Dear ", "Sir", "stored before", ",");
    }

    private static EventMessage<?> chunk(int seq, String text, Instant at) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(),
                new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 1, seq, text), Map.of(), at);
    }

    @Test
    void aFailoverEndsTheAttemptWithItsPartialTextAndStartsTheNextOne() {
        projection.on(started(), T0);
        projection.on(requested(), "alice", T0.plusSeconds(1));
        projection.on(new SuggestionStreamStarted(SESSION, "t1", SUGGESTION, 1, "openai", "gpt-x"), T0.plusSeconds(2));
        projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 1, 0, "Dea"), T0.plusSeconds(3));
        projection.on(new ProviderFailedOver(SESSION, "t1", SUGGESTION, 1, "openai", "HTTP 503", "Dea",
                new TokenUsage(20, 1, false), "mistral", 2, SPEC), T0.plusSeconds(4));

        assertThat(jdbc.queryForMap("SELECT status, text, failure_reason, output_tokens, usage_reported, ended_at "
                + "FROM suggestion_attempt_view WHERE suggestion_id = ? AND attempt = 1", SUGGESTION))
                .containsEntry("status", "FAILED_OVER").containsEntry("text", "Dea")
                .containsEntry("failure_reason", "openai failed (HTTP 503); mistral takes over")
                .containsEntry("output_tokens", 1L).containsEntry("usage_reported", false)
                .containsEntry("ended_at", Timestamp.from(T0.plusSeconds(4)));
        assertThat(jdbc.queryForMap("SELECT status, attempt, provider FROM suggestion_view WHERE suggestion_id = ?",
                SUGGESTION)).containsEntry("status", "REQUESTED").containsEntry("attempt", 2)
                .containsEntry("provider", null);
        assertThat(jdbc.queryForObject("SELECT status FROM suggestion_attempt_view WHERE suggestion_id = ? "
                + "AND attempt = 2", String.class, SUGGESTION)).isEqualTo("REQUESTED");
    }

    @Test
    void aForgottenMembersTextsLeaveTheHistoryButCountsAndUsageStay() {
        deliver(history(), false);
        projection.on(new MemberDataForgotten("t1", "alice"));

        String forgotten = PersonalData.FORGOTTEN;
        assertThat(jdbc.queryForMap("SELECT original_text, context->0->>'label' AS label, context->0->>'text' AS text, "
                + "context->0->>'kind' AS kind FROM assist_session_view WHERE session_id = ?", SESSION))
                .containsEntry("original_text", forgotten).containsEntry("label", forgotten)
                .containsEntry("text", forgotten).containsEntry("kind", "record");
        assertThat(jdbc.queryForMap("SELECT text, final_text, instruction, output_tokens, copies FROM suggestion_view "
                + "WHERE suggestion_id = ?", SUGGESTION)).containsEntry("text", forgotten)
                .containsEntry("final_text", forgotten).containsEntry("instruction", forgotten)
                .containsEntry("output_tokens", 4L).containsEntry("copies", 2);
        assertThat(jdbc.queryForList("SELECT text FROM suggestion_attempt_view ORDER BY attempt", String.class))
                .containsExactly(forgotten, forgotten);
        assertThat(jdbc.queryForList("SELECT DISTINCT text FROM suggestion_chunk_view", String.class))
                .containsExactly(forgotten);
        assertThat(jdbc.queryForObject("SELECT chunks FROM suggestion_attempt_view WHERE attempt = 2", Integer.class))
                .isEqualTo(3);
    }

    /** Every event of one suggestion's life, in store order; index 7 is the regenerate. */
    private static List<Runnable> history() {
        List<Runnable> events = new ArrayList<>();
        events.add(() -> projection.on(started(), T0));
        events.add(() -> projection.on(requested(), "alice", T0.plusSeconds(1)));
        events.add(() -> projection.on(new SuggestionStreamStarted(SESSION, "t1", SUGGESTION, 1, "openai", "gpt-x",
                "node-a", 20L), T0.plusSeconds(2)));
        events.add(() -> projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 1, 0, "Dear "),
                T0.plusSeconds(3)));
        events.add(() -> projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 1, 1, "Sir,"),
                T0.plusSeconds(4)));
        events.add(() -> projection.on(usage(1, "openai", "gpt-x", "0.0150")));
        events.add(() -> projection.on(new SuggestionCompleted(SESSION, "t1", SUGGESTION, 1, "Dear Sir,",
                new TokenUsage(20, 3, true), "openai", "gpt-x", 900, 2), T0.plusSeconds(5)));
        events.add(() -> projection.on(new SuggestionRegenerated(SESSION, "t1", SUGGESTION, 2, SPEC),
                T0.plusSeconds(10)));
        events.add(() -> projection.on(new SuggestionStreamStarted(SESSION, "t1", SUGGESTION, 2, "mistral", "small",
                "node-b", 20L), T0.plusSeconds(11)));
        events.add(() -> projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 2, 0, "Dear"),
                T0.plusSeconds(12)));
        events.add(() -> projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 2, 1, " customer"),
                T0.plusSeconds(13)));
        events.add(() -> projection.on(new SuggestionTokensStreamed(SESSION, "t1", SUGGESTION, 2, 2, ","),
                T0.plusSeconds(14)));
        events.add(() -> projection.on(usage(2, "mistral", "small", "0.0021")));
        events.add(() -> projection.on(new SuggestionCompleted(SESSION, "t1", SUGGESTION, 2, "Dear customer,",
                new TokenUsage(21, 4, true), "mistral", "small", 300, 3), T0.plusSeconds(30)));
        events.add(() -> projection.on(new SuggestionApproved(SESSION, "t1", SUGGESTION, 2, "Dear valued customer,",
                true), T0.plusSeconds(40)));
        events.add(() -> projection.on(new SuggestionCopied(SESSION, "t1", SUGGESTION, 2)));
        events.add(() -> projection.on(new SuggestionCopied(SESSION, "t1", SUGGESTION, 2)));
        return events;
    }

    /** Copies are counted per event, so a copy is never delivered twice here: the last two events are copies. */
    private static void deliver(List<Runnable> events, boolean twice) {
        for (int i = 0; i < events.size(); i++) {
            events.get(i).run();
            if (twice && i < events.size() - 2) {
                events.get(i).run();
            }
        }
    }

    private static AssistSessionStarted started() {
        return new AssistSessionStarted(SESSION, "t1", "alice", new FieldRef("ticket", "T-9", "body"), "hey you",
                List.of(new ContextItem("record", "Subject", "Refund")));
    }

    private static SuggestionRequested requested() {
        return new SuggestionRequested(SESSION, "t1", SUGGESTION, 1, SPEC, null);
    }

    private static AttemptUsageRecorded usage(int attempt, String provider, String model, String cost) {
        return new AttemptUsageRecorded(SESSION, "t1", SUGGESTION, attempt, "alice", provider, model,
                new TokenUsage(20, 3, true), Money.of(cost, "EUR"), UsageOutcome.COMPLETED, null, null, null, null,
                false);
    }

    private static List<List<Map<String, Object>>> tables() {
        return List.of(
                jdbc.queryForList("SELECT * FROM assist_session_view ORDER BY session_id"),
                jdbc.queryForList("SELECT * FROM suggestion_view ORDER BY suggestion_id"),
                jdbc.queryForList("SELECT * FROM suggestion_attempt_view ORDER BY suggestion_id, attempt"),
                jdbc.queryForList("SELECT * FROM suggestion_chunk_view ORDER BY suggestion_id, attempt, seq"));
    }
}
