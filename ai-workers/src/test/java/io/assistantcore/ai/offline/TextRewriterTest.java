package io.assistantcore.ai.offline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextRewriterTest {

    @ParameterizedTest
    @CsvSource({"apple,an", "user,a", "hour,an", "university,a", "unusual,an", "one,a", "European,a", "FAQ,an",
            "URL,a", "8th,an", "honest,an", "interesting,an", "car,a", "unimportant,an"})
    void choosesTheIndefiniteArticleBySound(String word, String article) {
        assertThat(TextRewriter.indefiniteArticle(word)).isEqualTo(article);
    }

    @Test
    void tidyRepairsSpacingArticlesAndCapitalsAroundDeletions() {
        String d = TextRewriter.DELETED;
        assertThat(TextRewriter.tidy("This is a " + d + " important point.")).isEqualTo("This is an important point.");
        assertThat(TextRewriter.tidy("Fine. " + d + " we go.")).isEqualTo("Fine. We go.");
        assertThat(TextRewriter.tidy(d + " we go " + d + ".")).isEqualTo("We go.");
        assertThat(TextRewriter.tidy("It works, " + d + ".")).isEqualTo("It works.");
        assertThat(TextRewriter.tidy("Line one " + d + "\nline two")).isEqualTo("Line one\nline two");
        assertThat(TextRewriter.tidy("unchanged  text")).isEqualTo("unchanged  text");
    }

    @Test
    void rewriteCapitalisesAtSentenceStartAndAfterCapitalisedMatches() {
        List<RewriteRule> rules = List.of(RewriteRule.replace("don't", "do not"),
                RewriteRule.replace("asap", "as soon as possible"));
        assertThat(TextRewriter.rewrite("don't wait. Send it ASAP. ASAP is fine. Don't.", rules))
                .isEqualTo("Do not wait. Send it as soon as possible. As soon as possible is fine. Do not.");
    }

    @Test
    void thePronounISaysNothingAboutTheCaseOfItsReplacement() {
        List<RewriteRule> rules = List.of(RewriteRule.replace("I would be grateful if", "it'd be great if"));
        assertThat(TextRewriter.rewrite("Hi Tom, I would be grateful if you came. I would be grateful if not.", rules))
                .isEqualTo("Hi Tom, it'd be great if you came. It'd be great if not.");
    }

    @Test
    void splitsSentencesAtAbbreviationsCorrectly() {
        String text = "Dr. Smith met Mr. Jones at 5 p.m. on Monday. They talked, e.g. about v1.2 of the app!\n\nNext?";
        List<SentenceSplitter.Sentence> sentences = new SentenceSplitter().split(text);
        assertThat(sentences).extracting(SentenceSplitter.Sentence::text).containsExactly(
                "Dr. Smith met Mr. Jones at 5 p.m. on Monday.", "They talked, e.g. about v1.2 of the app!", "Next?");
        assertThat(SentenceSplitter.join(sentences)).isEqualTo(text);
    }
}
