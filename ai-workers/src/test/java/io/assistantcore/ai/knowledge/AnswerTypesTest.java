package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.AnswerTypes.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer-type check's two sides: what kind of answer a question's wording asks for, and whether a passage has
 * anything of that kind. The questions and passages are made up for this test (none is from the evaluation's set).
 */
class AnswerTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "How many licences does a team get?|QUANTITY",
            "how much is the deposit for a locker|QUANTITY",
            "What percentage of the bonus is paid in March?|QUANTITY",
            "What's the maximum upload size?|QUANTITY",
            "What does a replacement key card cost?|QUANTITY",
            "When does the canteen close?|TIME",
            "What date is the summer party?|TIME",
            "Which day are the bins collected?|TIME",
            "How long is a password reset link valid?|TIME",
            "how often are backups tested|TIME",
            "I feel sick, until what time can I call in?|TIME",
            "Who signs off a purchase order?|PERSON",
            "Which team handles chargebacks?|PERSON",
            "To whom do I send my timesheet?|PERSON",
            "Where is the first-aid kit?|PLACE",
            "On which floor is the library?|PLACE",
            "What is the address of the Berlin office?|PLACE",
            "Is there a dress code?|ANY",
            "Can I bring my dog to work?|ANY",
            "What happens when a card is lost?|ANY",
            "How do I reset my password?|ANY",
            "Why was my invoice rejected?|ANY",
            "What happens to employees who leave before the end of probation?|ANY",
            "Explain the returns process|ANY",
            "Can you tell me how many seats the Pro plan has?|QUANTITY",
            "Do you know where the spare chairs are kept?|PLACE"
    })
    void readsTheKindOfAnswerFromTheWording(String question, Type expected) {
        assertThat(AnswerTypes.of(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "QUANTITY|Each team gets 12 licences.|true",
            "QUANTITY|The deposit is twenty euros.|true",
            "QUANTITY|A quarter of the bonus, 25%, is paid in spring.|true",
            "QUANTITY|Lockers are assigned by the facilities desk.|false",
            "TIME|The canteen closes at 14:30.|true",
            "TIME|Bins are collected on Thursdays.|true",
            "TIME|The summer party is in August.|true",
            "TIME|Reset links stay valid for a day.|true",
            "TIME|Reset links are sent to the address on file.|false",
            "PERSON|Purchase orders are signed off by the finance department.|true",
            "PERSON|Chargebacks are handled by Maria Lopez in accounting.|true",
            "PERSON|Chargebacks are rare and usually resolved quickly.|false",
            "PLACE|The first-aid kit is in the kitchen next to the fridge.|true",
            "PLACE|The library is on the 3rd floor.|true",
            "PLACE|Spare chairs are useful for larger meetings.|false",
            "ANY|Anything at all.|true"
    })
    void tellsWhetherAPassageHasSomethingOfTheKind(Type type, String passage, boolean expected) {
        assertThat(AnswerTypes.contains(type, passage)).isEqualTo(expected);
    }

    @Test
    void aCountMustBeOfWhatTheQuestionCounts() {
        String question = "How many API keys can a project have?";
        assertThat(AnswerTypes.counted(question)).contains("api", "key", "project");
        assertThat(AnswerTypes.answers(question, "A project can hold up to five API keys.")).isTrue();
        assertThat(AnswerTypes.answers(question, "Each project has 10 keys for signing webhooks.")).isTrue();
        // a number, but of something else: the passage does not say how many keys
        assertThat(AnswerTypes.answers(question, "The API allows 300 requests per minute.")).isFalse();
        assertThat(AnswerTypes.answers("How many cars can park behind the office?",
                "There are 30 parking spaces behind the office.")).isTrue();
        assertThat(AnswerTypes.counted("How much is the deposit?")).isEmpty();
    }

    @Test
    void aCountOfTimeMayBeInAnotherUnitThanTheQuestionGuessed() {
        String question = "How many days do I have to report a stolen laptop?";
        assertThat(AnswerTypes.answers(question,
                "Lost or stolen devices must be reported to the IT service desk within one hour.")).isTrue();
        assertThat(AnswerTypes.answers(question, "Report it within two working days.")).isTrue();
        assertThat(AnswerTypes.answers("How many weeks of notice do I give?", "The notice period is 3 months."))
                .isTrue();
        // a unit of time that counts something else is no answer
        assertThat(AnswerTypes.answers(question, "The portal accepts 600 uploads per minute.")).isFalse();
        assertThat(AnswerTypes.answers(question, "Stolen laptops are reported to the IT service desk.")).isFalse();
    }

    @Test
    void anEmailAddressSaysWhereToReportAndWhomToContact() {
        String passage = "A suspected security incident is reported immediately to security@northwind.example.";
        assertThat(AnswerTypes.answers("Where do I report a security incident?", passage)).isTrue();
        assertThat(AnswerTypes.answers("Who do I contact about an incident?",
                "Write to billing@example.com about your invoice.")).isTrue();
        assertThat(AnswerTypes.answers("Where do I report a security incident?",
                "A suspected security incident is reported immediately.")).isFalse();
        assertThat(AnswerTypes.answers("Where do I report a security incident?",
                "Reports are answered @ once by whoever is on call.")).isFalse();
    }

    @Test
    void aPriceMustBeAnAmountOfMoney() {
        String question = "How much does a replacement badge cost?";
        assertThat(AnswerTypes.answers(question, "A replacement badge costs 15 euros.")).isTrue();
        assertThat(AnswerTypes.answers(question, "The first replacement is free.")).isTrue();
        // a number, but no price
        assertThat(AnswerTypes.answers(question, "Badges are replaced within 2 days.")).isFalse();
    }

    @Test
    void aFrequencyMustSayHowOften() {
        String question = "How often are fire alarms tested?";
        assertThat(AnswerTypes.answers(question, "Fire alarms are tested every Monday at 9:00.")).isTrue();
        assertThat(AnswerTypes.answers(question, "Fire alarms are tested twice a year.")).isTrue();
        // a time, but no frequency
        assertThat(AnswerTypes.answers(question, "The fire alarm test takes 10 minutes.")).isFalse();
    }

    @Test
    void questionsThatAskForNoKindAreNeverConstrained() {
        assertThat(AnswerTypes.answers("Is there a dress code?", "Smart casual is fine.")).isTrue();
        assertThat(AnswerTypes.answers("How do I reset my password?", "Use the link on the sign-in page."))
                .isTrue();
        assertThat(AnswerTypes.answers("When does the canteen close?", "The canteen serves vegetarian dishes."))
                .isFalse();
        assertThat(AnswerTypes.answers("Who approves travel?", "Travel is booked through the portal."))
                .isFalse();
    }
}
