package io.assistantcore.platform.deadletter;

import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One savepoint per batch, and event by event only after a failure: a batch of events handled in one transaction as
 * a pooled processor does, each event's failure caught and set aside as the dead-letter invoker does.
 */
class BatchSavepointsTest {

    private static JdbcTemplate jdbc;
    private static DataSourceTransactionManager transactions;
    private static BatchSavepoints savepoints;

    @BeforeAll
    static void database() {
        DataSource dataSource = TestDatabase.freshDatabase().dataSource();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        savepoints = new BatchSavepoints(Set.of("test"), transactions);
        jdbc.execute("CREATE TABLE projected (id int PRIMARY KEY, handled int NOT NULL, note text)");
        jdbc.execute("CREATE TABLE letter (id int NOT NULL)");
        jdbc.execute("CREATE TABLE token (position int NOT NULL)");
    }

    @BeforeEach
    void empty() {
        jdbc.execute("TRUNCATE projected, letter, token");
    }

    /** A handler: counts how often each event was applied, then writes its note (NUL is refused by PostgreSQL). */
    private static Object project(int id, String note) {
        jdbc.update("INSERT INTO projected (id, handled) VALUES (?, 1) "
                + "ON CONFLICT (id) DO UPDATE SET handled = projected.handled + 1", id);
        jdbc.update("UPDATE projected SET note = ? WHERE id = ?", note, id);
        return null;
    }

    /**
     * Handles {@code ids} as one batch in one transaction. Events in {@code lettered} belong to a sequence already in
     * the dead-letter queue: the queue adds them (after sealing) instead of handling them. A failing event is set
     * aside in the queue in the same transaction; the token is stored at the end.
     */
    private static ResultMessage<?> batch(List<Integer> ids, Set<Integer> lettered, BatchSavepoints.Invocation... byId) {
        List<EventMessage<?>> events = new ArrayList<>();
        ids.forEach(id -> events.add(GenericEventMessage.asEventMessage(id)));
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(new SpringTransactionManager(transactions));
        unitOfWork.onPrepareCommit(u -> jdbc.update("INSERT INTO token (position) VALUES (?)", ids.get(ids.size() - 1)));
        return unitOfWork.executeWithResult(() -> {
            int id = (Integer) CurrentUnitOfWork.get().getMessage().getPayload();
            if (lettered.contains(id)) {
                BatchSavepoints.seal();
                jdbc.update("INSERT INTO letter (id) VALUES (?)", id);
                return null;
            }
            try {
                return savepoints.handle(byId.length > id && byId[id] != null ? byId[id] : () -> project(id, "ok"));
            } catch (BatchSavepoints.RedoFailedException e) {
                throw e; // the dead-letter policy lets it through: the batch fails
            } catch (Exception e) {
                BatchSavepoints.seal();
                jdbc.update("INSERT INTO letter (id) VALUES (?)", id);
                return null;
            }
        });
    }

    private static Map<Integer, Integer> projected() {
        Map<Integer, Integer> handled = new TreeMap<>();
        jdbc.query("SELECT id, handled FROM projected", rs -> {
            handled.put(rs.getInt(1), rs.getInt(2));
        });
        return handled;
    }

    private static List<Integer> letters() {
        return jdbc.queryForList("SELECT id FROM letter ORDER BY id", Integer.class);
    }

    @Test
    void aBatchWithoutFailuresIsStoredWithItsToken() {
        ResultMessage<?> result = batch(List.of(1, 2, 3), Set.of());

        assertThat(result.isExceptional()).isFalse();
        assertThat(projected()).isEqualTo(Map.of(1, 1, 2, 1, 3, 1));
        assertThat(letters()).isEmpty();
        assertThat(jdbc.queryForList("SELECT position FROM token", Integer.class)).containsExactly(3);
    }

