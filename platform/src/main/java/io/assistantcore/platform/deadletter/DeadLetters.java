package io.assistantcore.platform.deadletter;

import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * The projections' dead letters: listed from the queue's table (without payloads), retried and evicted through
 * Axon's queue so its bookkeeping stays right.
 */
public class DeadLetters {

    /** One dead letter as an operator sees it: where it belongs and why, never what it holds. */
    public record Letter(String id, String processingGroup, String sequenceIdentifier, long sequenceIndex,
                         String eventId, String eventType, String aggregateType, String aggregateId,
                         Long aggregateSequence, String enqueuedAt, String lastTouched, String causeType,
                         String cause) {
    }

    public record Retried(String processingGroup, String sequenceIdentifier, boolean handled, long stillWaiting) {
    }

    private static final String COLUMNS = """
            dead_letter_identifier, processing_group, sequence_identifier, sequence_index, event_identifier,
            payload_type, aggregate_type, aggregate_identifier, sequence_number, enqueued_at, last_touched,
            cause_type, cause_message""";

    private final Configuration axon;
    private final JdbcTemplate jdbc;

    DeadLetters(Configuration axon, JdbcTemplate jdbc) {
        this.axon = axon;
        this.jdbc = jdbc;
    }

    public List<Letter> list(String processingGroup, int limit) {
        String where = processingGroup == null ? "" : " WHERE processing_group = ?";
        Object[] arguments = processingGroup == null ? new Object[]{limit} : new Object[]{processingGroup, limit};
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter_entry" + where
                        + " ORDER BY processing_group, sequence_identifier, sequence_index LIMIT ?",
                (rs, row) -> new Letter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), simpleName(rs.getString(6)), rs.getString(7), rs.getString(8),
                        (Long) rs.getObject(9), rs.getString(10), rs.getString(11), simpleName(rs.getString(12)),
                        rs.getString(13)),
                arguments);
    }

    public Letter get(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter_entry WHERE dead_letter_identifier = ?",
                        (rs, row) -> new Letter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), simpleName(rs.getString(6)), rs.getString(7), rs.getString(8),
                                (Long) rs.getObject(9), rs.getString(10), rs.getString(11),
                                simpleName(rs.getString(12)), rs.getString(13)), id)
                .stream().findFirst()
                .orElseThrow(() -> new NoSuchDeadLetterException("There is no dead letter '" + id + "'"));
    }

    /** Hands the letter's sequence to its projection again, from its first letter on, as far as it gets. */
    public Retried retry(String id) {
        Letter letter = get(id);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing()
                .sequencedDeadLetterProcessor(letter.processingGroup())
                .orElseThrow(() -> new NoSuchDeadLetterException("Processing group '" + letter.processingGroup()
                        + "' has no dead-letter queue on this node"));
        boolean handled = processor.process(candidate -> candidate instanceof JdbcDeadLetter<?> jdbcLetter
                && jdbcLetter.getSequenceIdentifier().equals(letter.sequenceIdentifier()));
        Long waiting = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ? "
                + "AND sequence_identifier = ?", Long.class, letter.processingGroup(), letter.sequenceIdentifier());
        return new Retried(letter.processingGroup(), letter.sequenceIdentifier(), handled,
                waiting == null ? 0 : waiting);
    }

    /** Drops one letter: its event is not handled by that projection (the next letter of its sequence is first). */
    public void evict(String id) {
        Letter letter = get(id);
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing().deadLetterQueue(letter.processingGroup())
                .orElseThrow(() -> new NoSuchDeadLetterException("Processing group '" + letter.processingGroup()
                        + "' has no dead-letter queue on this node"));
        axon.getComponent(org.axonframework.common.transaction.TransactionManager.class).executeInTransaction(() -> {
            for (DeadLetter<? extends EventMessage<?>> candidate : queue.deadLetterSequence(letter.sequenceIdentifier())) {
                if (candidate instanceof JdbcDeadLetter<?> jdbcLetter && jdbcLetter.getIdentifier().equals(id)) {
                    queue.evict(candidate);
                    return;
                }
            }
        });
    }

    private EventProcessingConfiguration processing() {
        return axon.eventProcessingConfiguration();
    }

    private static String simpleName(String className) {
        if (className == null) {
            return null;
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }
}
