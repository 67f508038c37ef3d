package io.assistantcore.api.audit;

import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous requests cannot fill the event store: 401s without a caller are audited one by one only up to a few per
 * address and minute, the rest are counted into one summary; refusals of authenticated callers (403) stay audited
 * one by one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnauthenticatedRefusalsIntegrationTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final Pattern COUNTED = Pattern.compile("^(\\d+) further requests");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditRefusals refusals;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
    }

    @Test
    void anonymousRefusalsAreCountedNotStoredOneByOneWhileAuthenticatedDenialsAreAllStored() {
        ApiClient api = new ApiClient(port);
        for (int i = 0; i < 200; i++) {
            ApiClient.Response refused = api.post("/api/v1/tenants/t-" + i + "/members/x", null, Map.of());
            assertThat(refused.status()).isEqualTo(401);
        }
        List<String> individual = refusals(401, null);
        assertThat(individual).hasSizeBetween(1, 10);

        refusals.flushUnauthenticatedSummary();
        List<String> summaries = refusals(401, AuditRefusals.SUMMARY_CODE);
        assertThat(summaries).hasSize(1);
        Matcher counted = COUNTED.matcher(summaries.get(0));
        assertThat(counted.find()).as(summaries.get(0)).isTrue();
        assertThat(individual.size() + Long.parseLong(counted.group(1))).as("every refusal is accounted for")
                .isEqualTo(200);
        assertThat(summaries.get(0)).doesNotContain("127.0.0.1");

        // an authenticated caller without the role: every denial is stored
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        api.post("/api/v1/tenants", root, Map.of("tenantId", "denied", "name", "Denied", "plan", "TEAM",
                "initialAdminUserId", "alice"));
        String bob = api.devToken("denied", "bob");
        for (int i = 0; i < 20; i++) {
            ApiClient.Response denied = api.put("/api/v1/tenants/denied/quotas", bob, Map.of(
                    "monthlyBudget", Map.of("amount", new BigDecimal("1"), "currency", "USD"),
                    "requestsPerMinutePerUser", 1, "tokensPerMinutePerTenant", 1));
            assertThat(denied.status()).as(denied.body()).isEqualTo(403);
        }
        assertThat(refusals(403, null)).hasSize(20);
    }

    /** Reasons of the stored CommandRefused events with this status, of the given code or of any but the summary. */
    private List<String> refusals(int status, String code) {
        return jdbc.queryForList("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'reason' FROM domain_event_entry
                WHERE payload_type LIKE '%CommandRefused'
                  AND (convert_from(payload, 'UTF8')::jsonb ->> 'status')::int = ?
                  AND coalesce(convert_from(payload, 'UTF8')::jsonb ->> 'code', '') """
                + (code == null ? "<> ?" : "= ?"), String.class, status,
                code == null ? AuditRefusals.SUMMARY_CODE : code);
    }
}