    @Test
    void aPoisonedEventGoesToTheDeadLettersAndTheRestOfItsBatchIsStoredOnce() {
        BatchSavepoints.Invocation[] handlers = new BatchSavepoints.Invocation[7];
        handlers[3] = () -> project(3, "poison\u0000");

        ResultMessage<?> result = batch(List.of(1, 2, 3, 4, 5, 6), Set.of(), handlers);

        assertThat(result.isExceptional()).isFalse();
        // the events before the poison were undone with it and applied again: once each, as those after it
        assertThat(projected()).isEqualTo(Map.of(1, 1, 2, 1, 4, 1, 5, 1, 6, 1));
        assertThat(jdbc.queryForList("SELECT DISTINCT note FROM projected", String.class)).containsExactly("ok");
        assertThat(letters()).containsExactly(3);
        assertThat(jdbc.queryForList("SELECT position FROM token", Integer.class)).containsExactly(6);
    }

    @Test
    void twoPoisonedEventsInOneBatchBothWaitAndTheOthersAreKept() {
        BatchSavepoints.Invocation[] handlers = new BatchSavepoints.Invocation[7];
        handlers[1] = () -> project(1, "poison\u0000");
        handlers[5] = () -> project(5, "poison\u0000");

        batch(List.of(1, 2, 3, 4, 5, 6), Set.of(), handlers);

        assertThat(projected()).isEqualTo(Map.of(2, 1, 3, 1, 4, 1, 6, 1));
        assertThat(letters()).containsExactly(1, 5);
    }

    @Test
    void anEventAddedToTheDeadLettersBetweenHandlersIsNotUndoneByALaterFailure() {
        BatchSavepoints.Invocation[] handlers = new BatchSavepoints.Invocation[6];
        handlers[4] = () -> project(4, "poison\u0000");

        batch(List.of(1, 2, 3, 4, 5), Set.of(2), handlers);

        assertThat(projected()).isEqualTo(Map.of(1, 1, 3, 1, 5, 1));
        assertThat(letters()).containsExactly(2, 4);
    }

    @Test
    void whenAnEventFailsOnItsSecondRunTheWholeBatchFailsAndNothingOfItIsKept() {
        AtomicInteger runs = new AtomicInteger();
        BatchSavepoints.Invocation[] handlers = new BatchSavepoints.Invocation[4];
        handlers[1] = () -> project(1, runs.incrementAndGet() == 1 ? "ok" : "now refused\u0000");
        handlers[2] = () -> project(2, "poison\u0000");

        ResultMessage<?> result = batch(List.of(1, 2, 3), Set.of(), handlers);

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(BatchSavepoints.RedoFailedException.class);
        assertThat(projected()).isEmpty();
        assertThat(letters()).isEmpty();
        assertThat(jdbc.queryForList("SELECT position FROM token", Integer.class)).isEmpty();
    }

    /**
     * A handler that writes its event and, while it may, up to {@code ahead} events after it in its batch, as one
     * piece of work (a refused one ends it); an event written ahead is skipped in its turn. Its note says "ahead".
     * Events in {@code poisoned} have a note PostgreSQL refuses.
     */
    private static BatchSavepoints.Invocation writingAhead(int id, int ahead, Set<Integer> poisoned) {
        return () -> {
            EventMessage<?> own = ((BatchingUnitOfWork<?>) CurrentUnitOfWork.get().root()).getMessages().stream()
                    .map(message -> (EventMessage<?>) message).filter(message -> message.getPayload().equals(id))
                    .findFirst().orElseThrow();
            if (WriteAhead.written(own)) {
                return null;
            }
            List<? extends EventMessage<?>> following = WriteAhead.following(own);
            following = following.subList(0, Math.min(ahead, following.size()));
            if (following.isEmpty()) {
                return project(id, poisoned.contains(id) ? "poison\u0000" : "ok");
            }
            try {
                project(id, poisoned.contains(id) ? "poison\u0000" : "ok");
                for (EventMessage<?> next : following) {
                    int nextId = (Integer) next.getPayload();
                    project(nextId, poisoned.contains(nextId) ? "poison\u0000" : "ahead");
                }
            } catch (DataAccessException refused) {
                throw new WriteAhead.Refused(refused);
            }
            WriteAhead.wrote(following);
            return null;
        };
    }

