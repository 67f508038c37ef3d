package io.assistantcore.query.audit;

import io.assistantcore.messages.audit.AuditChain;
import io.assistantcore.messages.audit.AuditRecord;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the audit trail in seq order without holding it in memory: the query runs with autocommit off and a fetch
 * size, so PostgreSQL's driver reads through a cursor, {@value #FETCH_SIZE} rows at a time.
 */
@Component
public class AuditTrail {

    static final int FETCH_SIZE = 500;

    private final DataSource dataSource;

    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Filters of an export; null means "any". {@code tenantId} null exports every tenant's records. */
    public record Filter(String tenantId, String aggregateId, String type, Instant from, Instant to, Long afterSeq) {

        public static Filter all() {
            return new Filter(null, null, null, null, null, null);
        }
    }

    /** Receives records one by one; may throw to stop (the stream is then closed). */
    @FunctionalInterface
    public interface RecordSink {
        /** @param payloadType the payload's class name, to read encrypted personal fields with */
        void accept(AuditRecord record, String payloadType) throws Exception;
    }

    /** The result of re-computing the chain. */
    public record Verification(long checked, boolean ok, Long firstBrokenSeq) {
    }

    /** Every record that matches, in seq order, handed to {@code sink} as it is read. */
    public void stream(Filter filter, RecordSink sink) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT seq, global_index, event_id, timestamp, tenant_id, actor, type, "
                + "aggregate_type, aggregate_id, aggregate_sequence, payload::text AS payload, outcome, prev_hash, hash, "
                + "payload_type "
                + "FROM audit_record WHERE true");
        List<Object> args = new ArrayList<>();
        condition(sql, args, "tenant_id = ?", filter.tenantId());
        condition(sql, args, "aggregate_id = ?", filter.aggregateId());
        condition(sql, args, "type = ?", filter.type());
        condition(sql, args, "timestamp >= ?", filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC));
        condition(sql, args, "timestamp < ?", filter.to() == null ? null : filter.to().atOffset(ZoneOffset.UTC));
        condition(sql, args, "seq > ?", filter.afterSeq());
        sql.append(" ORDER BY seq");
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // without a transaction the driver would fetch every row at once
            try (PreparedStatement statement = connection.prepareStatement(sql.toString(),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(read(rows), rows.getString("payload_type"));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Recomputes the whole chain in seq order: seq must run 1, 2, 3 … without gaps, each record's prev_hash must be
     * the previous record's hash (the first one's {@link AuditChain#GENESIS}) and each hash must match the record.
     * The first seq where one of these fails is reported; a missing record is reported by the seq it should have had.
     */
    public Verification verify() throws Exception {
        long[] checked = {0};
        Long[] broken = {null};
        String[] previousHash = {AuditChain.GENESIS};
        long[] expectedSeq = {1};
        try {
            stream(Filter.all(), (record, payloadType) -> {
                checked[0]++;
                if (record.seq() != expectedSeq[0]) {
                    broken[0] = Math.min(record.seq(), expectedSeq[0]);
                } else if (!Objects.equals(record.prevHash(), previousHash[0])
                        || !AuditChain.hash(record).equals(record.hash())) {
                    broken[0] = record.seq();
                }
                if (broken[0] != null) {
                    throw new ChainBroken();
                }
                previousHash[0] = record.hash();
                expectedSeq[0]++;
            });
        } catch (ChainBroken stop) {
            // reported below
        }
        return new Verification(checked[0], broken[0] == null, broken[0]);
    }

    private static final class ChainBroken extends Exception {
        ChainBroken() {
            super(null, null, false, false);
        }
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static AuditRecord read(ResultSet rows) throws SQLException {
        return new AuditRecord(rows.getLong("seq"), (Long) rows.getObject("global_index"), rows.getString("event_id"),
                rows.getObject("timestamp", OffsetDateTime.class).toInstant(), rows.getString("tenant_id"),
                rows.getString("actor"), rows.getString("type"), rows.getString("aggregate_type"),
                rows.getString("aggregate_id"), (Long) rows.getObject("aggregate_sequence"), rows.getString("payload"),
                rows.getString("outcome"), rows.getString("prev_hash"), rows.getString("hash"));
    }
}
