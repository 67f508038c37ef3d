package io.assistantcore.ai.chat.guardrails;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a reply reveals the system prompt, by word overlap on normalised text (NFKC, lower case, diacritics and
 * punctuation removed):
 * <ul>
 *     <li>verbatim: any run of {@code runWords} consecutive words of the prompt occurs in the reply (a prompt shorter
 *     than that counts when all of it occurs, if it has at least {@value #MIN_PROMPT_WORDS} words);</li>
 *     <li>lightly reworded: in some stretch of the prompt of {@value #WINDOW_SHINGLES} three-word shingles (the whole
 *     prompt if shorter), at least {@code shingleShare} of the shingles occur in the reply. Shingles of stop words
 *     only ("and it is") count for nothing, so ordinary phrasing does not add up.</li>
 * </ul>
 * Pass the instructions part of the system prompt, not the memory block or retrieved sources, which a reply may
 * legitimately repeat.
 */
public final class SystemPromptLeakCheck implements OutputCheck {

    public static final int DEFAULT_RUN_WORDS = 8;
    public static final double DEFAULT_SHINGLE_SHARE = 0.5;
    static final int MIN_PROMPT_WORDS = 5;
    static final int SHINGLE_WORDS = 3;
    static final int WINDOW_SHINGLES = 24;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
            "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "you", "your",
            "i", "me", "my", "we", "our", "they", "their", "he", "she", "not", "no", "do", "does", "if", "so", "can",
            "will", "would", "should", "have", "has", "s", "t", "there", "here", "what", "when", "which", "who",
            "how", "all", "any", "about", "into", "than", "then", "also", "just", "only", "very");

    private final int runWords;
    private final double shingleShare;

    public SystemPromptLeakCheck() {
        this(DEFAULT_RUN_WORDS, DEFAULT_SHINGLE_SHARE);
    }

    /**
     * @param runWords     consecutive words of the prompt that, found in a reply, are a leak (at least 4)
     * @param shingleShare share (0..1] of a stretch's shingles that, found in a reply, is a leak
     */
    public SystemPromptLeakCheck(int runWords, double shingleShare) {
        if (runWords < 4) {
            throw new IllegalArgumentException("runWords must be at least 4");
        }
        if (!(shingleShare > 0 && shingleShare <= 1)) {
            throw new IllegalArgumentException("shingleShare must be in (0, 1]");
        }
        this.runWords = runWords;
        this.shingleShare = shingleShare;
    }

    @Override
    public boolean revealsSystemPrompt(String reply, String systemPrompt) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        List<String> prompt = words(systemPrompt);
        List<String> answer = words(reply);
        if (prompt.size() < MIN_PROMPT_WORDS || answer.isEmpty()) {
            return false;
        }
        return sharesRun(prompt, answer) || sharesManyShingles(prompt, answer);
    }

    private boolean sharesRun(List<String> prompt, List<String> answer) {
        int run = Math.min(runWords, prompt.size());
        Set<String> promptRuns = grams(prompt, run);
        for (String gram : grams(answer, run)) {
            if (promptRuns.contains(gram)) {
                return true;
            }
        }
        return false;
    }

    private boolean sharesManyShingles(List<String> prompt, List<String> answer) {
        List<String> promptShingles = new ArrayList<>();
        for (int i = 0; i + SHINGLE_WORDS <= prompt.size(); i++) {
            List<String> words = prompt.subList(i, i + SHINGLE_WORDS);
            // stop-word-only shingles are kept as gaps (null) so that windows still cover the same stretch
            promptShingles.add(words.stream().allMatch(STOP_WORDS::contains) ? null : String.join(" ", words));
        }
        Set<String> answerShingles = grams(answer, SHINGLE_WORDS);
        int window = Math.min(WINDOW_SHINGLES, promptShingles.size());
        for (int start = 0; start + window <= promptShingles.size(); start++) {
            int counted = 0;
            int found = 0;
            for (String shingle : promptShingles.subList(start, start + window)) {
                if (shingle != null) {
                    counted++;
                    if (answerShingles.contains(shingle)) {
                        found++;
                    }
                }
            }
            if (counted >= SHINGLE_WORDS && found >= shingleShare * counted) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> grams(List<String> words, int size) {
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + size <= words.size(); i++) {
            grams.add(String.join(" ", words.subList(i, i + size)));
        }
        return grams;
    }

    static List<String> words(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(Normalizer.normalize(text, Normalizer.Form.NFKC),
                Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(folded);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
