package io.assistantcore.ai.knowledge;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a document's sections into chunks of at most {@code maxTokens} tokens (cl100k_base, jtokkit), whole sentences
 * where it can (a sentence longer than a chunk is cut between words), each chunk beginning with the last
 * {@code overlapTokens} tokens' worth of sentences of the one before, so that a fact on a boundary is whole in one
 * of them. A chunk never spans two pages or two sections, so its page and section title are exact.
 * <p>
 * Pieces of a chunk are joined by a space, except in a section whose line breaks are kept (plain text,
 * {@link DocumentParser.Section#lineBreaks()}): there a piece that began a line of the file begins a line of the
 * chunk, so that a heading line stays on a line of its own for the quoted answer. Everything that scores reads
 * line breaks as spaces ({@link #flat}), which gives exactly the text the chunk would have without them.
 */
public final class Chunker {

    /** A chunk: its number in the document (from 0), page and section of its section, and its text. */
    public record Chunk(int ordinal, Integer page, String section, String text) {
    }

    private static final Encoding TOKENS = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+|\\n+");
    private static final Pattern WORDS = Pattern.compile("\\s+");

    private final int maxTokens;
    private final int overlapTokens;

    public Chunker(int maxTokens, int overlapTokens) {
        if (maxTokens < 16 || overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
            throw new IllegalArgumentException("chunks need at least 16 tokens and an overlap below half of them");
        }
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    /** A piece of a chunk (a sentence, a line, or part of either), and whether it began a line of the text. */
    private record Piece(String text, boolean lineStart) {
    }

    public List<Chunk> chunk(List<DocumentParser.Section> sections) {
        List<Chunk> chunks = new ArrayList<>();
        for (DocumentParser.Section section : sections) {
            for (String text : chunkText(section.text(), section.lineBreaks())) {
                chunks.add(new Chunk(chunks.size(), section.page(), section.title(), text));
            }
        }
        return chunks;
    }

    /** A chunk's text as everything that scores reads it: its line breaks as spaces (the same length). */
    public static String flat(String text) {
        return text.indexOf('\n') < 0 ? text : text.replace('\n', ' ');
    }

    List<String> chunkText(String text) {
        return chunkText(text, false);
    }

    /**
     * The chunks of a section's text; with {@code lineBreaks}, a piece that began a line of the text begins a line of
     * its chunk (its first piece excepted), otherwise pieces are joined by a space. {@link #flat} of the former is
     * the latter.
     */
    List<String> chunkText(String text, boolean lineBreaks) {
        List<Piece> pieces = new ArrayList<>();
        Matcher ends = SENTENCE_END.matcher(text);
        int from = 0;
        boolean lineStart = true;
        while (from <= text.length()) {
            boolean found = ends.find();
            int to = found ? ends.start() : text.length();
            String trimmed = text.substring(from, to).strip();
            if (!trimmed.isEmpty()) {
                if (tokens(trimmed) <= maxTokens - overlapTokens) {
                    pieces.add(new Piece(trimmed, lineStart));
                } else {
                    List<String> parts = splitWords(trimmed);
                    for (int i = 0; i < parts.size(); i++) {
                        pieces.add(new Piece(parts.get(i), lineStart && i == 0));
                    }
                }
                lineStart = false;
            }
            if (!found) {
                break;
            }
            lineStart |= ends.group().indexOf('\n') >= 0;
            from = ends.end();
        }
        List<String> chunks = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int size = 0;
        boolean fresh = false;
        for (Piece piece : pieces) {
            int pieceTokens = tokens(piece.text()) + 1;
            if (size + pieceTokens > maxTokens && fresh) {
                chunks.add(joined(current, lineBreaks));
                // keep the tail of this chunk as the start of the next one
                List<Piece> tail = new ArrayList<>();
                List<Integer> tailSizes = new ArrayList<>();
                int tailSize = 0;
                for (int i = current.size() - 1; i >= 0; i--) {
                    if (tailSize + sizes.get(i) > overlapTokens) {
                        break;
                    }
                    tail.add(0, current.get(i));
                    tailSizes.add(0, sizes.get(i));
                    tailSize += sizes.get(i);
                }
                current = tail;
                sizes = tailSizes;
                size = tailSize;
                fresh = false;
            }
            current.add(piece);
            sizes.add(pieceTokens);
            size += pieceTokens;
            fresh = true;
        }
        if (fresh) {
            chunks.add(joined(current, lineBreaks));
        }
        return chunks;
    }

    private static String joined(List<Piece> pieces, boolean lineBreaks) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            if (!out.isEmpty()) {
                out.append(lineBreaks && piece.lineStart() ? '\n' : ' ');
            }
            out.append(piece.text());
        }
        return out.toString();
    }

    private List<String> splitWords(String sentence) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int size = 0;
        int limit = maxTokens - overlapTokens;
        for (String word : WORDS.split(sentence)) {
            int wordTokens = tokens(word) + 1;
            if (size + wordTokens > limit && !part.isEmpty()) {
                parts.add(part.toString());
                part.setLength(0);
                size = 0;
            }
            if (wordTokens > limit) {
                // a "word" longer than a chunk (a hash, a data URL): cut it by characters
                for (int start = 0; start < word.length(); start += limit) {
                    parts.add(word.substring(start, Math.min(word.length(), start + limit)));
                }
                continue;
            }
            if (!part.isEmpty()) {
                part.append(' ');
            }
            part.append(word);
            size += wordTokens;
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    static int tokens(String text) {
        return TOKENS.countTokensOrdinary(text);
    }
}
