package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.assistantcore.ai.chat.memory.ProfileExtractor.COMPANY;
import static io.assistantcore.ai.chat.memory.ProfileExtractor.LANGUAGE;
import static io.assistantcore.ai.chat.memory.ProfileExtractor.NAME;
import static io.assistantcore.ai.chat.memory.ProfileExtractor.PREFERENCE;
import static io.assistantcore.ai.chat.memory.ProfileExtractor.PREFERRED_NAME;
import static io.assistantcore.ai.chat.memory.ProfileExtractor.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

class ProfileExtractorTest {

    private final ProfileExtractor extractor = new ProfileExtractor();

    private Map<String, String> facts(String message) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (ProfileFact fact : extractor.extract(message)) {
            facts.merge(fact.key(), fact.value(), (a, b) -> a + " | " + b);
        }
        return facts;
    }

    // ------------------------------------------------------------------------------------------------------ name

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "My name is Anna Schmidt.|Anna Schmidt",
            "Hi, I'm Anna Schmidt|Anna Schmidt",
            "Hello! I am Jean-Luc Picard.|Jean-Luc Picard",
            "hey there, I'm Sean O'Brien and I need help with an email|Sean O'Brien",
            "I'm called Kofi.|Kofi",
            "my name's Ludwig van Beethoven|Ludwig van Beethoven",
            "This is Priya speaking.|Priya",
            "Good morning. I'm Dr. Weber.|Dr. Weber",
            "my name is anna|Anna",
            "I'm Anna, could you help me with a letter?|Anna",
            "No, my name is Maria, not Marie.|Maria",
            "Hey! It's Marco here.|Marco",
            "Hello, my name is Dr. Maria Garcia-Lopez and I lead the data team.|Dr. Maria Garcia-Lopez"})
    void findsTheName(String message, String name) {
        assertThat(facts(message)).containsEntry(NAME, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I'm tired of rewriting this report.",
            "I'm German and I need the text in English.",
            "I'm not sure what to write.",
            "I'm Sorry for the late reply.",
            "I'm the CFO.",
            "Is my name Anna?",
            "What is my name?",
            "My colleague said my name is Bob.",
            "If my name were Anna, how would I sign?",
            "My name is not important here.",
            "I'm Mike's manager.",
            "Fix the grammar of: My name is Jon and I works at Acme.",
            "Summarize this:\nHello, I'm Anna Schmidt from Acme and I work as the CFO.",
            "Translate \"My name is Anna\" into German.",
            "I'm OK with that.",
            "yesterday I'm told the deadline moved",
            "I'm going to send it tomorrow.",
            "My boss's name is Tom.",
            "```\nmy name is Anna\n```",
            "It's Monday here, so the office is closed.",
            "I'm Tim Cook's assistant."})
    void findsNoNameWhereNoneIsStated(String message) {
        assertThat(facts(message)).doesNotContainKey(NAME);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please call me Ann.|Ann",
            "You can call me Dr. Weber.|Dr. Weber",
            "I go by Alex.|Alex",
            "just call me bobby|Bobby"})
    void findsHowTheUserWantsToBeCalled(String message, String name) {
        assertThat(facts(message)).containsEntry(PREFERRED_NAME, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call me back tomorrow.", "Please call me at 5.", "Don't call me Bob.",
            "Call me crazy, but I like it.", "Can you call me later?"})
    void callMeWithoutANameIsNoPreferredName(String message) {
        assertThat(facts(message)).doesNotContainKey(PREFERRED_NAME).doesNotContainKey(NAME);
    }

    // ------------------------------------------------------------------------------------------ role and company

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I work as a data analyst.|data analyst|",
            "I'm the CFO of Acme Corp.|CFO|Acme Corp",
            "I'm a software engineer at Globex.|software engineer|Globex",
            "Hi, I'm Anna Schmidt, head of sales at Initech.|head of sales|Initech",
            "I work at Google as a data scientist.|data scientist|Google",
            "My role is CFO.|CFO|",
            "My job title is Senior Accountant.|Senior Accountant|",
            "I'm VP of Engineering at Hooli.|VP of Engineering|Hooli",
            "I work as a barista.|barista|",
            "I'm CTO at acme.io|CTO|acme.io",
            "I'm Head of Marketing at Initech.|Head of Marketing|Initech",
            "My name is Li Wei and I'm an intern at Hooli.|intern|Hooli",
            "Kindly note: I'm the new project lead.|new project lead|",
            "My name is Jan, I work for ING Bank as a risk analyst.|risk analyst|ING Bank"})
    void findsRoleAndCompany(String message, String role, String company) {
        Map<String, String> facts = facts(message);
        assertThat(facts).containsEntry(ROLE, role);
        if (company == null) {
            assertThat(facts).doesNotContainKey(COMPANY);
        } else {
            assertThat(facts).containsEntry(COMPANY, company);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I work at Procter & Gamble.|Procter & Gamble",
            "I work for Bank of America and I love it.|Bank of America",
            "Our company is Acme GmbH.|Acme GmbH",
            "I work for The Guardian.|The Guardian",
            "I'm employed by Initech, a software firm.|Initech",
            "our company is called globex|Globex"})
    void findsTheCompany(String message, String company) {
        assertThat(facts(message)).containsEntry(COMPANY, company);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I'm a big fan of your product.",
            "I'm a bit confused by this paragraph.",
            "My job is to review contracts.",
            "I work as hard as I can.",
            "My position is strong in this negotiation.",
            "I'm the one who wrote it.",
            "I'm not the CFO anymore.",
            "If I were the CEO of Acme, what would I do?",
            "Should I work as a consultant?",
            "I'm a former teacher.",
            "I'm in charge of sales."})
    void findsNoRoleWhereNoneIsStated(String message) {
        assertThat(facts(message)).doesNotContainKey(ROLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I work at home on Fridays.",
            "I work for myself.",
            "I work at a bank.",
            "I work for the government.",
            "I don't work at Acme anymore.",
            "I used to work at Globex.",
            "Our company is growing fast.",
            "Do I work for Acme?",
            "Shorten this text: I work at Initech and our company is Initech."})
    void findsNoCompanyWhereNoneIsStated(String message) {
        assertThat(facts(message)).doesNotContainKey(COMPANY);
    }

    // ----------------------------------------------------------------------------------------------- preferences

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please always answer in German.|German",
            "From now on, reply in French.|French",
            "Could you always respond in Spanish?|Spanish",
            "I prefer German.|German",
            "I prefer answers in Italian, thanks.|Italian",
            "Going forward please write in plain English.|English"})
    void findsTheLanguage(String message, String language) {
        Map<String, String> facts = facts(message);
        assertThat(facts).containsEntry(LANGUAGE, language);
        assertThat(facts).doesNotContainKey(PREFERENCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Translate this to German.", "Answer in German.", "Can you reply in French?",
            "What is German for 'invoice'?", "I never write in German."})
    void aOneOffLanguageRequestIsNoPreference(String message) {
        assertThat(facts(message)).doesNotContainKey(LANGUAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I prefer short answers.|short answers",
            "Please always use bullet points.|Always use bullet points",
            "Never use emojis!|Never use emojis",
            "From now on, keep it brief.|Keep it brief",
            "I'd like you to always cite your sources.|always cite your sources",
            "I would prefer a formal tone, please.|a formal tone"})
    void findsPreferences(String message, String preference) {
        assertThat(facts(message)).containsEntry(PREFERENCE, preference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I prefer the second option.", "I prefer not to say.", "Use bullet points here.",
            "Do you prefer short answers?", "My manager prefers long reports.", "Always the same problem with Excel."})
    void aChoiceOrAOneOffIsNoPreference(String message) {
        assertThat(facts(message)).doesNotContainKey(PREFERENCE);
    }

    // ---------------------------------------------------------------------------------------- several and merging

    @Test
    void oneMessageStatesSeveralFacts() {
        assertThat(extractor.extract("Hi! I'm Anna Schmidt, the CFO of Acme. Please always answer in German."))
                .containsExactly(new ProfileFact(NAME, "Anna Schmidt"), new ProfileFact(ROLE, "CFO"),
                        new ProfileFact(COMPANY, "Acme"), new ProfileFact(LANGUAGE, "German"));
    }

    @Test
    void aQuestionOrTaskStatesNothing() {
        assertThat(extractor.extract("What's the capital of France?")).isEmpty();
        assertThat(extractor.extract("Write a short poem about spring.")).isEmpty();
        assertThat(extractor.extract("")).isEmpty();
        assertThat(extractor.extract(null)).isEmpty();
    }

    @Test
    void newerFactsReplaceOlderOnesOfTheSameKey() {
        List<ProfileFact> profile = extractor.update(List.of(), "I'm Anna. I work at Acme. I prefer short answers.");
        profile = extractor.update(profile, "I work for Globex now. Please always use tables.");
        assertThat(profile).containsExactly(new ProfileFact(NAME, "Anna"), new ProfileFact(COMPANY, "Globex"),
                new ProfileFact(PREFERENCE, "short answers"), new ProfileFact(PREFERENCE, "Always use tables"));
        profile = extractor.update(profile, "My name is Anna Schmidt.");
        assertThat(profile).first().isEqualTo(new ProfileFact(NAME, "Anna Schmidt"));
        assertThat(profile).hasSize(4);
    }

    @Test
    void preferencesAreBoundedOldestDroppedFirst() {
        List<ProfileFact> profile = List.of();
        for (int i = 1; i <= 7; i++) {
            profile = extractor.update(profile, "I prefer replies with at most " + i + " bullet points.");
        }
        assertThat(profile).hasSize(ProfileExtractor.MAX_PREFERENCES);
        assertThat(profile.get(0).value()).contains("most 3 ");
        assertThat(profile.get(4).value()).contains("most 7 ");
    }

    @Test
    void theProfileIsBoundedInCountAndLength() {
        ProfileExtractor small = new ProfileExtractor(3, 40);
        List<ProfileFact> profile = small.update(List.of(), "I'm Anna, the CFO of Acme. I prefer short answers. "
                + "Please always answer in German.");
        assertThat(profile).hasSize(3).extracting(ProfileFact::key).containsExactly(NAME, ROLE, COMPANY);
        assertThat(small.extract("I prefer answers that always begin with a summary of the question in one line."))
                .isEmpty();
        assertThat(small.merge(List.of(new ProfileFact(NAME, "x".repeat(41))), List.of())).isEmpty();
    }
}
