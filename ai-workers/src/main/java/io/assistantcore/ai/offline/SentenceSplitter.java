package io.assistantcore.ai.offline;

import org.languagetool.language.AmericanEnglish;
import org.languagetool.tokenizers.SentenceTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into sentences with LanguageTool's rule-based (SRX) English sentence tokenizer, which knows
 * abbreviations ("Dr.", "e.g.", "p.m.", "U.S.") and decimals; every line break also ends a sentence, so headings and
 * list items stay separate units. Each sentence keeps its exact text and the whitespace that followed it.
 */
final class SentenceSplitter {

    /** One sentence: its text without surrounding whitespace and the whitespace up to the next sentence. */
    record Sentence(String text, String separator) {
    }

    private SentenceTokenizer tokenizer;

    List<Sentence> split(String text) {
        List<String> pieces = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            for (String piece : tokenize(line)) {
                String trimmed = piece.strip();
                if (!trimmed.isEmpty()) {
                    pieces.add(trimmed);
                }
            }
        }
        List<Sentence> sentences = new ArrayList<>(pieces.size());
        int position = 0;
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            int found = text.indexOf(piece, position);
            int start = found < 0 ? position : found;
            int end = Math.min(text.length(), start + piece.length());
            int nextFound = i + 1 < pieces.size() ? text.indexOf(pieces.get(i + 1), end) : end;
            int nextStart = nextFound < 0 ? end : nextFound;
            sentences.add(new Sentence(piece, text.substring(end, nextStart)));
            position = end;
        }
        return sentences;
    }

    private synchronized List<String> tokenize(String line) {
        if (tokenizer == null) {
            tokenizer = AmericanEnglish.getInstance().getSentenceTokenizer();
        }
        return tokenizer.tokenize(line);
    }

    /** Joins sentences with the whitespace that followed each in the original (a space if that was none). */
    static String join(List<Sentence> sentences) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            Sentence sentence = sentences.get(i);
            out.append(sentence.text());
            if (i + 1 < sentences.size()) {
                String separator = sentence.separator();
                out.append(separator.isEmpty() ? " " : separator.contains("\n") ? lineBreaks(separator) : " ");
            }
        }
        return out.toString();
    }

    private static String lineBreaks(String separator) {
        long count = separator.chars().filter(c -> c == '\n').count();
        return count >= 2 ? "\n\n" : "\n";
    }
}
