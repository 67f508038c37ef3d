package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.offline.OfflineTextEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic guard with the real embedding model and English tagger, on messages on and off a tenant's topics. */
class SemanticTopicGuardTest {

    static final List<String> TOPICS = List.of("politics", "cryptocurrency investments", "medical advice",
            "competitor products", "legal advice", "religion", "weapons", "gambling");

    private static SemanticTopicGuard guard;

    @BeforeAll
    static void loadModel() {
        OfflineTextEngine engine = new OfflineTextEngine(1);
        guard = new SemanticTopicGuard(engine::embeddingModel);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Is now a good time to start investing in cryptocurrency?       | cryptocurrency investments
            My cryptocurrency investment lost half its value, what now?     | cryptocurrency investments
            Which weapon is best for hunting deer?                         | weapons
            Can you give me some medical advice about my back pain?        | medical advice
            I need legal advice on my divorce.                             | legal advice
            Explain the political situation in Brazil.                     | politics
            """)
    void aMessageUsingTheTopicsWordsInAnyFormIsAboutIt(String message, String topic) {
        assertThat(guard.blockedTopic(message, TOPICS)).contains(topic);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Who should I vote for in the next election?              | politics
            Is Ethereum a good long-term investment?                 | cryptocurrency investments
            What's the best strategy to win at online poker?         | gambling
            Which sports betting site gives the best odds?           | gambling
            What does the Bible say about forgiveness?               | religion
            What's the best rifle for home defense?                  | weapons
            How do I buy a gun without a background check?           | weapons
            """)
    void aMessageCloseInMeaningIsAboutTheTopic(String message, String topic) {
        assertThat(guard.blockedTopic(message, TOPICS)).contains(topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Can you summarize this meeting transcript?",
            "Write a polite reminder email about the unpaid invoice.",
            "What's our refund policy for damaged items?",
            "Help me plan a team offsite in Lisbon.",
            "Explain how compound interest works.",
            "How do I invest time in learning Python effectively?",
            "Summarize our CEO's policy on remote work.",
            "I need a medical leave form template.",
            "Our product team wants feedback on the new onboarding flow.",
            "Which of our pricing plans includes API access?",
            "Help me prepare for a job interview."})
    void anOrdinaryWorkMessageIsAboutNoBlockedTopic(String message) {
        assertThat(guard.blockedTopic(message, TOPICS)).isEmpty();
    }

    @Test
    void oneWordOfATopicPhraseIsNotEnough() {
        assertThat(guard.blockedTopic("Where is the form for medical leave?", List.of("medical advice"))).isEmpty();
        assertThat(guard.blockedTopic("Our products ship in May.", List.of("competitor products"))).isEmpty();
    }

    @Test
    void theTenantsPhraseIsReturnedAsGiven() {
        assertThat(guard.blockedTopic("Any tips for winning at poker?", List.of("  Gambling & betting ")))
                .contains("  Gambling & betting ");
    }

    @Test
    void theMostSpecificTopicMatchedByWordsWins() {
        assertThat(guard.blockedTopic("Give me investment advice for cryptocurrency.",
                List.of("investment", "cryptocurrency investment advice")))
                .contains("cryptocurrency investment advice");
    }

    @Test
    void noTopicsOrBlankInputMatchNothing() {
        assertThat(guard.blockedTopic("Who should I vote for?", List.of())).isEmpty();
        assertThat(guard.blockedTopic("Who should I vote for?", null)).isEmpty();
        assertThat(guard.blockedTopic("Who should I vote for?", Arrays.asList(" ", null, ""))).isEmpty();
        assertThat(guard.blockedTopic("   ", TOPICS)).isEmpty();
    }

    @Test
    void aHighThresholdMakesTheGuardStricter() {
        OfflineTextEngine engine = new OfflineTextEngine(1);
        SemanticTopicGuard strict = new SemanticTopicGuard(engine::embeddingModel, 0.95, 0.95);

        assertThat(strict.blockedTopic("Who should I vote for in the next election?", TOPICS)).isEmpty();
        assertThat(strict.blockedTopic("Tell me about politics in France.", TOPICS)).as("words still match")
                .contains("politics");
    }

    @Test
    void manyLongTopicsAreBounded() {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            topics.add("topic number " + i + " " + "x".repeat(1_000));
        }
        topics.add("gambling");

        assertThat(guard.blockedTopic("What's the best strategy to win at online poker?", topics))
                .as("only the first " + SemanticTopicGuard.MAX_TOPICS + " topics are considered").isEmpty();
        assertThat(guard.blockedTopic("What's the best strategy to win at online poker?",
                topics.subList(400, 501))).isEmpty();
        assertThat(guard.blockedTopic("What's the best strategy to win at online poker?",
                topics.subList(420, 501))).contains("gambling");
    }
}
