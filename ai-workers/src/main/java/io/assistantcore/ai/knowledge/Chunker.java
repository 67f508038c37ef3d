package io.assistantcore.ai.knowledge;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a document's sections into chunks of at most {@code maxTokens} tokens (cl100k_base, jtokkit), whole sentences
 * where it can (a sentence longer than a chunk is cut between words), each chunk beginning with the last
 * {@code overlapTokens} tokens' worth of sentences of the one before, so that a fact on a boundary is whole in one
 * of them. A chunk never spans two pages or two sections, so its page and section title are exact.
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

    public List<Chunk> chunk(List<DocumentParser.Section> sections) {
        List<Chunk> chunks = new ArrayList<>();
        for (DocumentParser.Section section : sections) {
            for (String text : chunkText(section.text())) {
                chunks.add(new Chunk(chunks.size(), section.page(), section.title(), text));
            }
        }
        return chunks;
    }

    List<String> chunkText(String text) {
        List<String> pieces = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text)) {
            String trimmed = sentence.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (tokens(trimmed) <= maxTokens - overlapTokens) {
                pieces.add(trimmed);
            } else {
                pieces.addAll(splitWords(trimmed));
            }
        }
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int size = 0;
        boolean fresh = false;
        for (String piece : pieces) {
            int pieceTokens = tokens(piece) + 1;
            if (size + pieceTokens > maxTokens && fresh) {
                chunks.add(String.join(" ", current));
                // keep the tail of this chunk as the start of the next one
                List<String> tail = new ArrayList<>();
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
            chunks.add(String.join(" ", current));
        }
        return chunks;
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
