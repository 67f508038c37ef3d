package io.assistantcore.api.billing;

import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.billing.BillingQueries.BudgetQuery;
import io.assistantcore.messages.billing.BillingQueries.BudgetView;
import io.assistantcore.messages.billing.BillingQueries.UsageGrouping;
import io.assistantcore.messages.billing.BillingQueries.UsageReport;
import io.assistantcore.messages.billing.BillingQueries.UsageReportQuery;
import io.assistantcore.messages.billing.BillingQueries.UsageRow;
import io.assistantcore.messages.common.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The billing endpoints of API.md: usage of the caller's tenant by day, user or model, as JSON or CSV, and budget. */
@RestController
@RequestMapping("/api/v1/billing")
@Tag(name = "Billing", description = "Usage, cost, cache savings and the monthly budget of your organisation")
public class BillingController {

    private static final Role[] READERS = {Role.TENANT_ADMIN, Role.AUDITOR};
    private static final int MAX_DAYS = 366;

    private final QueryGateway queries;
    private final TenantAccess access;
    private final Clock clock = Clock.systemUTC();

    BillingController(QueryGateway queries, TenantAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/usage")
    @Operation(summary = "Usage rows {key, requests, inputTokens, outputTokens, cost, cacheHits, savedCost}",
            description = "from/to are UTC days (yyyy-MM-dd, both included; default: this month so far)")
    public List<UsageRow> usage(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @Parameter(description = "day, user or model") @RequestParam(required = false) String groupBy) {
        return report(from, to, groupBy).rows();
    }

    @GetMapping(value = "/usage.csv", produces = "text/csv")
    @Operation(summary = "The usage report as CSV (same rows and columns, plus currency)")
    public ResponseEntity<String> usageCsv(@RequestParam(required = false) String from,
                                           @RequestParam(required = false) String to,
                                           @RequestParam(required = false) String groupBy) {
        UsageReport report = report(from, to, groupBy);
        StringBuilder csv = new StringBuilder("key,requests,inputTokens,outputTokens,cost,cacheHits,savedCost,currency\r\n");
        for (UsageRow row : report.rows()) {
            csv.append(csvField(row.key())).append(',').append(row.requests()).append(',').append(row.inputTokens())
                    .append(',').append(row.outputTokens()).append(',').append(row.cost().toPlainString()).append(',')
                    .append(row.cacheHits()).append(',').append(row.savedCost().toPlainString()).append(',')
                    .append(row.currency()).append("\r\n");
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"usage.csv\"")
                .body(csv.toString());
    }

    @GetMapping("/budget")
    @Operation(summary = "The month's budget: {period, budget, spent, reserved, remaining}",
            description = "period is yyyy-MM (UTC; default: this month)")
    public BudgetView budget(@RequestParam(required = false) String period) {
        Caller caller = caller();
        String month = parseMonth(period);
        return queries.query(new BudgetQuery(caller.tenantId(), month), ResponseTypes.optionalInstanceOf(BudgetView.class))
                .join()
                .orElseThrow(() -> ApiException.notFound("Tenant '" + caller.tenantId() + "' does not exist"));
    }

    private UsageReport report(String from, String to, String groupBy) {
        Caller caller = caller();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = from == null ? today.withDayOfMonth(1) : parseDay("from", from);
        LocalDate last = to == null ? today : parseDay("to", to);
        if (last.isBefore(first)) {
            throw ApiException.badRequest("'to' (" + last + ") is before 'from' (" + first + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ApiException.badRequest("A report covers at most " + MAX_DAYS + " days; ask for several");
        }
        return queries.query(new UsageReportQuery(caller.tenantId(), first, last, grouping(groupBy)),
                UsageReport.class).join();
    }

    private Caller caller() {
        return access.requireOwnTenant("Billing belongs to a tenant; your token names none", READERS);
    }

    private static UsageGrouping grouping(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return UsageGrouping.DAY;
        }
        try {
            return UsageGrouping.valueOf(groupBy.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("groupBy must be one of " + Arrays.stream(UsageGrouping.values())
                    .map(g -> g.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + groupBy + "'");
        }
    }

    private static LocalDate parseDay(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + name + "' must be a day as yyyy-MM-dd, got '" + value + "'");
        }
    }

    private String parseMonth(String period) {
        if (period == null || period.isBlank()) {
            return YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
        }
        try {
            return YearMonth.parse(period).toString();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'period' must be a month as yyyy-MM, got '" + period + "'");
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; a leading =,+,-,@ is defused for spreadsheets. */
    static String csvField(String value) {
        String safe = value != null && !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe == null) {
            return "";
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
