package io.assistantcore.messages.audit;

import java.time.Instant;

/**
 * One record of the audit trail as the table holds it. {@code payload} is the text of the stored {@code jsonb}
 * (PostgreSQL's normalized form), exactly what the hash covers; null only when the event store had no payload.
 */
public record AuditRecord(long seq, Long globalIndex, String eventId, Instant timestamp, String tenantId, String actor,
                          String type, String aggregateType, String aggregateId, Long aggregateSequence,
                          String payload, String outcome, String prevHash, String hash) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REFUSED = "REFUSED";
    public static final String DENIED = "DENIED";

    public AuditRecord withHash(String newHash) {
        return new AuditRecord(seq, globalIndex, eventId, timestamp, tenantId, actor, type, aggregateType, aggregateId,
                aggregateSequence, payload, outcome, prevHash, newHash);
    }
}
