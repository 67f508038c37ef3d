package io.assistantcore.query.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.TenantEvents.MemberRemoved;
import io.assistantcore.messages.tenant.TenantEvents.MemberRolesSet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import io.assistantcore.messages.tenant.TenantEvents.TenantDeactivated;
import io.assistantcore.messages.tenant.TenantEvents.TenantQuotasSet;
import io.assistantcore.projections.tenant.PolicyJson;
import io.assistantcore.projections.tenant.RoutingRulesJson;
import io.assistantcore.projections.tenant.TenantDirectoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TenantCacheTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Quotas QUOTAS = new Quotas(Money.of("100", "EUR"), 10, 1000);
    private static final AiPolicy POLICY = new AiPolicy(EnumSet.of(AiAction.SUMMARIZE), Set.of("local"),
            Set.of("record"), true);

    private static JdbcTemplate jdbc;
    private static TenantDirectoryProjection projection;
    private static CountingDirectory directory;

    private final AtomicLong clock = new AtomicLong();
    private TenantCache cache;
    private String tenant;

    /** The real directory, counting its reads. */
    static final class CountingDirectory extends TenantDirectory {
        final AtomicLong reads = new AtomicLong();

        CountingDirectory(JdbcTemplate jdbc) {
            super(jdbc, new PolicyJson(new ObjectMapper()), new RoutingRulesJson(new ObjectMapper()));
        }

        @Override
        public java.util.Optional<io.assistantcore.messages.tenant.TenantQueries.TenantView> find(String tenantId) {
            reads.incrementAndGet();
            return super.find(tenantId);
        }
    }

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        projection = new TenantDirectoryProjection(jdbc, new PolicyJson(new ObjectMapper()),
                new RoutingRulesJson(new ObjectMapper()));
        directory = new CountingDirectory(jdbc);
    }

    @BeforeEach
    void tenantWithAMember() {
        cache = new TenantCache(directory, Duration.ofSeconds(60), Duration.ofSeconds(5), clock::get);
        tenant = "t-" + UUID.randomUUID();
        projection.on(new TenantCreated(tenant, "Cached", Plan.TEAM, QUOTAS, POLICY), 0, T0);
        projection.on(new MemberRolesSet(tenant, "alice", Set.of(Role.TENANT_ADMIN)), 1, T0);
    }

    private void tailDelivers(Object payload, long sequence) {
        cache.changed(new GenericDomainEventMessage<>("Tenant", tenant, sequence, payload));
    }

    @Test
    void repeatedReadsOfAnUnchangedTenantReadTheDatabaseOnce() {
        long before = directory.reads.get();
        for (int i = 0; i < 5; i++) {
            assertThat(cache.access(tenant, "alice").roles()).containsExactly(Role.TENANT_ADMIN);
            assertThat(cache.find(tenant).orElseThrow().quotas()).isEqualTo(QUOTAS);
        }
        assertThat(directory.reads.get() - before).isEqualTo(1);
    }

    @Test
    void aChangeDeliveredByTheTailIsSeenOnceTheReadModelShowsIt() {
        assertThat(cache.access(tenant, "alice").roles()).containsExactly(Role.TENANT_ADMIN);

        // the event is stored (the tail delivers it) before the projection wrote it: no old entry is served or kept
        tailDelivers(new MemberRemoved(tenant, "alice"), 2);
        assertThat(cache.access(tenant, "alice").roles()).containsExactly(Role.TENANT_ADMIN);
        long before = directory.reads.get();
        cache.access(tenant, "alice");
        assertThat(directory.reads.get() - before).as("an entry older than the event is not kept").isEqualTo(1);

        projection.on(new MemberRemoved(tenant, "alice"), 2, T0);
        assertThat(cache.access(tenant, "alice").roles()).isEmpty();
        before = directory.reads.get();
        assertThat(cache.access(tenant, "alice").roles()).isEmpty();
        assertThat(directory.reads.get() - before).as("kept again once current").isZero();
    }

    @Test
    void aReadYourWritesWaitThatSeesANewerVersionDropsTheEntry() {
        assertThat(cache.find(tenant).orElseThrow().quotas()).isEqualTo(QUOTAS);
        Quotas raised = new Quotas(Money.of("500", "EUR"), 20, 5000);
        projection.on(new TenantQuotasSet(tenant, raised), 2, T0);

        cache.versionSeen(tenant, directory.version(tenant));

        assertThat(cache.find(tenant).orElseThrow().quotas()).isEqualTo(raised);
    }

    @Test
    void deactivationTakesAwayTheTenantsRoles() {
        assertThat(cache.access(tenant, "alice").tenantActive()).isTrue();
        projection.on(new TenantDeactivated(tenant, "unpaid"), 2, T0);
        tailDelivers(new TenantDeactivated(tenant, "unpaid"), 2);

        assertThat(cache.access(tenant, "alice").tenantActive()).isFalse();
        assertThat(cache.access(tenant, "alice").tenantExists()).isTrue();
    }

    @Test
    void anEventTheDirectoryKeepsNoVersionForHoldsEntriesBackOnlyForTheGrace() {
        cache.find(tenant);
        // version 2 never reaches the read model (an event it does not record)
        tailDelivers("something the directory ignores", 2);
        long before = directory.reads.get();
        cache.find(tenant);
        cache.find(tenant);
        assertThat(directory.reads.get() - before).isEqualTo(2);

        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        before = directory.reads.get();
        cache.find(tenant);
        cache.find(tenant);
        assertThat(directory.reads.get() - before).isEqualTo(1);
    }

    @Test
    void entriesExpire() {
        cache.find(tenant);
        clock.addAndGet(Duration.ofSeconds(61).toNanos());
        long before = directory.reads.get();
        cache.find(tenant);
        assertThat(directory.reads.get() - before).isEqualTo(1);
    }

    @Test
    void unknownTenantsAreAbsentAndOtherAggregatesChangeNothing() {
        assertThat(cache.find("nobody-" + UUID.randomUUID())).isEmpty();
        assertThat(cache.access("nobody", "x").tenantExists()).isFalse();
        cache.find(tenant);
        cache.changed(new GenericDomainEventMessage<>("AssistSession", tenant, 7, "other"));
        long before = directory.reads.get();
        cache.find(tenant);
        assertThat(directory.reads.get() - before).isZero();
    }
}