    private static BatchSavepoints.Invocation[] allWritingAhead(int events, int ahead, Set<Integer> poisoned) {
        BatchSavepoints.Invocation[] handlers = new BatchSavepoints.Invocation[events + 1];
        for (int id = 1; id <= events; id++) {
            handlers[id] = writingAhead(id, ahead, poisoned);
        }
        return handlers;
    }

    @Test
    void eventsWrittenAheadByAnEarlierHandlerAreSkippedInTheirTurn() {
        ResultMessage<?> result = batch(List.of(1, 2, 3, 4, 5), Set.of(), allWritingAhead(5, 2, Set.of()));

        assertThat(result.isExceptional()).isFalse();
        assertThat(projected()).isEqualTo(Map.of(1, 1, 2, 1, 3, 1, 4, 1, 5, 1));
        assertThat(notes()).isEqualTo(Map.of(1, "ok", 2, "ahead", 3, "ahead", 4, "ok", 5, "ahead"));
        assertThat(letters()).isEmpty();
        assertThat(jdbc.queryForList("SELECT position FROM token", Integer.class)).containsExactly(5);
    }

    private static Map<Integer, String> notes() {
        Map<Integer, String> notes = new TreeMap<>();
        jdbc.query("SELECT id, note FROM projected", rs -> {
            notes.put(rs.getInt(1), rs.getString(2));
        });
        return notes;
    }

    @Test
    void whenWritingAheadIsRefusedTheEventsAreWrittenOneByOneAndOnlyThePoisonWaits() {
        ResultMessage<?> result = batch(List.of(1, 2, 3, 4, 5), Set.of(), allWritingAhead(5, 10, Set.of(3)));

        assertThat(result.isExceptional()).isFalse();
        assertThat(projected()).isEqualTo(Map.of(1, 1, 2, 1, 4, 1, 5, 1));
        assertThat(jdbc.queryForList("SELECT DISTINCT note FROM projected", String.class)).containsExactly("ok");
        assertThat(letters()).containsExactly(3);
    }

    @Test
    void aHandlerThatWroteAheadWritesAheadAgainWhenALaterEventFails() {
        BatchSavepoints.Invocation[] handlers = allWritingAhead(4, 1, Set.of());
        handlers[3] = () -> project(3, "ok");
        handlers[4] = () -> project(4, "poison\u0000");

        ResultMessage<?> result = batch(List.of(1, 2, 3, 4), Set.of(), handlers);

        assertThat(result.isExceptional()).isFalse();
        // 1 wrote 2 ahead, 3 was on its own: after 4 failed, all three are there once, 2 written ahead again
        assertThat(projected()).isEqualTo(Map.of(1, 1, 2, 1, 3, 1));
        assertThat(notes()).isEqualTo(Map.of(1, "ok", 2, "ahead", 3, "ok"));
        assertThat(letters()).containsExactly(4);
    }

    @Test
    void nothingIsWrittenAheadOutsideABatch() throws Exception {
        savepoints.handle(() -> {
            assertThat(WriteAhead.possible()).isFalse();
            assertThat(WriteAhead.following(GenericEventMessage.asEventMessage(8))).isEmpty();
            return project(8, "ok");
        });

        assertThat(projected()).isEqualTo(Map.of(8, 1));
    }

    @Test
    void outsideAUnitOfWorkEachHandlerHasItsOwnSavepoint() throws Exception {
        savepoints.handle(() -> project(7, "ok"));

        assertThat(projected()).isEqualTo(Map.of(7, 1));
    }
}
