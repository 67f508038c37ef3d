package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real outputs of the engine; LanguageTool and the embedding model are loaded once for the class. */
class OfflineTextEngineTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine(1);

    private static final String RELEASE_NOTE = "The migration to the new database finished on Monday. "
            + "All services were switched over without downtime. "
            + "The old cluster will be shut down next week. "
            + "Our team also updated the monitoring dashboards. "
            + "Lunch on Friday will be pizza. "
            + "The new database is faster and cheaper than the old one. "
            + "Query latency dropped by forty percent after the database migration.";

    // ------------------------------------------------------------------------------------------------ fixGrammar

    @Test
    void fixesTheReferenceSentence() {
        assertThat(ENGINE.fixGrammar("their is a error in this sentance"))
                .isEqualTo("There is an error in this sentence.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I recieved teh email becuase hte server was wierd and definately slow.|"
                    + "I received the email because the server was weird and definitely slow.",
            "An user opened a issue on github.|A user opened an issue on GitHub.",
            "This is is a test .|This is a test.",
            "I could of done better, lets talk tomorow.|I could have done better, lets talk tomorrow.",
            "We was going to the store|We were going to the store.",
            "he go to school yesterday|He went to school yesterday.",
            "She finish the report last week. I send it to the client two days ago.|"
                    + "She finished the report last week. I sent it to the client two days ago."})
    void fixesGrammarAndSpelling(String input, String expected) {
        assertThat(ENGINE.fixGrammar(input)).isEqualTo(expected);
    }

    @Test
    void leavesTechnicalTermsAndCorrectTextAlone() {
        assertThat(ENGINE.fixGrammar("run kubectl apply and npm install, then check the yaml config in the repo."))
                .isEqualTo("Run kubectl apply and npm install, then check the yaml config in the repo.");
        String correct = "Our CTO, Maria Gonzalez, will present the roadmap at the all-hands meeting on Thursday.";
        assertThat(ENGINE.fixGrammar(correct)).isEqualTo(correct);
    }

    // ------------------------------------------------------------------------------------------------- summarize

    @Test
    void summaryIsOneToThreeVerbatimSentencesInOriginalOrder() {
        List<String> input = sentencesOf(RELEASE_NOTE);
        assertThat(input).hasSize(7);

        String summary = ENGINE.summarize(RELEASE_NOTE);

        List<String> chosen = sentencesOf(summary);
        assertThat(chosen).hasSize(3).isSubsetOf(input);
        assertThat(chosen).isSortedAccordingTo((a, b) -> Integer.compare(input.indexOf(a), input.indexOf(b)));
        assertThat(summary).doesNotContain("pizza");
    }

    @Test
    void summaryLengthScalesWithTheInput() {
        assertThat(OfflineTextEngine.summaryLength(2)).isEqualTo(1);
        assertThat(OfflineTextEngine.summaryLength(3)).isEqualTo(1);
        assertThat(OfflineTextEngine.summaryLength(4)).isEqualTo(2);
        assertThat(OfflineTextEngine.summaryLength(6)).isEqualTo(2);
        assertThat(OfflineTextEngine.summaryLength(7)).isEqualTo(3);
        assertThat(OfflineTextEngine.summaryLength(40)).isEqualTo(3);
        String three = "The build failed on Monday. The cause was a missing dependency. "
                + "We added it and the build passed.";
        assertThat(sentencesOf(three)).containsAnyElementsOf(sentencesOf(ENGINE.summarize(three)));
        assertThat(sentencesOf(ENGINE.summarize(three))).hasSize(1);
    }

    // --------------------------------------------------------------------------------------------------- shorten

    @Test
    void shortenKeepsAtMostSixtyPercentOfTheWordsFromCentralSentences() {
        String shorter = ENGINE.shorten(RELEASE_NOTE);

        int budget = (int) (TextRewriter.wordCount(RELEASE_NOTE) * 0.6);
        assertThat(TextRewriter.wordCount(shorter)).isLessThanOrEqualTo(budget);
        assertThat(TextRewriter.wordCount(shorter)).isGreaterThan(5);
        List<String> input = sentencesOf(RELEASE_NOTE);
        assertThat(sentencesOf(shorter)).isSubsetOf(input);
        assertThat(shorter).doesNotContain("pizza");
    }

    @Test
    void shortenCompressesASingleSentence() {
        String input = "Basically, I just wanted to say that, due to the fact that the server was really slow "
                + "(it was overloaded), we are in the process of moving to a new host.";

        String shorter = ENGINE.shorten(input);

        assertThat(shorter)
                .isEqualTo("I wanted to say that, because the server was slow, we are moving to a new host.");
        assertThat(TextRewriter.wordCount(shorter)).isLessThanOrEqualTo((int) (TextRewriter.wordCount(input) * 0.6));
    }

    @Test
    void shortenLeavesASentenceWithoutFillersAsItIs() {
        assertThat(ENGINE.shorten("So far, the results look good.")).isEqualTo("So far, the results look good.");
    }

    @Test
    void shortenDropsAnnouncementsThatOnlySayAMessageFollows() {
        assertThat(ENGINE.shorten("We would like to kindly inform you that the meeting has been moved to Friday "
                + "afternoon.")).isEqualTo("The meeting has been moved to Friday afternoon.");
        assertThat(ENGINE.shorten("I am writing to let you know that your order has shipped."))
                .isEqualTo("Your order has shipped.");
        assertThat(ENGINE.shorten("Please be advised that the office is closed on Monday."))
                .isEqualTo("The office is closed on Monday.");
        // not a "that" clause: what follows is the message itself
        assertThat(ENGINE.shorten("I would like to inform you about the delay."))
                .isEqualTo("I would like to inform you about the delay.");
        // only where it opens a sentence
        assertThat(ENGINE.shorten("He said we would like to inform you that it is late."))
                .isEqualTo("He said we would like to inform you that it is late.");
    }

    @Test
    void shortenReplacesWordyPhrases() {
        assertThat(ENGINE.shorten("In order to save time, we will meet at this point in time."))
                .isEqualTo("To save time, we will meet now.");
    }

    // ------------------------------------------------------------------------------------------------ changeTone

    @Test
    void professionalTone() {
        assertThat(ENGINE.changeTone("hey guys, thanks for the update! I'm gonna send the report ASAP.",
                Tone.PROFESSIONAL))
                .isEqualTo("Hello everyone, thank you for the update! "
                        + "I am going to send the report as soon as possible.");
        assertThat(ENGINE.changeTone("Hi Sarah, sorry for the delay!! We dunno yet when it'll be ready. Thx a lot.",
                Tone.PROFESSIONAL))
                .isEqualTo("Hello Sarah, sorry for the delay! We do not know yet when it will be ready. "
                        + "Thank you very much.");
        assertThat(ENGINE.changeTone("The guys in accounting use Excel.", Tone.PROFESSIONAL))
                .isEqualTo("The guys in accounting use Excel.");
    }

    @Test
    void formalTone() {
        assertThat(ENGINE.changeTone("Hi John, thanks for the update! I'm gonna send the report ASAP. "
                + "We can't meet tomorrow.\nCheers", Tone.FORMAL))
                .isEqualTo("Dear John, thank you for the update. I am going to send the report as soon as possible. "
                        + "We cannot meet tomorrow.\nKind regards,");
        assertThat(ENGINE.changeTone("It's been a long week. We'll buy the licenses. Let me know if that's ok!",
                Tone.FORMAL))
                .isEqualTo("It has been a long week. We will purchase the licenses. "
                        + "Please inform me if that is acceptable.");
    }

    @Test
    void casualTone() {
        assertThat(ENGINE.changeTone("Dear Anna, I am writing to inform you that we do not have the report. "
                + "It is not ready yet. Thank you for your patience.\nKind regards,", Tone.CASUAL))
                .isEqualTo("Hey Anna, I'm writing to let you know that we don't have the report. "
                        + "It isn't ready yet. Thanks for your patience.\nCheers,");
        assertThat(ENGINE.changeTone("That is what it is. However, we will utilize the backup plan.", Tone.CASUAL))
                .isEqualTo("That's what it is. But we'll use the backup plan.");
        assertThat(ENGINE.changeTone("Dear team, I would like to inform you that the canteen will reopen on 2 June.",
                Tone.CASUAL))
                .isEqualTo("Hi team, just so you know, the canteen will reopen on 2 June.");
        assertThat(ENGINE.changeTone("Please feel free to call us if anything is unclear.", Tone.CASUAL))
                .isEqualTo("Just let us know if anything is unclear.");
        assertThat(ENGINE.changeTone("Please feel free to share the link.", Tone.CASUAL))
                .isEqualTo("Feel free to share the link.");
    }

    @Test
    void friendlyTone() {
        assertThat(ENGINE.changeTone("Hello Anna, please send me the report by Friday. Thank you for your help.",
                Tone.FRIENDLY))
                .isEqualTo("Hi Anna, please send me the report by Friday. Thank you so much for your help.");
        assertThat(ENGINE.changeTone("Please send me the report by Friday. I do not need the slides.", Tone.FRIENDLY))
                .isEqualTo("Hi there! Please send me the report by Friday. I don't need the slides.");
        assertThat(ENGINE.changeTone("Dear Mr. Smith,\nplease find attached the invoice.\nSincerely,\nJane",
                Tone.FRIENDLY))
                .isEqualTo("Hi Mr. Smith,\nI've attached the invoice.\nBest wishes,\nJane");
    }

    @Test
    void confidentTone() {
        assertThat(ENGINE.changeTone("I think maybe we should just go with option B. "
                + "I'm not sure, but it might be able to save us money.", Tone.CONFIDENT))
                .isEqualTo("We should go with option B. It can save us money.");
        assertThat(ENGINE.changeTone("Hopefully, I will try to finish the draft by Friday, if that's okay. "
                + "This is a great idea, I guess.", Tone.CONFIDENT))
                .isEqualTo("I will finish the draft by Friday. This is a great idea.");
    }

    @Test
    void toneRulesRunOnTheGrammarFixedTextSoContractionsAreNeverExpandedIntoErrors() {
        // "you're message" must become "your message" before "you're" would be written out as "you are"
        assertThat(ENGINE.changeTone("We recieved you're message and will reply tomorow.", Tone.PROFESSIONAL))
                .isEqualTo("We received your message and will reply tomorrow.");
        assertThat(ENGINE.changeTone("We recieved you're message. Gonna reply tomorrow.", Tone.FORMAL))
                .isEqualTo("We received your message. We are going to reply tomorrow.");
        assertThat(ENGINE.changeTone("The team is proud of it's results, thanks!", Tone.PROFESSIONAL))
                .isEqualTo("The team is proud of its results, thank you!");
        // only typos and nothing to change for the tone: the fixed text, not a silent copy of the input
        OfflineTextEngine.ToneResult fixedOnly = ENGINE.rewriteTone("Thank you for you're message.", Tone.FORMAL);
        assertThat(fixedOnly.changed()).isTrue();
        assertThat(fixedOnly.text()).isEqualTo("Thank you for your message.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PROFESSIONAL|Could you please send the signed form by Monday or we cancel the order?|Could you please "
                    + "send the signed form by Monday? Otherwise, we will have to cancel the order.",
            "FORMAL|Could you please send the signed form by Monday or we cancel the order?|Could you please send the "
                    + "signed form by Monday? Otherwise, we will have to cancel the order.",
            "FRIENDLY|Could you please send the signed form by Monday or we cancel the order?|Could you send the "
                    + "signed form by Monday? Otherwise, we'll have to cancel the order.",
            "PROFESSIONAL|Send the signed form by Monday or we cancel the order.|Could you please send the signed "
                    + "form by Monday? Otherwise, we will have to cancel the order.",
            "FORMAL|Pay the deposit by June 3 or we'll give the room to another group.|Could you please pay the "
                    + "deposit by June 3? Otherwise, we will have to give the room to another group.",
            "PROFESSIONAL|You need to renew the license this week or your access will be blocked.|Could you please "
                    + "renew the license this week? Otherwise, your access will be blocked.",
            "FRIENDLY|Return the keys by Friday or we keep your deposit.|Could you return the keys by Friday? "
                    + "Otherwise, we'll have to keep your deposit."})
    void aRequestWithOrWeBecomesARequestAndAConsequence(Tone tone, String text, String expected) {
        assertThat(ENGINE.changeTone(text, tone)).isEqualTo(expected);
    }

    @Test
    void anOrBetweenTwoThingsIsNoThreat() {
        assertThat(ENGINE.rewriteTone("Could you send the report or the slides?", Tone.PROFESSIONAL).changed())
                .isFalse();
    }

    @Test
    void toneRulesKeepTypographicApostrophesAndLeaveUrlsAlone() {
        assertThat(ENGINE.changeTone("I am sure it is done. See https://example.com/just_do_not/cannot.", Tone.CASUAL))
                .isEqualTo("I'm sure it's done. See https://example.com/just_do_not/cannot.");
        assertThat(ENGINE.changeTone("We’re sure it’s fine, but I do not know.", Tone.CASUAL))
                .isEqualTo("We’re sure it’s fine, but I don’t know.");
    }

    // --------------------------------------------------------------------------------------------------- improve

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hello,,   how are you??i am fine.thanks for asking|Hello, how are you? I am fine. Thanks for asking.",
            "It is very important to note that the team is very very busy.|The team is busy.",
            "We basically need to make a decision on a daily basis.|We need to decide daily.",
            "This is a very unusual and a really interesting case.|This is an unusual and an interesting case.",
            "Check https://example.com/really/just?x=1  for details .|"
                    + "Check https://example.com/really/just?x=1 for details."})
    void improveCleansUpAndCorrects(String input, String expected) {
        assertThat(ENGINE.improve(input)).isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------------- general guarantees

    @Test
    void everyOperationIsDeterministic() {
        OfflineTextEngine other = new OfflineTextEngine(1);
        String messy = "their is a error in this sentance , and i really think we should basically fix it ASAP!!";
        assertThat(other.fixGrammar(messy)).isEqualTo(ENGINE.fixGrammar(messy));
        assertThat(other.improve(messy)).isEqualTo(ENGINE.improve(messy));
        assertThat(other.summarize(RELEASE_NOTE)).isEqualTo(ENGINE.summarize(RELEASE_NOTE));
        assertThat(other.shorten(RELEASE_NOTE)).isEqualTo(ENGINE.shorten(RELEASE_NOTE));
        for (Tone tone : Tone.values()) {
            assertThat(ENGINE.changeTone(messy, tone)).isEqualTo(ENGINE.changeTone(messy, tone));
        }
        assertThat(ENGINE.summarize(RELEASE_NOTE)).isEqualTo(ENGINE.summarize(RELEASE_NOTE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Really?", "Just.", "(see above)", "Actually, maybe.", "lol", ":)", "I think so.", "x"})
    void neverReturnsBlankTextForNonBlankInput(String input) {
        assertThat(ENGINE.fixGrammar(input)).isNotBlank();
        assertThat(ENGINE.improve(input)).isNotBlank();
        assertThat(ENGINE.summarize(input)).isNotBlank();
        assertThat(ENGINE.shorten(input)).isNotBlank();
        for (Tone tone : Tone.values()) {
            assertThat(ENGINE.changeTone(input, tone)).isNotBlank();
        }
    }

    private static List<String> sentencesOf(String text) {
        return new SentenceSplitter().split(text).stream().map(SentenceSplitter.Sentence::text).toList();
    }

    @Test
    void oneSentenceTakesTheSentenceWithTheFiguresAndDropsAConnectiveLeftWithoutItsSentence() {
        String update = "Hi team, I hope you're all well. Just a quick update on the Henderson renewal. Their "
                + "procurement team confirmed they want to renew for 3 years at 48,000 EUR per year, but they need the "
                + "signed contract by friday. we need legal to review the liability clause before then. Also the "
                + "onboarding call moved to Tuesday 10:00. Let me know if you have any questions. Thanks, Sam";
        String one = ENGINE.oneSentence(update);
        assertThat(one).contains("48,000 EUR").startsWith("Their procurement team");
        assertThat(SalienceSelector.detached(java.util.List.of("The call was moved.", "Also, the room changed."),
                java.util.List.of(1))).containsExactly("the room changed.");
        assertThat(SalienceSelector.detached(java.util.List.of("The call was moved.", "Also, the room changed."),
                java.util.List.of(0, 1))).containsExactly("The call was moved.", "Also, the room changed.");
    }
}
