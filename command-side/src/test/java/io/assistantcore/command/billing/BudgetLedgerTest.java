package io.assistantcore.command.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationRefused;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReservationReleased;
import io.assistantcore.messages.billing.BudgetMessages.BudgetReserved;
import io.assistantcore.messages.billing.BudgetMessages.BudgetThresholdReached;
import io.assistantcore.messages.billing.BudgetMessages.ChargeUsage;
import io.assistantcore.messages.billing.BudgetMessages.ReleaseReservation;
import io.assistantcore.messages.billing.BudgetMessages.ReservationDecision;
import io.assistantcore.messages.billing.BudgetMessages.RequestedReservation;
import io.assistantcore.messages.billing.BudgetMessages.ReservationOutcome;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudget;
import io.assistantcore.messages.billing.BudgetMessages.ReserveBudgets;
import io.assistantcore.messages.billing.BudgetMessages.UsageCharged;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;
import static io.assistantcore.messages.billing.BudgetMessages.ledgerId;
import static org.assertj.core.api.Assertions.assertThat;

class BudgetLedgerTest {

    private static final String T = "acme";
    private static final String P = "2026-11";
    private static final String L = ledgerId(T, YearMonth.of(2026, 11));
    private static final Money BUDGET = usd("10.00");
    private static final Money NOTHING = Money.zero("USD");

