package io.assistantcore.query.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import io.assistantcore.messages.tenant.TenantQueries.RoutingRulesQuery;
import io.assistantcore.messages.tenant.TenantEvents.MemberRemoved;
import io.assistantcore.messages.tenant.TenantEvents.MemberRolesSet;
import io.assistantcore.messages.tenant.TenantEvents.RoutingRulesSet;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import io.assistantcore.messages.tenant.TenantEvents.TenantDeactivated;
import io.assistantcore.messages.tenant.TenantEvents.TenantQuotasSet;
import io.assistantcore.messages.tenant.TenantQueries.MemberView;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.messages.tenant.TenantStatus;
import io.assistantcore.projections.tenant.PolicyJson;
import io.assistantcore.projections.tenant.RoutingRulesJson;
import io.assistantcore.projections.tenant.TenantDirectoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TenantDirectoryTest {

    private static JdbcTemplate jdbc;
    private static TenantDirectoryProjection projection;
    private static TenantDirectory directory;
    /** Member access as the application reads it, through a cache that keeps nothing. */
    private static TenantCache uncached;

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Quotas QUOTAS = new Quotas(Money.of("100", "EUR"), 10, 1000);
    private static final AiPolicy POLICY = new AiPolicy(EnumSet.of(AiAction.SUMMARIZE), Set.of("local"),
            Set.of("record"), true);

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        PolicyJson policyJson = new PolicyJson(new ObjectMapper());
        RoutingRulesJson routingRulesJson = new RoutingRulesJson(new ObjectMapper());
        projection = new TenantDirectoryProjection(jdbc, policyJson, routingRulesJson);
        directory = new TenantDirectory(jdbc, policyJson, routingRulesJson);
        uncached = new TenantCache(directory, java.time.Duration.ZERO, java.time.Duration.ofSeconds(5));
    }

    @Test
    void buildsTheTenantViewFromItsEvents() {
        projection.on(new TenantCreated("t1", "Tenant One", Plan.TEAM, QUOTAS, POLICY), 0, T0);
        projection.on(new MemberRolesSet("t1", "alice", Set.of(Role.TENANT_ADMIN, Role.AUDITOR)), 1, T0.plusSeconds(1));
        projection.on(new MemberRolesSet("t1", "bob", Set.of(Role.MEMBER)), 2, T0.plusSeconds(2));
        projection.on(new TenantQuotasSet("t1", new Quotas(Money.of("12.3456", "USD"), 5, 500)), 3, T0.plusSeconds(3));
        projection.on(new MemberRemoved("t1", "bob"), 4, T0.plusSeconds(4));

        TenantView view = directory.find("t1").orElseThrow();
        assertThat(view.name()).isEqualTo("Tenant One");
        assertThat(view.plan()).isEqualTo(Plan.TEAM);
        assertThat(view.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(view.quotas()).isEqualTo(new Quotas(new Money(new BigDecimal("12.3456"), "USD"), 5, 500));
        assertThat(view.aiPolicy()).isEqualTo(POLICY);
        assertThat(view.members()).containsExactly(new MemberView("alice", Set.of(Role.TENANT_ADMIN, Role.AUDITOR)));
        assertThat(view.version()).isEqualTo(4);
        assertThat(view.createdAt()).isEqualTo(T0);
        assertThat(view.updatedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(uncached.access("t1", "alice").roles()).containsExactlyInAnyOrder(Role.TENANT_ADMIN, Role.AUDITOR);
        assertThat(uncached.access("t1", "bob").roles()).isEmpty();
    }

    @Test
    void wholeBudgetsReadBackWithTwoDecimals() {
        projection.on(new TenantCreated("t2", "Two", Plan.FREE, QUOTAS, POLICY), 0, T0);
        assertThat(directory.find("t2").orElseThrow().quotas().monthlyBudget().amount()).isEqualByComparingTo("100")
                .hasToString("100.00");
    }

    @Test
    void deactivationAndPolicyChangesShowInAccessChecks() {
        projection.on(new TenantCreated("t3", "Three", Plan.FREE, QUOTAS, POLICY), 0, T0);
        AiPolicy narrower = new AiPolicy(Set.of(), Set.of(), Set.of(), false);
        projection.on(new TenantAiPolicySet("t3", narrower), 1, T0);
        assertThat(uncached.access("t3", "x").tenantActive()).isTrue();
        projection.on(new TenantDeactivated("t3", "unpaid"), 2, T0);

        assertThat(directory.find("t3").orElseThrow().aiPolicy()).isEqualTo(narrower);
        assertThat(uncached.access("t3", "x").tenantExists()).isTrue();
        assertThat(uncached.access("t3", "x").tenantActive()).isFalse();
        assertThat(directory.version("t3")).isEqualTo(2);
    }

    @Test
    void routingRulesAreTheDefaultsUntilSetThenTheLatestAsAWhole() {
        TenantQueryHandler handler = new TenantQueryHandler(directory, new TenantCache(directory, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)));
        projection.on(new TenantCreated("t6", "Six", Plan.TEAM, QUOTAS, POLICY), 0, T0);
        assertThat(handler.handle(new RoutingRulesQuery("t6"))).isEqualTo(RoutingRules.DEFAULT);

        RoutingRules first = new RoutingRules(Map.of(RouteCategory.CODE, new Route("openai", "gpt-4o"),
                RouteCategory.LONG_CONTEXT, new Route("anthropic", null)), new Route("anthropic", "claude-haiku"),
                List.of("salaries", "lawsuits"), true);
        projection.on(new RoutingRulesSet("t6", first), 1, T0.plusSeconds(1));
        assertThat(handler.handle(new RoutingRulesQuery("t6"))).isEqualTo(first);

        RoutingRules second = new RoutingRules(Map.of(RouteCategory.GENERAL, new Route("local", null)), null,
                List.of(), false);
        projection.on(new RoutingRulesSet("t6", second), 2, T0.plusSeconds(2));
        assertThat(handler.handle(new RoutingRulesQuery("t6"))).isEqualTo(second);
        // the change is a change of the tenant: read-your-writes waits see its version
        assertThat(directory.version("t6")).isEqualTo(2);
        assertThat(directory.find("t6").orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(2));

        assertThat(handler.handle(new RoutingRulesQuery("nobody-here"))).isEqualTo(RoutingRules.DEFAULT);
    }

    @Test
    void unknownTenantsAreAbsent() {
        assertThat(directory.find("nobody-here")).isEmpty();
        assertThat(uncached.access("nobody-here", "x").tenantExists()).isFalse();
        assertThat(directory.version("nobody-here")).isEqualTo(-1);
    }

    @Test
    void replayingTheSameCreationDoesNotDuplicateOrOverwrite() {
        projection.on(new TenantCreated("t4", "Four", Plan.FREE, QUOTAS, POLICY), 0, T0);
        projection.on(new TenantCreated("t4", "Changed", Plan.FREE, QUOTAS, POLICY), 0, T0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tenant_view WHERE tenant_id = 't4'", Long.class))
                .isEqualTo(1);
        assertThat(directory.find("t4").orElseThrow().name()).isEqualTo("Four");
    }

    @Test
    void resetEmptiesTheReadModel() {
        JdbcTemplate isolated = jdbc;
        projection.on(new TenantCreated("t5", "Five", Plan.FREE, QUOTAS, POLICY), 0, T0);
        projection.on(new MemberRolesSet("t5", "eve", Set.of(Role.MEMBER)), 1, T0);
        projection.reset();
        assertThat(isolated.queryForList("SELECT tenant_id FROM tenant_view", String.class)).isEqualTo(List.of());
        assertThat(isolated.queryForObject("SELECT count(*) FROM tenant_member_view", Long.class)).isZero();
    }
}
