package io.assistantcore.api.audit;

import io.assistantcore.platform.audit.AggregateStates.History;
import io.assistantcore.platform.audit.AggregateStates.Rebuilt;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.platform.audit.AggregateStates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An aggregate's state as of a moment, rebuilt from its events (API.md, audit). Auditors see the aggregates of their
 * own tenant; another tenant's aggregate, and a platform-wide one, is 404 to them, as if it did not exist. Platform
 * administrators see every aggregate.
 */
@RestController
@RequestMapping("/api/v1/audit/aggregates")
@Tag(name = "Audit", description = "The event history and what it proves")
public class AuditStateController {

    private final AggregateStates states;
    private final TenantAccess access;

    AuditStateController(AggregateStates states, TenantAccess access) {
        this.states = states;
        this.access = access;
    }

    @GetMapping("/{aggregateType}/{aggregateId}/state")
    @Operation(summary = "The state of an aggregate rebuilt from its events up to asOf (ISO-8601 instant, default "
            + "now) (AUDITOR)")
    public Map<String, Object> state(@PathVariable String aggregateType, @PathVariable String aggregateId,
                                     @RequestParam(required = false) String asOf) {
        Caller caller = access.currentCaller();
        if (!caller.isPlatformAdmin() && !caller.has(Role.AUDITOR)) {
            throw ApiException.forbidden("This needs the AUDITOR role; you have "
                    + (caller.roles().isEmpty() ? "none" : caller.roles()));
        }
        Instant moment = parse(asOf);
        if (!states.isKnownType(aggregateType)) {
            throw ApiException.notFound("There is no aggregate type '" + aggregateType + "'; known types: "
                    + String.join(", ", states.knownTypes()));
        }
        History history = states.history(aggregateType, aggregateId)
                .filter(found -> caller.isPlatformAdmin() || (found.tenantId() != null
                        && found.tenantId().equals(caller.tenantId())))
                .orElseThrow(() -> ApiException.notFound("There is no " + aggregateType + " '" + aggregateId + "'"));
        Rebuilt rebuilt = states.stateAsOf(history, moment).orElseThrow(() -> ApiException.notFound(
                aggregateType + " '" + aggregateId + "' has no events at or before " + moment));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("aggregateType", rebuilt.aggregateType());
        body.put("aggregateId", rebuilt.aggregateId());
        body.put("asOf", moment.toString());
        body.put("version", rebuilt.version());
        body.put("eventsApplied", rebuilt.eventsApplied());
        body.put("state", rebuilt.state());
        return body;
    }

    /**
     * The same, for ids that contain '/' (a budget ledger is {@code tenant/period}): an encoded slash is refused in
     * paths, so the id comes as a query parameter, e.g. {@code /BudgetLedger/state?id=t1%2F2026-11}.
     */
    @GetMapping("/{aggregateType}/state")
    @Operation(summary = "The state of an aggregate whose id is given as the query parameter id (for ids containing "
            + "'/', such as a budget ledger's tenant/period) (AUDITOR)")
    public Map<String, Object> stateById(@PathVariable String aggregateType, @RequestParam String id,
                                         @RequestParam(required = false) String asOf) {
        return state(aggregateType, id, asOf);
    }

    private static Instant parse(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(asOf).toInstant();
            } catch (DateTimeException again) {
                throw ApiException.badRequest("asOf must be an ISO-8601 instant such as 2026-03-01T00:00:00Z; got '"
                        + asOf + "'");
            }
        }
    }
}