    private FixtureConfiguration<BudgetLedger> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BudgetLedger.class);
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private static ReserveBudget reserve(String reservationId, String estimate) {
        return new ReserveBudget(L, T, P, reservationId, "alice", usd(estimate), BUDGET);
    }

    private static BudgetReserved reserved(String reservationId, String amount) {
        return new BudgetReserved(L, T, P, reservationId, "alice", usd(amount), BUDGET);
    }

    @Test
    void theLedgerIdNamesTenantAndMonth() {
        assertThat(L).isEqualTo("acme/2026-11");
    }

    @Nested
    class Reserve {

        @Test
        void grantsAReservationWithinTheBudget() {
            fixture.givenNoPriorActivity()
                    .when(reserve("r1", "2.00"))
                    .expectEvents(reserved("r1", "2.00"))
                    .expectResultMessagePayload(new ReservationDecision(true, BUDGET, NOTHING, usd("2.00")));
        }

        @Test
        void theDecisionTellsWhatRemains() {
            fixture.given(reserved("r1", "3.00"))
                    .when(reserve("r2", "2.00"))
                    .expectEvents(reserved("r2", "2.00"))
                    .expectResultMessagePayload(new ReservationDecision(true, BUDGET, NOTHING, usd("5.00")));
            assertThat(new ReservationDecision(true, BUDGET, NOTHING, usd("5.00")).remaining()).isEqualTo(usd("5.00"));
        }

        @Test
        void refusesWhenSpentPlusReservedPlusEstimateExceedTheBudget() {
            fixture.given(reserved("r1", "6.00"))
                    .when(new ReserveBudget(L, T, P, "r2", "bob", usd("5.00"), BUDGET))
                    .expectEvents(new BudgetReservationRefused(L, T, P, "r2", "bob", usd("5.00"), BUDGET, NOTHING,
                                    usd("6.00")),
                            new BudgetThresholdReached(L, T, P, 100, BUDGET, NOTHING, usd("6.00")))
                    .expectResultMessagePayload(new ReservationDecision(false, BUDGET, NOTHING, usd("6.00")));
        }

        @Test
        void aSecondRefusalReportsNoSecondThreshold() {
            fixture.given(reserved("r1", "6.00"),
                            new BudgetReservationRefused(L, T, P, "r2", "bob", usd("5.00"), BUDGET, NOTHING,
                                    usd("6.00")),
                            new BudgetThresholdReached(L, T, P, 100, BUDGET, NOTHING, usd("6.00")))
                    .when(new ReserveBudget(L, T, P, "r3", "bob", usd("4.50"), BUDGET))
                    .expectEvents(new BudgetReservationRefused(L, T, P, "r3", "bob", usd("4.50"), BUDGET, NOTHING,
                            usd("6.00")))
                    .expectResultMessagePayload(new ReservationDecision(false, BUDGET, NOTHING, usd("6.00")));
        }

        @Test
        void aFirstReservationBeyondTheBudgetIsRefusedToo() {
            fixture.givenNoPriorActivity()
                    .when(reserve("r1", "10.01"))
                    .expectEvents(new BudgetReservationRefused(L, T, P, "r1", "alice", usd("10.01"), BUDGET, NOTHING,
                                    NOTHING),
                            new BudgetThresholdReached(L, T, P, 100, BUDGET, NOTHING, NOTHING))
                    .expectResultMessagePayload(new ReservationDecision(false, BUDGET, NOTHING, NOTHING));
        }

        @Test
        void exactlyTheBudgetIsAllowed() {
            fixture.given(reserved("r1", "6.00"))
                    .when(reserve("r2", "4.00"))
                    .expectEvents(reserved("r2", "4.00"),
                            new BudgetThresholdReached(L, T, P, 80, BUDGET, NOTHING, usd("10.00")),
                            new BudgetThresholdReached(L, T, P, 100, BUDGET, NOTHING, usd("10.00")))
                    .expectResultMessagePayload(new ReservationDecision(true, BUDGET, NOTHING, usd("10.00")));
        }

        @Test
        void reportsEightyPercentOnce() {
            fixture.given(reserved("r1", "7.00"))
                    .when(reserve("r2", "1.00"))
                    .expectEvents(reserved("r2", "1.00"),
                            new BudgetThresholdReached(L, T, P, 80, BUDGET, NOTHING, usd("8.00")));
            fixture.given(reserved("r1", "7.00"), reserved("r2", "1.00"),
                            new BudgetThresholdReached(L, T, P, 80, BUDGET, NOTHING, usd("8.00")))
                    .when(reserve("r3", "0.50"))
                    .expectEvents(reserved("r3", "0.50"));
        }

        @Test
        void refusesAnEstimateInAnotherCurrencyThanTheBudget() {
            fixture.givenNoPriorActivity()
                    .when(new ReserveBudget(L, T, P, "r1", "alice", Money.of("1.00", "EUR"), BUDGET))
                    .expectException(rejected(Kind.INVALID, "currency"))
                    .expectNoEvents();
        }

        @Test
        void refusesABudgetInAnotherCurrencyThanTheLedger() {
            fixture.given(reserved("r1", "1.00"))
                    .when(new ReserveBudget(L, T, P, "r2", "alice", Money.of("1.00", "EUR"),
                            Money.of("10.00", "EUR")))
                    .expectException(rejected(Kind.CONFLICT, "currency-changed"))
                    .expectNoEvents();
        }

        @Test
        void refusesANegativeEstimate() {
            fixture.givenNoPriorActivity()
                    .when(reserve("r1", "-0.01"))
                    .expectException(rejected(Kind.INVALID, "estimate"))
                    .expectNoEvents();
        }

        @Test
        void aReservationOpenForMoreThanAnHourIsGivenBackAtTheNextReservation() {
            // a request cancelled while its worker was gone never ends: its reservation would hold budget forever
            java.time.Instant start = java.time.Instant.parse("2026-11-21T08:00:00Z");
            fixture.givenCurrentTime(start)
                    .andGiven(reserved("r1", "6.00"))
                    .andGivenCurrentTime(start.plus(BudgetLedger.ABANDONED_AFTER).plusSeconds(60))
                    .when(reserve("r2", "6.00"))
                    .expectEvents(new BudgetReservationReleased(L, T, P, "r1", usd("6.00"),
                                    "abandoned: open for more than 1 h"),
                            reserved("r2", "6.00"));
        }

        @Test
        void aReservationYoungerThanAnHourIsKept() {
            java.time.Instant start = java.time.Instant.parse("2026-11-21T08:00:00Z");
            fixture.givenCurrentTime(start)
                    .andGiven(reserved("r1", "2.00"))
                    .andGivenCurrentTime(start.plus(BudgetLedger.ABANDONED_AFTER).minusSeconds(60))
                    .when(reserve("r2", "3.00"))
                    .expectEvents(reserved("r2", "3.00"));
        }

        @Test
        void refusesTheIdOfAReservationThatWasAlreadyReleased() {
            fixture.given(reserved("r1", "1.00"))
                    .andGivenCommands(new ReleaseReservation(L, "r1", "done"))
                    .when(reserve("r1", "1.00"))
                    .expectException(rejected(Kind.CONFLICT, "reservation-exists"))
                    .expectNoEvents();
        }

        @Test
        void refusesAReservationIdTwice() {
            fixture.given(reserved("r1", "1.00"))
                    .when(reserve("r1", "1.00"))
                    .expectException(rejected(Kind.CONFLICT, "reservation-exists"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Charge {

        @Test
        void aChargeBelowTheReservationReleasesTheRestWhenItCloses() {
            fixture.given(reserved("r1", "2.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#1", usd("0.50"), usd("0.50")),
                            new BudgetReservationReleased(L, T, P, "r1", usd("1.50"), "request ended"));
        }

        @Test
        void aChargeThatDoesNotCloseKeepsTheRestReserved() {
            fixture.given(reserved("r1", "2.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), false))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#1", usd("0.50"), usd("0.50")));
            fixture.givenCommands(reserve("r1", "2.00"), new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), false))
                    .when(new ChargeUsage(L, "r1", "sugg-1#2", usd("0.25"), true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#2", usd("0.25"), usd("0.25")),
                            new BudgetReservationReleased(L, T, P, "r1", usd("1.25"), "request ended"));
        }

        @Test
        void aChargeAboveTheReservationIsCoveredUpToTheReservationAndSpentGrowsByTheFullCost() {
            fixture.given(reserved("r1", "1.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("1.50"), true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#1", usd("1.50"), usd("1.00")),
                            new BudgetReservationReleased(L, T, P, "r1", usd("0.00"), "request ended"));
            fixture.givenCommands(reserve("r1", "1.00"), new ChargeUsage(L, "r1", "sugg-1#1", usd("1.50"), true))
                    .when(reserve("r2", "1.00"))
                    .expectEvents(reserved("r2", "1.00"))
                    .expectResultMessagePayload(new ReservationDecision(true, BUDGET, usd("1.50"), usd("1.00")));
        }

        @Test
        void spendingBeyondTheEstimateCanCrossAThreshold() {
            fixture.given(reserved("r1", "7.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("9.00"), true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#1", usd("9.00"), usd("7.00")),
                            new BudgetReservationReleased(L, T, P, "r1", usd("0.00"), "request ended"),
                            new BudgetThresholdReached(L, T, P, 80, BUDGET, usd("9.00"), NOTHING));
        }

        @Test
        void theSameChargeTwiceBillsOnce() {
            fixture.givenCommands(reserve("r1", "2.00"), new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), true))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), true))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.givenCommands(reserve("r1", "2.00"), new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), false))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), false))
                    .expectNoEvents();
        }

        @Test
        void aChargeWithoutACostChargesNothing() {
            fixture.given(reserved("r1", "2.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", null, true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#1", NOTHING, NOTHING),
                            new BudgetReservationReleased(L, T, P, "r1", usd("2.00"), "request ended"));
        }

        @Test
        void aCostInAnotherCurrencyIsChargedAtWhatIsLeftOfItsReservation() {
            // the price changed currency while the request ran: there are no exchange rates, so it costs what its
            // reservation still holds (the highest cost at the price it was admitted under), in the ledger currency
            fixture.given(reserved("r1", "2.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", Money.of("0.50", "EUR"), true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#1", usd("2.00"), usd("2.00")),
                            new BudgetReservationReleased(L, T, P, "r1", usd("0.00"), "request ended"));
            fixture.givenCommands(reserve("r1", "2.00"), new ChargeUsage(L, "r1", "sugg-1#1", usd("0.50"), false))
                    .when(new ChargeUsage(L, "r1", "sugg-1#2", Money.of("0.25", "EUR"), true))
                    .expectEvents(new UsageCharged(L, T, P, "r1", "sugg-1#2", usd("1.50"), usd("1.50")),
                            new BudgetReservationReleased(L, T, P, "r1", usd("0.00"), "request ended"));
        }

        @Test
        void refusesACostInAnotherCurrencyWithoutAnOpenReservationToPriceIt() {
            fixture.given(reserved("r1", "2.00"), new BudgetReservationReleased(L, T, P, "r1", usd("2.00"),
                            "abandoned: open for more than 1 h"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", Money.of("0.50", "EUR"), true))
                    .expectException(rejected(Kind.INVALID, "cost"))
                    .expectNoEvents();
        }

        @Test
        void refusesANegativeCost() {
            fixture.given(reserved("r1", "2.00"))
                    .when(new ChargeUsage(L, "r1", "sugg-1#1", usd("-0.50"), true))
                    .expectException(rejected(Kind.INVALID, "cost"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Release {

        @Test
        void releasesWhatIsLeftOfAReservation() {
            fixture.given(reserved("r1", "2.00"))
                    .when(new ReleaseReservation(L, "r1", "no model called"))
                    .expectEvents(new BudgetReservationReleased(L, T, P, "r1", usd("2.00"), "no model called"));
        }

        @Test
        void releasingAnUnknownReservationDoesNothing() {
            fixture.given(reserved("r1", "2.00"))
                    .when(new ReleaseReservation(L, "nope", "refused"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void releasingTwiceReleasesOnce() {
            fixture.given(reserved("r1", "2.00"),
                            new BudgetReservationReleased(L, T, P, "r1", usd("2.00"), "no model called"))
                    .when(new ReleaseReservation(L, "r1", "no model called"))
                    .expectNoEvents();
        }

        @Test
        void aReleasedReservationNoLongerCountsAgainstTheBudget() {
            fixture.given(reserved("r1", "6.00"),
                            new BudgetReservationReleased(L, T, P, "r1", usd("6.00"), "no model called"))
                    .when(reserve("r2", "9.00"))
                    .expectEvents(reserved("r2", "9.00"),
                            new BudgetThresholdReached(L, T, P, 80, BUDGET, NOTHING, usd("9.00")))
                    .expectResultMessagePayload(new ReservationDecision(true, BUDGET, NOTHING, usd("9.00")));
        }
    }

    /**
     * The ledger is snapshotted with Jackson; everything it decides with must survive the round trip. Axon's
     * {@code JacksonSerializer} cannot be built on this module's test classpath (its constructor always registers
     * {@code JavaTimeModule}, from jackson-datatype-jsr310, which only the application brings), so these tests drive
     * the mapper it delegates to: a default {@link ObjectMapper} (what {@code JacksonSerializer.defaultSerializer()}
     * uses), and one configured like the application's (Spring Boot's mapper, {@code non_null} inclusion, unknown
     * properties ignored), which Axon's auto-configuration hands to the serializer.
     */
    @Nested
    class Snapshot {

        private BudgetLedger ledgerWithHistory() {
            BudgetLedger ledger = new BudgetLedger();
            ledger.on(reserved("r1", "7.00"), java.time.Instant.parse("2026-11-21T08:00:00Z"));
            ledger.on(reserved("r2", "1.50"), java.time.Instant.parse("2026-11-21T08:01:00Z"));
            ledger.on(new BudgetThresholdReached(L, T, P, 80, BUDGET, NOTHING, usd("8.50")));
            ledger.on(new UsageCharged(L, T, P, "r1", "sugg-1#1", usd("0.75"), usd("0.75")));
            ledger.on(new UsageCharged(L, T, P, "r1", "sugg-1#2", usd("0.25"), usd("0.25")));
            ledger.on(new BudgetReservationReleased(L, T, P, "r1", usd("6.00"), "request ended"));
            return ledger;
        }

        private void assertRoundTrip(ObjectMapper mapper) throws Exception {
            BudgetLedger original = ledgerWithHistory();

            byte[] snapshot = mapper.writeValueAsBytes(original);
            BudgetLedger restored = mapper.readerFor(BudgetLedger.class).readValue(snapshot);

            assertThat(restored).isNotSameAs(original);
            assertThat(restored).usingRecursiveComparison().isEqualTo(original);
            assertThat(restored).extracting("ledgerId", "tenantId", "period", "currency", "spent", "lastBudget")
                    .containsExactly(L, T, P, "USD", new BigDecimal("1.00"), BUDGET);
            assertThat(restored).extracting("reservations").isEqualTo(Map.of("r2", new BigDecimal("1.50")));
            assertThat(restored).extracting("charges").isEqualTo(Set.of("r1|sugg-1#1", "r1|sugg-1#2"));
            assertThat(restored).extracting("thresholdsReached").isEqualTo(Set.of(80));
            assertThat(mapper.readTree(mapper.writeValueAsBytes(restored))).isEqualTo(mapper.readTree(snapshot));
        }

        @Test
        void theStateSurvivesAJacksonRoundTrip() throws Exception {
            assertRoundTrip(new ObjectMapper());
        }

        @Test
        void theStateSurvivesARoundTripWithTheApplicationsMapperSettings() throws Exception {
            assertRoundTrip(new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
        }

        @Test
        void theSnapshotHoldsTheFieldsAndNothingElse() throws Exception {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode snapshot = mapper.readTree(mapper.writeValueAsBytes(ledgerWithHistory()));
            Iterable<String> names = snapshot::fieldNames;
            assertThat(names).containsExactlyInAnyOrder("ledgerId", "tenantId", "period", "currency", "spent", "reservations",
                            "charges", "thresholdsReached", "reservationIds", "reservedAt", "lastBudget");
        }
    }

    @Nested
    class ReserveTogether {

        private RequestedReservation by(String user, ReserveBudget reservation) {
            return new RequestedReservation(reservation, Map.of("userId", user, "tenantId", T, "requestId",
                    "req-" + reservation.reservationId()));
        }

        @Test
        void decidesInOrderAsLoneReservationsWouldAndRecordsEachWithItsRequester() {
            fixture.given(reserved("r0", "6.00"))
                    .when(new ReserveBudgets(L, List.of(by("alice", reserve("r1", "3.00")),
                            by("bob", reserve("r2", "2.00")), by("carol", reserve("r3", "0.50")))))
                    .expectEvents(reserved("r1", "3.00"),
                            new BudgetThresholdReached(L, T, P, 80, BUDGET, NOTHING, usd("9.00")),
                            new BudgetReservationRefused(L, T, P, "r2", "alice", usd("2.00"), BUDGET, NOTHING,
                                    usd("9.00")),
                            new BudgetThresholdReached(L, T, P, 100, BUDGET, NOTHING, usd("9.00")),
                            reserved("r3", "0.50"))
                    .expectResultMessagePayloadMatching(org.hamcrest.CoreMatchers.equalTo(List.of(
                            ReservationOutcome.decided(new ReservationDecision(true, BUDGET, NOTHING, usd("9.00"))),
                            ReservationOutcome.decided(new ReservationDecision(false, BUDGET, NOTHING, usd("9.00"))),
                            ReservationOutcome.decided(new ReservationDecision(true, BUDGET, NOTHING, usd("9.50"))))));
        }

        @Test
        void eachEventCarriesItsRequestersMetadata() {
            var result = fixture.givenNoPriorActivity()
                    .when(new ReserveBudgets(L, List.of(by("alice", reserve("r1", "1.00")),
                            by("bob", reserve("r2", "1.00")))));
            result.expectSuccessfulHandlerExecution();
            result.expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                    org.axonframework.test.matchers.Matchers.predicate(event -> "alice".equals(
                            event.getMetaData().get("userId")) && "req-r1".equals(event.getMetaData().get("requestId"))),
                    org.axonframework.test.matchers.Matchers.predicate(event -> "bob".equals(
                            event.getMetaData().get("userId")) && "req-r2".equals(event.getMetaData().get("requestId"))),
                    org.axonframework.test.matchers.Matchers.andNoMore()));
        }

        @Test
        void aReservationALoneCommandWouldRefuseIsRefusedAloneAndTheOthersGoOn() {
            fixture.given(reserved("r1", "1.00"))
                    .when(new ReserveBudgets(L, List.of(by("alice", reserve("r1", "1.00")),
                            by("bob", reserve("r2", "1.00")))))
                    .expectEvents(reserved("r2", "1.00"))
                    .expectResultMessagePayloadMatching(org.hamcrest.CoreMatchers.equalTo(List.of(
                            ReservationOutcome.rejected(io.assistantcore.messages.common.CommandRejectedException
                                    .conflict("reservation-exists", "Reservation 'r1' was made already")),
                            ReservationOutcome.decided(new ReservationDecision(true, BUDGET, NOTHING, usd("2.00"))))));
        }
    }
}
