package io.assistantcore.command.tenant;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.tenant.Quotas;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import io.assistantcore.messages.tenant.TenantCommands.CreateTenant;
import io.assistantcore.messages.tenant.TenantCommands.DeactivateTenant;
import io.assistantcore.messages.tenant.TenantCommands.RemoveMember;
import io.assistantcore.messages.tenant.TenantCommands.SetMemberRoles;
import io.assistantcore.messages.tenant.TenantCommands.SetRoutingRules;
import io.assistantcore.messages.tenant.TenantCommands.SetTenantAiPolicy;
import io.assistantcore.messages.tenant.TenantCommands.SetTenantQuotas;
import io.assistantcore.messages.tenant.TenantEvents.MemberRemoved;
import io.assistantcore.messages.tenant.TenantEvents.MemberRolesSet;
import io.assistantcore.messages.tenant.TenantEvents.RoutingRulesSet;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import io.assistantcore.messages.tenant.TenantEvents.TenantDeactivated;
import io.assistantcore.messages.tenant.TenantEvents.TenantQuotasSet;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;

class TenantTest {

    private static final String ID = "acme";
    private static final TenantCreated CREATED = new TenantCreated(ID, "Acme Inc.", Plan.TEAM,
            PlanDefaults.quotas(Plan.TEAM), PlanDefaults.policy());
    private static final Quotas QUOTAS = new Quotas(Money.of("150.00", "EUR"), 30, 50_000);
    private static final AiPolicy POLICY = new AiPolicy(EnumSet.of(AiAction.FIX_GRAMMAR, AiAction.SHORTEN),
            Set.of("local"), Set.of("record", "tab"), true);

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    @Nested
    class Create {

