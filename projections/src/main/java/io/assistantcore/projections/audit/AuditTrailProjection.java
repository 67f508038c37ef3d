package io.assistantcore.projections.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.audit.AuditChain;
import io.assistantcore.messages.audit.AuditEvents.CommandRefused;
import io.assistantcore.messages.audit.AuditRecord;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationRefused;
import io.assistantcore.messages.common.MetaDataKeys;
import io.assistantcore.messages.ratelimit.RateLimitEvents.RateLimitRefused;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;

/**
 * The audit trail: one record per stored event, in the order of the event store, hash-chained. Runs in ONE segment
 * (see the api's configuration), so records are appended by one thread in order and {@code seq} is gapless; the
 * previous record is read in the same transaction that appends the next one and advances the token.
 * <p>
 * The payload is copied from the event store as stored (never re-serialized from the Java object), so the trail
 * holds exactly what the store holds, encrypted fields included. Token chunks ({@link SuggestionTokensStreamed},
 * {@link ReplyTokensStreamed}) are not recorded one by one: the event that ends the attempt carries the chunk count
 * and the full text.
 * A reset clears the table: a rebuilt trail is a new chain.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";

    private static final Logger log = LoggerFactory.getLogger(AuditTrailProjection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public AuditTrailProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Stored(Long globalIndex, String payload) {
    }

    private record Last(long seq, String hash) {
    }

    @EventHandler
    void on(EventMessage<?> event) {
        Class<?> payloadType = event.getPayloadType();
        if (SuggestionTokensStreamed.class.equals(payloadType) || ReplyTokensStreamed.class.equals(payloadType)) {
            return;
        }
        Read read = read(event.getIdentifier());
        Stored stored = read.stored();
        Last last = read.last();

        String aggregateType = null;
        String aggregateId = null;
        Long aggregateSequence = null;
        // events published without an aggregate come back from the store as domain events without a type
        if (event instanceof DomainEventMessage<?> domain && domain.getType() != null) {
            aggregateType = domain.getType();
            aggregateId = domain.getAggregateIdentifier();
            aggregateSequence = domain.getSequenceNumber();
        }
        AuditRecord record = new AuditRecord(last.seq() + 1, stored.globalIndex(), event.getIdentifier(),
                AuditChain.storable(event.getTimestamp()), tenantOf(stored.payload(), event), text(event, MetaDataKeys.USER_ID),
                payloadType.getSimpleName(), aggregateType, aggregateId, aggregateSequence, stored.payload(),
                outcomeOf(event.getPayload()), last.hash(), null);
        record = record.withHash(AuditChain.hash(record));

        List<String> written = jdbc.query("""
                        INSERT INTO audit_record (seq, global_index, event_id, timestamp, tenant_id, actor, type,
                            aggregate_type, aggregate_id, aggregate_sequence, payload, outcome, prev_hash, hash,
                            payload_type)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING payload::text""",
                (rs, row) -> rs.getString(1),
                record.seq(), record.globalIndex(), record.eventId(), record.timestamp().atOffset(ZoneOffset.UTC),
                record.tenantId(), record.actor(), record.type(), record.aggregateType(), record.aggregateId(),
                record.aggregateSequence(), record.payload(), record.outcome(), record.prevHash(), record.hash(),
                event.getPayloadType().getName());
        if (written.isEmpty()) {
            return; // recorded before
        }
        // The hash must be recomputable from the table: should jsonb ever print the text it was given differently,
        // the chain covers what the table holds.
        String asStored = written.get(0);
        if (asStored != null && !asStored.equals(record.payload())) {
            AuditRecord reread = new AuditRecord(record.seq(), record.globalIndex(), record.eventId(), record.timestamp(),
                    record.tenantId(), record.actor(), record.type(), record.aggregateType(), record.aggregateId(),
                    record.aggregateSequence(), asStored, record.outcome(), record.prevHash(), null);
            jdbc.update("UPDATE audit_record SET hash = ? WHERE seq = ?", AuditChain.hash(reread), record.seq());
        }
    }

    private record Read(Stored stored, Last last) {
    }

    /**
     * The event's global index and its payload as the event store holds it (as PostgreSQL's jsonb text), and the
     * trail's last record (the genesis when there is none), read together in one round trip.
     */
    private Read read(String eventId) {
        Read read = jdbc.queryForObject("""
                        SELECT e.found, e.global_index, e.payload, l.seq, l.hash
                        FROM (SELECT 1) AS one
                        LEFT JOIN (SELECT true AS found, global_index,
                                       convert_from(payload, 'UTF8')::jsonb::text AS payload
                                   FROM domain_event_entry WHERE event_identifier = ?) AS e ON true
                        LEFT JOIN (SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1) AS l ON true""",
                (rs, row) -> new Read(
                        rs.getBoolean("found") ? new Stored(rs.getLong("global_index"), rs.getString("payload"))
                                : null,
                        rs.getString("hash") == null ? new Last(0, AuditChain.GENESIS)
                                : new Last(rs.getLong("seq"), rs.getString("hash"))),
                eventId);
        if (read.stored() == null) {
            log.warn("Event {} is not in the event store; its audit record has no payload", eventId);
            return new Read(new Stored(null, null), read.last());
        }
        return read;
    }

    private static String tenantOf(String payload, EventMessage<?> event) {
        if (payload != null) {
            try {
                String tenant = topLevelText(payload, "tenantId");
                if (tenant != null) {
                    return tenant;
                }
            } catch (IOException e) {
                log.warn("Event {} has a payload that is not JSON", event.getIdentifier());
            }
        }
        return text(event, MetaDataKeys.TENANT_ID);
    }

    /**
     * The string value of a top-level field of a JSON object, read as a stream and stopped at that field: the audit
     * trail reads every event's tenant this way, and building the whole tree of each payload (personal texts sealed
     * in it included) for one field was a visible share of the projection's time under load.
     */
    static String topLevelText(String json, String field) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    private static String text(EventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    static String outcomeOf(Object payload) {
        if (payload instanceof CommandRefused refused) {
            return refused.status() == 401 || refused.status() == 403 ? AuditRecord.DENIED : AuditRecord.REFUSED;
        }
        if (payload instanceof RateLimitRefused || payload instanceof BudgetReservationRefused) {
            return AuditRecord.REFUSED;
        }
        return AuditRecord.ACCEPTED;
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_record");
    }
}
