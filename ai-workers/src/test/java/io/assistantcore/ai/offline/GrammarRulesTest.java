package io.assistantcore.ai.offline;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.languagetool.JLanguageTool;
import org.languagetool.rules.RuleMatch;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's own pattern rules (grammar-rules.xml): each fires where it must and stays quiet where it must not. */
class GrammarRulesTest {

    private static JLanguageTool tool;

    @BeforeAll
    static void load() {
        tool = LanguageToolPool.newInstance();
    }

    private static List<RuleMatch> own(String sentence) throws IOException {
        return tool.check(sentence).stream().filter(m -> m.getRule().getId().startsWith("OFFLINE_")).toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "OFFLINE_THEIR_VBG|Their going to send the invoice on Monday.|Their|They're",
            "OFFLINE_THEIR_VBG|I think their coming to the meeting tomorrow.|their|they're",
            "OFFLINE_THEIR_THERE_PLACE|Please put the boxes over their by the door.|their|there",
            "OFFLINE_THEIR_THERE_PLACE|The keys are in the drawer back their.|their|there",
            "OFFLINE_THERE_NOUN|I spoke with the suppliers and there prices went up.|there|their",
            "OFFLINE_THERE_NOUN|The team finished there review of the proposal.|there|their",
            "OFFLINE_THEYRE_NOUN|They're office is closed on Friday.|They're|Their",
            "OFFLINE_YOURE_NOUN|Thank you for you're letter.|you're|your",
            "OFFLINE_ITS_NOUN|The company is proud of it's results.|it's|its",
            "OFFLINE_ITS_NOUN|The app lost it's settings after the update.|it's|its",
            "OFFLINE_TO_TOO_CLAUSE_END|Can we meet at the office to?|to|too",
            "OFFLINE_COMPARATIVE_THEN|Shipping was faster then we expected.|then|than",
            "OFFLINE_RATHER_THEN|I would rather pay now then wait for the discount.|then|than",
            "OFFLINE_OTHER_THEN|Nobody other then you has access.|then|than",
            "OFFLINE_EACH_HAVE|Every customer have a dedicated account manager.|have|has",
            "OFFLINE_EACH_HAVE|Each of the managers have approved the budget.|have|has",
            "OFFLINE_EACH_HAVE|Each of the rooms are booked.|are|is",
            "OFFLINE_WEATHER_WHETHER|Could you check weather the delivery arrived?|weather|whether",
            "OFFLINE_LOOK_FORWARD_TO_HERE|I look forward to here from you.|here|hearing",
            "OFFLINE_SINGULAR_NOUN_ARE|The report are ready for review.|are|is",
            "OFFLINE_PAST_TIME_PRESENT_VERB|He go to school yesterday.|go|went",
            "OFFLINE_PAST_TIME_PRESENT_VERB|he go to school yesterday|go|went",
            "OFFLINE_PAST_TIME_PRESENT_VERB|We meet the new supplier yesterday, and it went well.|meet|met",
            "OFFLINE_PAST_TIME_PRESENT_VERB|I send the invoice two weeks ago.|send|sent",
            "OFFLINE_PAST_TIME_PRESENT_VERB|She finish the report last week.|finish|finished",
            "OFFLINE_PAST_TIME_PRESENT_VERB|They have a meeting with the bank last Monday.|have|had",
            "OFFLINE_PAST_TIME_PRESENT_VERB|I wrote the report and send it two days ago.|send|sent",
            "OFFLINE_PAST_TIME_PRESENT_VERB|She called me and send the file yesterday.|send|sent",
            "OFFLINE_PAST_TIME_PRESENT_VERB|we found the bug and fix it last week|fix|fixed"})
    void fires(String rule, String sentence, String flagged, String suggestion) throws IOException {
        List<RuleMatch> matches = own(sentence).stream().filter(m -> m.getRule().getId().equals(rule)).toList();
        assertThat(matches).hasSize(1);
        RuleMatch match = matches.get(0);
        assertThat(sentence.substring(match.getFromPos(), match.getToPos())).isEqualTo(flagged);
        assertThat(match.getSuggestedReplacements()).contains(suggestion);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Their training budget was cut, and their meeting with us was short.",
            "Their marketing team sent the brochure.",
            "The boxes are over their heads.",
            "They moved back to their old office.",
            "Is there time for questions?",
            "We went there yesterday and stayed there two nights.",
            "I lived there years ago.",
            "Staff there review the files every week.",
            "Are there problems with the invoice?",
            "They're fine, they're here and they're reviewing the contract with their lawyer.",
            "They're ready to start.",
            "You're welcome to join us.",
            "You're right about the deadline.",
            "It's time to go.",
            "It's nothing serious.",
            "It's been a long week.",
            "It's done and it's working.",
            "Who did you send it to?",
            "This is the team I report to.",
            "I will come if you want me to.",
            "Prices were lower then.",
            "We finished earlier, then went home.",
            "I would rather pay now, then we are done.",
            "First we fix it, then we ship it.",
            "The other team then left.",
            "Every day we have a standup.",
            "Each of the drivers has a fuel card.",
            "They each have their own office.",
            "Check weather forecasts before travelling.",
            "The weather was bad.",
            "I look forward to the meeting here.",
            "The reports are ready.",
            "The price and the date are fixed.",
            "The team are happy with the result.",
            "The data are stored in Frankfurt.",
            "Their office is closed on Friday, so we will visit on Monday.",
            "Your invoice is attached; you're welcome to call us with questions.",
            "The team shared its results, and it's clear the pilot worked.",
            "Each of the teams has its own budget.",
            "Sales were higher than expected, and then we raised prices.",
            "I think he came yesterday.",
            "I know you left the office yesterday.",
            "She says yesterday was the busiest day of the quarter.",
            "I need the report from yesterday.",
            "We want yesterday's figures by noon.",
            "I read the contract yesterday.",
            "They put the boxes in the hall last week.",
            "We have worked here since last year.",
            "I usually call him on Fridays, but he called me yesterday.",
            "You can send it tomorrow or next week.",
            "He is at the office today; he was at home yesterday.",
            "I remember the meeting last week very well.",
            "We will review the offer we got two days ago.",
            "He called me yesterday and I send the papers tomorrow.",
            "We signed the contract and need the invoice from last week.",
            "I read the email and reply to customers every day since last year.",
            "They stopped and think about it every week.",
            "I wrote to them and they send the parts next week.",
            "She left early and will call you about the order she placed last week."})
    void staysQuiet(String sentence) throws IOException {
        assertThat(own(sentence)).isEmpty();
    }
}