        @Test
        void createsWithThePlanDefaults() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTenant(ID, " Acme Inc. ", Plan.TEAM, null))
                    .expectEvents(CREATED)
                    .expectResultMessagePayload(0L);
        }

        @Test
        void makesTheInitialAdminATenantAdmin() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTenant(ID, "Acme Inc.", Plan.TEAM, "alice"))
                    .expectEvents(CREATED, new MemberRolesSet(ID, "alice", Set.of(Role.TENANT_ADMIN)))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void refusesAnExistingTenant() {
            fixture.given(CREATED)
                    .when(new CreateTenant(ID, "Other", Plan.FREE, null))
                    .expectException(rejected(Kind.CONFLICT, "tenant-exists"))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"A", "Acme", "-acme", "acme corp", "acme_corp", "a"})
        void refusesMalformedTenantIds(String badId) {
            fixture.givenNoPriorActivity()
                    .when(new CreateTenant(badId, "Acme", Plan.FREE, null))
                    .expectException(rejected(Kind.INVALID, "tenantId"))
                    .expectNoEvents();
        }

        @Test
        void refusesABlankName() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTenant(ID, "  ", Plan.FREE, null))
                    .expectException(rejected(Kind.INVALID, "name"));
        }

        @Test
        void refusesAMissingPlan() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTenant(ID, "Acme", null, null))
                    .expectException(rejected(Kind.INVALID, "plan"))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("FREE, TEAM"));
        }

        @Test
        void refusesAnInitialAdminIdWithWhiteSpace() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTenant(ID, "Acme", Plan.FREE, "al ice"))
                    .expectException(rejected(Kind.INVALID, "initialAdminUserId"));
        }
    }

    @Nested
    class Quota {

        @Test
        void setsQuotas() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, QUOTAS))
                    .expectEvents(new TenantQuotasSet(ID, QUOTAS))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void unchangedQuotasProduceNoEvent() {
            fixture.given(CREATED, new TenantQuotasSet(ID, QUOTAS))
                    .when(new SetTenantQuotas(ID, QUOTAS))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void refusesANegativeBudget() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(Money.of("-1", "USD"), 10, 10)))
                    .expectException(rejected(Kind.INVALID, "monthlyBudget.amount"));
        }

        @Test
        void refusesMoreThanFourDecimals() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(new Money(new BigDecimal("1.00001"), "USD"), 10, 10)))
                    .expectException(rejected(Kind.INVALID, "monthlyBudget.amount"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"usd", "XYZ", "DOLLARS", ""})
        void refusesUnknownCurrencies(String currency) {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(Money.of("5", currency), 10, 10)))
                    .expectException(rejected(Kind.INVALID, "monthlyBudget.currency"));
        }

        @Test
        void refusesAMissingBudget() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(null, 10, 10)))
                    .expectException(rejected(Kind.INVALID, "monthlyBudget"));
        }

        @Test
        void refusesZeroRequestsPerMinute() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(Money.of("5", "USD"), 0, 10)))
                    .expectException(rejected(Kind.INVALID, "requestsPerMinutePerUser"));
        }

        @Test
        void refusesAbsurdRequestRates() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(Money.of("5", "USD"), 100_001, 10)))
                    .expectException(rejected(Kind.INVALID, "requestsPerMinutePerUser"));
        }

        @Test
        void refusesZeroTokensPerMinute() {
            fixture.given(CREATED)
                    .when(new SetTenantQuotas(ID, new Quotas(Money.of("5", "USD"), 10, 0)))
                    .expectException(rejected(Kind.INVALID, "tokensPerMinutePerTenant"));
        }
    }

    @Nested
    class Policy {

        @Test
        void setsThePolicy() {
            fixture.given(CREATED)
                    .when(new SetTenantAiPolicy(ID, POLICY))
                    .expectEvents(new TenantAiPolicySet(ID, POLICY));
        }

        @Test
        void unchangedPolicyProducesNoEvent() {
            fixture.given(CREATED)
                    .when(new SetTenantAiPolicy(ID, PlanDefaults.policy()))
                    .expectNoEvents();
        }

        @Test
        void refusesMalformedContextKinds() {
            AiPolicy bad = new AiPolicy(Set.of(), Set.of(), Set.of("Record Details"), false);
            fixture.given(CREATED)
                    .when(new SetTenantAiPolicy(ID, bad))
                    .expectException(rejected(Kind.INVALID, "allowedContextKinds"));
        }

        @Test
        void refusesBlankModelNames() {
            AiPolicy bad = new AiPolicy(Set.of(), Set.of(" "), Set.of(), false);
            fixture.given(CREATED)
                    .when(new SetTenantAiPolicy(ID, bad))
                    .expectException(rejected(Kind.INVALID, "allowedModels"));
        }
    }

    @Nested
    class Routing {

        private final RoutingRules rules = new RoutingRules(
                Map.of(RouteCategory.CODE, new Route("anthropic", "claude-sonnet-4-5"),
                        RouteCategory.REASONING, new Route("openai", "o3-mini"),
                        RouteCategory.GENERAL, new Route("ollama", "llama3.1:8b"),
                        RouteCategory.LONG_CONTEXT, new Route("gemini", null)),
                new Route("local", null), List.of("Politics", "competitor pricing"), true);

        private SetRoutingRules set(RoutingRules routingRules) {
            return new SetRoutingRules(ID, routingRules);
        }

        private RoutingRules withTopics(List<String> topics) {
            return new RoutingRules(Map.of(), null, topics, false);
        }

        private RoutingRules routing(RouteCategory category, Route route) {
            return new RoutingRules(Collections.singletonMap(category, route), null, List.of(), false);
        }

        @Test
        void setsTheRules() {
            fixture.given(CREATED)
                    .when(set(rules))
                    .expectEvents(new RoutingRulesSet(ID, rules));
        }

        @Test
        void theSameRulesAgainRecordNothing() {
            fixture.given(CREATED, new RoutingRulesSet(ID, rules))
                    .when(set(rules))
                    .expectNoEvents();
        }

        @Test
        void theDefaultRulesOfANewTenantNeedNoEvent() {
            fixture.given(CREATED)
                    .when(set(RoutingRules.DEFAULT))
                    .expectNoEvents();
        }

        @Test
        void changedRulesReplaceTheEarlierOnes() {
            RoutingRules noReuse = new RoutingRules(rules.routes(), rules.router(), rules.blockedTopics(), false);
            fixture.given(CREATED, new RoutingRulesSet(ID, rules))
                    .when(set(noReuse))
                    .expectEvents(new RoutingRulesSet(ID, noReuse));
        }

        @Test
        void blockedTopicsAreKeptTrimmed() {
            fixture.given(CREATED)
                    .when(set(withTopics(List.of("  politics ", "salaries"))))
                    .expectEvents(new RoutingRulesSet(ID, withTopics(List.of("politics", "salaries"))));
        }

        @Test
        void refusesMissingRules() {
            fixture.given(CREATED)
                    .when(set(null))
                    .expectException(rejected(Kind.INVALID, "rules"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"azure", "OpenAI", "", "local "})
        void refusesAnUnknownProvider(String provider) {
            fixture.given(CREATED)
                    .when(set(routing(RouteCategory.CODE, new Route(provider, "m"))))
                    .expectException(rejected(Kind.INVALID, "routes.code.provider"))
                    .expectNoEvents();
        }

        @Test
        void refusesARouteWithoutAProvider() {
            fixture.given(CREATED)
                    .when(set(routing(RouteCategory.CREATIVE, new Route(null, "gpt-4o"))))
                    .expectException(rejected(Kind.INVALID, "routes.creative.provider"));
            fixture.given(CREATED)
                    .when(set(routing(RouteCategory.CREATIVE, null)))
                    .expectException(rejected(Kind.INVALID, "routes.creative"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "gpt 4o", "gpt-4o\n", "gpt-4o\u0000"})
        void refusesAMalformedModel(String model) {
            fixture.given(CREATED)
                    .when(set(routing(RouteCategory.SAFETY_SENSITIVE, new Route("openai", model))))
                    .expectException(rejected(Kind.INVALID, "routes.safety_sensitive.model"));
        }

        @Test
        void refusesAnOverlongModel() {
            fixture.given(CREATED)
                    .when(set(routing(RouteCategory.GENERAL, new Route("openai", "m".repeat(201)))))
                    .expectException(rejected(Kind.INVALID, "routes.general.model"));
        }

        @Test
        void checksTheRouterLikeARoute() {
            fixture.given(CREATED)
                    .when(set(new RoutingRules(Map.of(), new Route("mistral", null), List.of(), false)))
                    .expectException(rejected(Kind.INVALID, "router.provider"));
        }

        @Test
        void acceptsFiftyBlockedTopicsOfTwoHundredCharacters() {
            List<String> topics = java.util.stream.IntStream.range(0, 50)
                    .mapToObj(i -> String.format("%03d", i) + "x".repeat(197)).toList();
            fixture.given(CREATED)
                    .when(set(withTopics(topics)))
                    .expectEvents(new RoutingRulesSet(ID, withTopics(topics)));
        }

        @Test
        void refusesTooManyBlockedTopics() {
            List<String> topics = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "topic " + i).toList();
            fixture.given(CREATED)
                    .when(set(withTopics(topics)))
                    .expectException(rejected(Kind.INVALID, "blockedTopics"));
        }

        @Test
        void refusesAnOverlongBlankOrDuplicateTopic() {
            fixture.given(CREATED)
                    .when(set(withTopics(List.of("ok", "x".repeat(201)))))
                    .expectException(rejected(Kind.INVALID, "blockedTopics[1]"));
            fixture.given(CREATED)
                    .when(set(withTopics(List.of(" "))))
                    .expectException(rejected(Kind.INVALID, "blockedTopics[0]"));
            fixture.given(CREATED)
                    .when(set(withTopics(List.of("Politics", "politics "))))
                    .expectException(rejected(Kind.INVALID, "blockedTopics[1]"));
        }

        @Test
        void refusesControlCharactersInTopics() {
            fixture.given(CREATED)
                    .when(set(withTopics(List.of("poli\u0007tics"))))
                    .expectException(rejected(Kind.INVALID, "blockedTopics[0]"));
            fixture.given(CREATED)
                    .when(set(withTopics(List.of("politics\nand more"))))
                    .expectException(rejected(Kind.INVALID, "blockedTopics[0]"));
        }

        @Test
        void aDeactivatedTenantKeepsItsRules() {
            fixture.given(CREATED, new TenantDeactivated(ID, "contract ended"))
                    .when(set(rules))
                    .expectException(rejected(Kind.CONFLICT, "tenant-deactivated"));
        }
    }

    @Nested
    class Members {

        private final MemberRolesSet aliceAdmin = new MemberRolesSet(ID, "alice", Set.of(Role.TENANT_ADMIN));

        @Test
        void grantsRolesToANewMember() {
            fixture.given(CREATED)
                    .when(new SetMemberRoles(ID, "bob", Set.of(Role.MEMBER, Role.AUDITOR)))
                    .expectEvents(new MemberRolesSet(ID, "bob", Set.of(Role.MEMBER, Role.AUDITOR)));
        }

        @Test
        void sameRolesAgainProduceNoEvent() {
            fixture.given(CREATED, aliceAdmin)
                    .when(new SetMemberRoles(ID, "alice", Set.of(Role.TENANT_ADMIN)))
                    .expectNoEvents();
        }

        @Test
        void refusesEmptyRoles() {
            fixture.given(CREATED)
                    .when(new SetMemberRoles(ID, "bob", Set.of()))
                    .expectException(rejected(Kind.INVALID, "roles"));
        }

        @Test
        void refusesPlatformAdminWithinATenant() {
            fixture.given(CREATED)
                    .when(new SetMemberRoles(ID, "bob", Set.of(Role.PLATFORM_ADMIN)))
                    .expectException(rejected(Kind.INVALID, "roles"))
                    .expectNoEvents();
        }

        @Test
        void refusesAUserIdWithWhiteSpace() {
            fixture.given(CREATED)
                    .when(new SetMemberRoles(ID, "bob smith", Set.of(Role.MEMBER)))
                    .expectException(rejected(Kind.INVALID, "userId"));
        }

        @Test
        void refusesDemotingTheLastAdmin() {
            fixture.given(CREATED, aliceAdmin)
                    .when(new SetMemberRoles(ID, "alice", Set.of(Role.MEMBER)))
                    .expectException(rejected(Kind.CONFLICT, "last-admin"))
                    .expectNoEvents();
        }

        @Test
        void demotesAnAdminWhenAnotherRemains() {
            fixture.given(CREATED, aliceAdmin, new MemberRolesSet(ID, "carol", Set.of(Role.TENANT_ADMIN)))
                    .when(new SetMemberRoles(ID, "alice", Set.of(Role.MEMBER)))
                    .expectEvents(new MemberRolesSet(ID, "alice", Set.of(Role.MEMBER)));
        }

        @Test
        void removesAMember() {
            fixture.given(CREATED, aliceAdmin, new MemberRolesSet(ID, "bob", Set.of(Role.MEMBER)))
                    .when(new RemoveMember(ID, "bob"))
                    .expectEvents(new MemberRemoved(ID, "bob"))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void refusesRemovingTheLastAdmin() {
            fixture.given(CREATED, aliceAdmin, new MemberRolesSet(ID, "bob", Set.of(Role.MEMBER)))
                    .when(new RemoveMember(ID, "alice"))
                    .expectException(rejected(Kind.CONFLICT, "last-admin"))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("grant TENANT_ADMIN"));
        }

        @Test
        void removesOneOfTwoAdmins() {
            fixture.given(CREATED, aliceAdmin, new MemberRolesSet(ID, "carol", Set.of(Role.TENANT_ADMIN)))
                    .when(new RemoveMember(ID, "alice"))
                    .expectEvents(new MemberRemoved(ID, "alice"));
        }

        @Test
        void refusesRemovingAStranger() {
            fixture.given(CREATED)
                    .when(new RemoveMember(ID, "mallory"))
                    .expectException(rejected(Kind.NOT_FOUND, "member-not-found"));
        }
    }

    @Nested
    class Deactivation {

        private final TenantDeactivated deactivated = new TenantDeactivated(ID, "contract ended");

        @Test
        void deactivates() {
            fixture.given(CREATED)
                    .when(new DeactivateTenant(ID, " contract ended "))
                    .expectEvents(deactivated);
        }

        @Test
        void refusesDeactivatingTwice() {
            fixture.given(CREATED, deactivated)
                    .when(new DeactivateTenant(ID, "again"))
                    .expectException(rejected(Kind.CONFLICT, "tenant-deactivated"));
        }

        @Test
        void refusesQuotaChangesWhenDeactivated() {
            fixture.given(CREATED, deactivated)
                    .when(new SetTenantQuotas(ID, QUOTAS))
                    .expectException(rejected(Kind.CONFLICT, "tenant-deactivated"));
        }

        @Test
        void refusesPolicyChangesWhenDeactivated() {
            fixture.given(CREATED, deactivated)
                    .when(new SetTenantAiPolicy(ID, POLICY))
                    .expectException(rejected(Kind.CONFLICT, "tenant-deactivated"));
        }

        @Test
        void refusesMemberChangesWhenDeactivated() {
            fixture.given(CREATED, deactivated)
                    .when(new SetMemberRoles(ID, "bob", Set.of(Role.MEMBER)))
                    .expectException(rejected(Kind.CONFLICT, "tenant-deactivated"));
            fixture.given(CREATED, new MemberRolesSet(ID, "bob", Set.of(Role.MEMBER)), deactivated)
                    .when(new RemoveMember(ID, "bob"))
                    .expectException(rejected(Kind.CONFLICT, "tenant-deactivated"));
        }
    }
}
