package io.assistantcore.query.assist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistQueries.AttemptView;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.common.Money;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The assist history as its reader gives it back from the read-model tables, on real PostgreSQL. */
class AssistHistoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static JdbcTemplate jdbc;
    private static AssistHistory history;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        history = new AssistHistory(jdbc, new ObjectMapper());
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM suggestion_attempt_view");
        jdbc.update("DELETE FROM suggestion_view");
        jdbc.update("DELETE FROM assist_session_view");
    }

    @Test
    void aSessionShowsEachSuggestionWithItsOwnAttemptsInOrder() {
        session("acme", "s-1");
        suggestion("acme", "s-1", "g-1", 1, 1);
        attempt("g-1", 1, "COMPLETED", "First.", "0.00042000");
        suggestion("acme", "s-1", "g-2", 3, 2);
        attempt("g-2", 2, "COMPLETED", "Second, again.", null);
        attempt("g-2", 1, "FAILED", null, null);
        suggestion("acme", "s-1", "g-3", 2, 1);
        // a suggestion whose first attempt has no row yet
        suggestion("acme", "s-1", "g-4", 4, 1);

        SessionView session = history.session("acme", "s-1").orElseThrow();
        assertThat(session.sessionId()).isEqualTo("s-1");
        assertThat(session.originalText()).isEqualTo("their is a error");
        assertThat(session.suggestions()).extracting(SuggestionView::suggestionId)
                .containsExactly("g-1", "g-3", "g-2", "g-4");
        assertThat(attemptsOf(session, "g-1")).extracting(AttemptView::attempt, AttemptView::text)
                .containsExactly(tuple(1, "First."));
        assertThat(attemptsOf(session, "g-1").get(0).cost()).isEqualTo(Money.of("0.00042", "USD"));
        assertThat(attemptsOf(session, "g-2")).extracting(AttemptView::attempt, AttemptView::status)
                .containsExactly(tuple(1, "FAILED"), tuple(2, "COMPLETED"));
        assertThat(attemptsOf(session, "g-3")).isEmpty();
        assertThat(attemptsOf(session, "g-4")).isEmpty();
    }

    @Test
    void aSuggestionReadAloneHasTheSameAttemptsAsInItsSession() {
        session("acme", "s-1");
        suggestion("acme", "s-1", "g-1", 1, 2);
        attempt("g-1", 1, "CANCELLED", "Par", null);
        attempt("g-1", 2, "COMPLETED", "Whole text.", "1.5");

        SuggestionView alone = history.suggestion("acme", "g-1").orElseThrow();
        assertThat(alone).isEqualTo(history.session("acme", "s-1").orElseThrow().suggestions().get(0));
        assertThat(alone.attempt()).isEqualTo(2);
        assertThat(alone.action()).isEqualTo(AiAction.IMPROVE);
        assertThat(alone.status()).isEqualTo(SuggestionStatus.COMPLETED);
        assertThat(alone.attempts()).extracting(AttemptView::text).containsExactly("Par", "Whole text.");
    }

    @Test
    void anotherTenantsSessionOrSuggestionIsNotFound() {
        session("acme", "s-1");
        suggestion("acme", "s-1", "g-1", 1, 1);
        attempt("g-1", 1, "COMPLETED", "Text.", null);

        assertThat(history.session("globex", "s-1")).isEmpty();
        assertThat(history.suggestion("globex", "g-1")).isEmpty();
        assertThat(history.session("acme", "s-404")).isEmpty();
        assertThat(history.suggestion("acme", "g-404")).isEmpty();
    }

    @Test
    void aSessionIsReadInThreeStatementsHoweverManySuggestionsItHas() {
        session("acme", "s-1");
        for (int i = 1; i <= 20; i++) {
            suggestion("acme", "s-1", "g-" + i, i, 2);
            attempt("g-" + i, 1, "FAILED", null, null);
            attempt("g-" + i, 2, "COMPLETED", "Text " + i + ".", null);
        }
        AtomicInteger statements = new AtomicInteger();
        AssistHistory counted = new AssistHistory(new JdbcTemplate(counting(jdbc.getDataSource(), statements)),
                new ObjectMapper());

        SessionView session = counted.session("acme", "s-1").orElseThrow();
        assertThat(session.suggestions()).hasSize(20).allSatisfy(s -> assertThat(s.attempts()).hasSize(2));
        assertThat(statements).hasValue(3);

        statements.set(0);
        assertThat(counted.suggestion("acme", "g-7").orElseThrow().attempts()).hasSize(2);
        assertThat(statements).hasValue(2);
    }

    /** The data source, counting the statements prepared on its connections. */
    private static DataSource counting(DataSource dataSource, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                new Class<?>[]{Connection.class}, (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")) {
                                        statements.incrementAndGet();
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aSessionWithoutSuggestionsHasAnEmptyList() {
        session("acme", "s-1");
        assertThat(history.session("acme", "s-1").orElseThrow().suggestions()).isEmpty();
    }

    private static List<AttemptView> attemptsOf(SessionView session, String suggestionId) {
        return session.suggestions().stream().filter(s -> s.suggestionId().equals(suggestionId)).findFirst()
                .orElseThrow().attempts();
    }

    private static void session(String tenantId, String sessionId) {
        jdbc.update("""
                INSERT INTO assist_session_view (session_id, tenant_id, user_id, entity_type, entity_id, field_name,
                                                 original_text, context, created_at)
                VALUES (?, ?, 'alice', 'Account', '42', 'description', 'their is a error', '[]'::jsonb, ?)""",
                sessionId, tenantId, Timestamp.from(T0));
    }

    private static void suggestion(String tenantId, String sessionId, String suggestionId, int second, int attempt) {
        jdbc.update("""
                INSERT INTO suggestion_view (suggestion_id, session_id, tenant_id, user_id, action, status, attempt,
                                             created_at, updated_at)
                VALUES (?, ?, ?, 'alice', 'IMPROVE', 'COMPLETED', ?, ?, ?)""",
                suggestionId, sessionId, tenantId, attempt, Timestamp.from(T0.plusSeconds(second)),
                Timestamp.from(T0.plusSeconds(second)));
    }

    private static void attempt(String suggestionId, int attempt, String status, String text, String cost) {
        jdbc.update("""
                INSERT INTO suggestion_attempt_view (suggestion_id, attempt, status, text, started_at, cost_amount,
                                                     cost_currency)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                suggestionId, attempt, status, text, Timestamp.from(T0.plusSeconds(attempt)),
                cost == null ? null : new BigDecimal(cost), cost == null ? null : "USD");
    }
}
