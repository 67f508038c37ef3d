package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.LeadFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RuleLeadExtractorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Our budget is $25k.|25000 USD",
            "Budget: EUR 40.000|40000 EUR",
            "we could spend around 10 grand|10000 -",
            "No budget yet, just looking.|none",
            "budget tbd|none",
            "15 000 € for the year|15000 EUR",
            "CHF 30'000 approved|30000 CHF",
            "about 3,000,000 JPY|3000000 JPY",
            "around half a million dollars|500000 USD",
            "We have 40 seats and 60k subscribers|none",
            "volume above 10M tokens a month|none"})
    void moneyInTheFormsLeadsWriteIt(String text, String expected) {
        assertThat(LeadEngineEvaluation.budget(MoneyParser.find(text).budget())).isEqualTo(expected);
    }

    @Test
    void fieldsFromTheBodyAndTheSignature() {
        LeadFields fields = new RuleLeadExtractor("US").extract("Hi, we want a quote. Budget $25k. Call (415) "
                + "555-0132.\n\nThanks,\nJane Roe\nHead of CS, Initech\njane.roe@initech.com");
        assertThat(fields.email()).isEqualTo("jane.roe@initech.com");
        assertThat(fields.phone()).isEqualTo("+14155550132");
        assertThat(fields.name()).isEqualTo("Jane Roe");
        assertThat(fields.company()).isEqualTo("Initech");
        assertThat(fields.budget()).isEqualTo(new Budget(new java.math.BigDecimal("25000"), "USD"));
    }

    @Test
    void aNationalNumberIsReadInTheRegionOfTheEmailDomain() {
        LeadFields fields = new RuleLeadExtractor("US").extract("Rufen Sie an: 030 12345678. m@kellerbau.de");
        assertThat(fields.phone()).isEqualTo("+493012345678");
    }
}
