package io.assistantcore.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.platform.privacy.StoredPayloads;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.audit.AuditQueries.AuditVerification;
import io.assistantcore.messages.audit.AuditQueries.VerifyAuditTrailQuery;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.audit.AuditRecord;
import io.assistantcore.query.audit.AuditTrail;
import io.assistantcore.query.audit.AuditTrail.Filter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The audit endpoints of API.md: the trail as NDJSON, streamed from a database cursor, and the verification of its
 * hash chain. An AUDITOR sees the records of their own tenant, a PLATFORM_ADMIN every record.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "The hash-chained audit trail of every event, refused and denied request")
public class AuditController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final int FLUSH_EVERY = 200;

    private final AuditTrail trail;
    private final QueryGateway queries;
    private final TenantAccess access;
    private final StoredPayloads storedPayloads;
    private final ObjectMapper json;

    /** The export streams through {@code trail} directly (decisions/0006); verification is a query. */
    AuditController(AuditTrail trail, QueryGateway queries, TenantAccess access, StoredPayloads storedPayloads,
                    ObjectMapper json) {
        this.trail = trail;
        this.queries = queries;
        this.access = access;
        this.storedPayloads = storedPayloads;
        this.json = json;
    }

    @GetMapping("/events")
    @Operation(summary = "The audit trail as NDJSON, one record per line, in seq order",
            description = "Each line: {seq, timestamp, tenantId, actor, type, aggregateType, aggregateId, payload, "
                    + "outcome, hash, prevHash}. from/to are ISO-8601 instants or UTC days (yyyy-MM-dd); from is "
                    + "included, to excluded (a day as 'to' includes that day).")
    public ResponseEntity<StreamingResponseBody> events(
            @RequestParam(required = false) String aggregateId,
            @Parameter(description = "the event type, e.g. SuggestionApproved") @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @Parameter(description = "only records after this seq, to resume an export") @RequestParam(required = false) String afterSeq) {
        String tenantId = scope();
        Instant start = instant("from", from, false);
        Instant end = instant("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalidParameter("to", "must be after 'from' (" + start + "), got '" + to + "'");
        }
        Filter filter = new Filter(tenantId, blankToNull(aggregateId), blankToNull(type), start, end, seq(afterSeq));
        StreamingResponseBody body = output -> export(filter, output);
        return ResponseEntity.ok().contentType(NDJSON).header("Cache-Control", "no-store").body(body);
    }

    @GetMapping("/verify")
    @Operation(summary = "Recompute the hash chain: {checked, ok, firstBrokenSeq}",
            description = "The chain covers every tenant; the answer reveals only counts and the seq where it breaks.")
    public ChainStatus verify() {
        scope();
        AuditVerification verification = queries.query(new VerifyAuditTrailQuery(), AuditVerification.class).join();
        return new ChainStatus(verification.checked(), verification.ok(), verification.firstBrokenSeq());
    }

    /** The answer of verify; {@code firstBrokenSeq} is present as null while the chain holds. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChainStatus(long checked, boolean ok, Long firstBrokenSeq) {
    }

    private void export(Filter filter, OutputStream output) throws IOException {
        JsonGenerator generator = json.getFactory().createGenerator(output);
        generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        int[] written = {0};
        try {
            trail.stream(filter, (record, payloadType) -> {
                writeLine(generator, record, payloadType);
                if (++written[0] % FLUSH_EVERY == 0) {
                    generator.flush();
                }
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("The audit export failed", e);
        }
        generator.flush();
    }

    private void writeLine(JsonGenerator out, AuditRecord record, String payloadType) throws IOException {
        out.writeStartObject();
        out.writeNumberField("seq", record.seq());
        out.writeStringField("timestamp", record.timestamp().toString());
        out.writeStringField("tenantId", record.tenantId());
        out.writeStringField("actor", record.actor());
        out.writeStringField("type", record.type());
        out.writeStringField("aggregateType", record.aggregateType());
        out.writeStringField("aggregateId", record.aggregateId());
        out.writeFieldName("payload");
        if (record.payload() == null) {
            out.writeNull();
        } else {
            out.writeTree(storedPayloads.readable(payloadType == null ? record.type() : payloadType,
                    parse(record.payload())));
        }
        out.writeStringField("outcome", record.outcome());
        out.writeStringField("hash", record.hash());
        out.writeStringField("prevHash", record.prevHash());
        out.writeEndObject();
        out.writeRaw('\n');
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant whose records the caller may read, or null for every tenant (platform admins). */
    private String scope() {
        Caller caller = access.currentCaller();
        if (caller.isPlatformAdmin()) {
            return null;
        }
        return access.requireOwnTenant("The audit trail of a tenant needs a token that names the tenant",
                Role.AUDITOR).tenantId();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Long seq(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            long seq = Long.parseLong(value.strip());
            if (seq < 0) {
                throw ApiException.invalidParameter("afterSeq", "must be 0 or more, got '" + value + "'");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("afterSeq", "must be a whole number, got '" + value + "'");
        }
    }

    /** An ISO-8601 instant, or a UTC day: its start, or for an end, the start of the next day. */
    private static Instant instant(String name, String value, boolean end) {
        if (blankToNull(value) == null) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADay) {
                throw ApiException.invalidParameter(name, "must be an ISO-8601 instant (2025-01-31T12:00:00Z) "
                        + "or a day (2025-01-31), got '" + value + "'");
            }
        }
    }
}
