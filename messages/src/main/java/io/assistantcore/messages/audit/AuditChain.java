package io.assistantcore.messages.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash chain of the audit trail. A record's hash is the lower-case hex SHA-256 of the UTF-8 bytes of its
 * canonical form: a compact JSON array (Jackson's default escaping, no spaces) of
 * {@code [seq, globalIndex, eventId, timestamp, tenantId, actor, type, aggregateType, aggregateId, aggregateSequence,
 * outcome, payload, prevHash]}, where {@code timestamp} is ISO-8601 UTC in microseconds at most (what
 * {@code timestamptz} keeps, as {@link Instant#toString()} writes it), {@code payload} is the text PostgreSQL returns
 * for the stored {@code jsonb} (a JSON string, not a nested object, so no re-serialization can change it) and absent
 * values are JSON {@code null}. The first record's {@code prevHash} is {@link #GENESIS}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    private static final JsonFactory JSON = new JsonFactory();

    private AuditChain() {
    }

    /** What {@code timestamptz} keeps of an instant. */
    public static Instant storable(Instant timestamp) {
        return timestamp.truncatedTo(ChronoUnit.MICROS);
    }

    public static String canonical(AuditRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (record.payload() == null ? 0 : record.payload().length()));
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartArray();
            json.writeNumber(record.seq());
            writeNumber(json, record.globalIndex());
            json.writeString(record.eventId());
            json.writeString(storable(record.timestamp()).toString());
            json.writeString(record.tenantId());
            json.writeString(record.actor());
            json.writeString(record.type());
            json.writeString(record.aggregateType());
            json.writeString(record.aggregateId());
            writeNumber(json, record.aggregateSequence());
            json.writeString(record.outcome());
            json.writeString(record.payload());
            json.writeString(record.prevHash());
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String hash(AuditRecord record) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical(record).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void writeNumber(JsonGenerator json, Long value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }
}
