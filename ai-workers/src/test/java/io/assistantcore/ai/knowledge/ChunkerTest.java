package io.assistantcore.ai.knowledge;

import org.junit.jupiter.api.Test;

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
}
