package io.assistantcore.ai.knowledge;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.assistantcore.ai.knowledge.GroundedAnswers.Answer;
import io.assistantcore.ai.knowledge.GroundedAnswers.Quote;
import io.assistantcore.ai.knowledge.GroundedAnswers.Retrieval;
import io.assistantcore.ai.knowledge.KnowledgeIndex.Found;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the offline engine quotes from a plain-text file: a sentence under a heading line is quoted without the heading,
 * while the sentence as scored (and every decision) still reads the heading as it always has.
 */
class GroundedAnswersQuoteTest {

    private static final String POLICY = """
            Information security policy of Northwind Logistics

            Passwords
            Passwords must be at least 14 characters long. Passwords are never reused and are kept in the
            company password manager.

            Devices
            Company laptops use full-disk encryption and lock the screen after five minutes of
            inactivity.
            """;

    /** A stand-in for the embedding model: words cut to five letters, hashed into a unit vector. */
    private static final EmbeddingModel WORDS = segments -> Response.from(segments.stream()
            .map(TextSegment::text).map(GroundedAnswersQuoteTest::bagOfWords).toList());

    private static Embedding bagOfWords(String text) {
        float[] vector = new float[64];
        Matcher words = Pattern.compile("[\\p{L}\\p{N}]+").matcher(text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = words.group();
            vector[Math.floorMod((word.length() > 5 ? word.substring(0, 5) : word).hashCode(), 64)] += 1;
        }
        return Embedding.from(vector);
    }

    private final GroundedAnswers answers = new GroundedAnswers(null, null, new KnowledgeEmbedder(() -> WORDS, "words"),
            5, 0.5, 0.6);

    private static List<Found> chunksOf(String text, String type) throws DocumentParser.ParseException {
        List<Chunker.Chunk> chunks = new Chunker(200, 40).chunk(new DocumentParser(DocumentParser.Limits.DEFAULT)
                .parse(text.getBytes(StandardCharsets.UTF_8), type));
        return chunks.stream().map(chunk -> new Found("policy:" + chunk.ordinal(), "policy", "policy.txt",
                chunk.section(), chunk.page(), chunk.text(), 0.7)).toList();
    }

    @Test
    void aSentenceUnderAHeadingLineOfPlainTextIsQuotedWithoutTheHeading() throws Exception {
        List<Found> chunks = chunksOf(POLICY, "text/plain");
        Answer answer = answers.extractive("What is the minimum password length?", new Retrieval(List.of(), chunks,
                0.7));

        assertThat(answer.text()).contains("Passwords must be at least 14 characters long [1].")
                .doesNotContain("Northwind Logistics").doesNotContain("Passwords Passwords")
                .doesNotContain("Devices Company");
    }

    @Test
    void theSentenceAsScoredStillReadsTheHeadingAsBefore() throws Exception {
        String chunk = chunksOf(POLICY, "text/plain").get(0).text();

        assertThat(GroundedAnswers.sentences(chunk)).containsExactly(
                "Information security policy of Northwind Logistics Passwords Passwords must be at least 14 "
                        + "characters long.",
                "Passwords are never reused and are kept in the company password manager.",
                "Devices Company laptops use full-disk encryption and lock the screen after five minutes of "
                        + "inactivity.");
        assertThat(GroundedAnswers.quotes(chunk)).extracting(Quote::shown).containsExactly(
                "Passwords must be at least 14 characters long.",
                "Passwords are never reused and are kept in the company password manager.",
                "Company laptops use full-disk encryption and lock the screen after five minutes of inactivity.");
    }

    @Test
    void aSentenceWrappedOverLinesIsOneSentence() {
        assertThat(GroundedAnswers.quotes("Fire wardens wear yellow vests. A\nfire drill takes place twice a year."))
                .extracting(Quote::shown)
                .containsExactly("Fire wardens wear yellow vests.", "A fire drill takes place twice a year.");
        // a short first line of a wrapped sentence ends on a word a heading does not end on, or the next line goes on
        // in lower case
        assertThat(GroundedAnswers.withoutHeadings("Visitors are welcome at\nReception on the ground floor."))
                .isEqualTo("Visitors are welcome at Reception on the ground floor.");
        assertThat(GroundedAnswers.withoutHeadings("Bookings longer than four hours\nneed approval."))
                .isEqualTo("Bookings longer than four hours need approval.");
    }

    @Test
    void aHeadingAboveASentenceThatAPassageCutsIsLeftOutToo() {
        // a passage can end in the middle of a sentence; a long line under the heading is prose all the same
        assertThat(GroundedAnswers.quotes("Laptops are encrypted.\nIncidents\nA suspected security incident, such as "
                + "a phishing email that was clicked, is reported")).extracting(Quote::shown).containsExactly(
                "Laptops are encrypted.", "A suspected security incident, such as a phishing email that was clicked, "
                        + "is reported");
    }

    @Test
    void shortLinesThatAreNotAboveProseAreKept() {
        // an address: no line ends as a sentence does
        assertThat(GroundedAnswers.withoutHeadings("Northwind Logistics GmbH\nSpeicherstadt 12\nHamburg"))
                .isEqualTo("Northwind Logistics GmbH Speicherstadt 12 Hamburg");
        // a label that ends as a clause does stays with what it introduces
        assertThat(GroundedAnswers.withoutHeadings("Opening hours:\nMonday to Friday from 7:00 to 21:00."))
                .isEqualTo("Opening hours: Monday to Friday from 7:00 to 21:00.");
        // a long line is prose, not a heading
        assertThat(GroundedAnswers.withoutHeadings("Every employee who travels for work books through the portal\n"
                + "Travel requests need a manager's approval.")).startsWith("Every employee who travels");
    }

    @Test
    void markdownAndHtmlAreQuotedAsBefore() throws Exception {
        String markdown = """
                # Passwords

                Passwords must be at least 14
                characters long.

                Short line
                Sharing passwords is not allowed.
                """;
        String html = "<html><body><h2>Passwords</h2><p>Passwords must be at least 14 characters long.</p>"
                + "<p>Short line</p><p>Sharing passwords is not allowed.</p></body></html>";
        for (Found chunk : List.of(chunksOf(markdown, "text/markdown").get(0), chunksOf(html, "text/html").get(0))) {
            assertThat(chunk.text()).doesNotContain("\n");
            assertThat(GroundedAnswers.quotes(chunk.text()))
                    .allSatisfy(quote -> assertThat(quote.shown()).isEqualTo(quote.scored()));
        }
        assertThat(GroundedAnswers.sentences(chunksOf(markdown, "text/markdown").get(0).text())).containsExactly(
                "Passwords must be at least 14 characters long.", "Short line Sharing passwords is not allowed.");
    }
}
