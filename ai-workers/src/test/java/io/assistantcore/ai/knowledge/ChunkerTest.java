package io.assistantcore.ai.knowledge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkerTest {

    private final Chunker chunker = new Chunker(60, 12);

    @Test
    void aWrappedParagraphReadsAsOneTextAgain() {
        List<String> chunks = chunker.chunkText("Employees get 27 days of paid leave\nper year, and carry-over\nis allowed.");
        assertThat(chunks).containsExactly("Employees get 27 days of paid leave per year, and carry-over is allowed.");
    }

    @Test
    void aSentenceThatEndsBeforeABlankLineIsJoinedAsBefore() {
        assertThat(chunker.chunkText("Leave is paid.\n\nCarry-over is allowed until March 31."))
                .containsExactly("Leave is paid. Carry-over is allowed until March 31.");
    }

    @Test
    void longTextIsCutIntoBoundedChunksThatOverlapByWholeSentences() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            text.append("Sentence number ").append(i).append(" says something about item ").append(i).append(". ");
        }
        List<String> chunks = chunker.chunkText(text.toString());
        assertThat(chunks).hasSizeGreaterThan(3);
        for (String chunk : chunks) {
            assertThat(Chunker.tokens(chunk)).isLessThanOrEqualTo(60);
        }
        // every sentence is in some chunk, and each chunk after the first begins with the end of the one before
        for (int i = 1; i <= 30; i++) {
            String sentence = "Sentence number " + i + " says something about item " + i + ".";
            assertThat(chunks).anyMatch(chunk -> chunk.contains(sentence));
        }
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1);
            String lastSentence = previous.substring(previous.lastIndexOf("Sentence number"));
            assertThat(chunks.get(i)).startsWith(lastSentence);
        }
    }

    @Test
    void aSentenceLongerThanAChunkIsCutBetweenWords() {
        String longSentence = "word ".repeat(200).strip() + ".";
        List<String> chunks = chunker.chunkText(longSentence);
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allMatch(chunk -> Chunker.tokens(chunk) <= 60);
        assertThat(String.join(" ", chunks)).contains("word word");
    }

    @Test
    void plainTextKeepsTheLinesOfTheFileAndReadsFlatAsBefore() {
        String text = "Passwords\nPasswords must be at least 14 characters long. Passwords are kept in the\n"
                + "company password manager.\n\nDevices\nLaptops are encrypted.";
        List<Chunker.Chunk> chunks = chunker.chunk(List.of(new DocumentParser.Section(null, null, text, true)));

        assertThat(chunks).extracting(Chunker.Chunk::text).containsExactly("Passwords\nPasswords must be at least 14 "
                + "characters long. Passwords are kept in the\ncompany password manager.\nDevices\nLaptops are "
                + "encrypted.");
        assertThat(Chunker.flat(chunks.get(0).text())).isEqualTo(String.join(" ", chunker.chunkText(text)));
    }

    /**
     * Every chunk of the evaluation corpus, line breaks read as spaces, is the chunk the chunker made before it kept
     * them (what is embedded and searched is unchanged); Markdown and HTML chunks have no line breaks at all.
     */
    @Test
    void theCorpusChunksReadFlatAreTheChunksWithoutLineBreaks() throws Exception {
        Chunker real = new Chunker(200, 40);
        DocumentParser parser = new DocumentParser(DocumentParser.Limits.DEFAULT);
        int withLineBreaks = 0;
        for (String name : KnowledgeEvaluationTest.DOCUMENTS) {
            String type = name.endsWith(".md") ? "text/markdown" : name.endsWith(".html") ? "text/html" : "text/plain";
            List<DocumentParser.Section> sections = parser.parse(corpus(name), type);
            List<Chunker.Chunk> chunks = real.chunk(sections);
            List<Chunker.Chunk> flat = real.chunk(sections.stream()
                    .map(section -> new DocumentParser.Section(section.page(), section.title(), section.text()))
                    .toList());
            assertThat(chunks).hasSameSizeAs(flat);
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(Chunker.flat(chunks.get(i).text())).isEqualTo(flat.get(i).text());
                assertThat(flat.get(i).text()).doesNotContain("\n");
                if (chunks.get(i).text().contains("\n")) {
                    withLineBreaks++;
                    assertThat(name).endsWith(".txt");
                }
            }
        }
        assertThat(withLineBreaks).isPositive();
    }

    private static byte[] corpus(String name) throws IOException {
        try (InputStream in = ChunkerTest.class.getClassLoader().getResourceAsStream("knowledge/corpus/" + name)) {
            return in.readAllBytes();
        }
    }
}
