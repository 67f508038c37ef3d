package io.assistantcore.ai.offline;

import org.languagetool.rules.RuleMatch;
import org.languagetool.rules.spelling.SpellingCheckRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Grammar and spelling correction with LanguageTool (American English) and the engine's own pattern rules
 * ({@link LanguageToolPool#RULES}). The text is cut into LanguageTool's sentences and each is corrected on its own,
 * <b>one edit at a time</b>: every candidate edit (the first few suggestions of every rule match) is tried and the
 * sentence re-checked; the edit that leaves the fewest matches wins (ties: the one that keeps the original's case,
 * then its first letter, then the leftmost match, then the earlier suggestion), and the sentence is checked again.
 * So two overlapping or conflicting matches are never applied together ("you're message" is not also made
 * "messaged"). An edit must lower the number of matches (a few per sentence may keep it equal, see
 * {@link #MAX_SIDEWAYS}); the loop stops when none does, when a text seen before comes back, or after
 * {@link #MAX_EDITS} edits.
 */
final class GrammarCorrector {

    static final int MAX_EDITS = 12;
    /** Suggestions tried per rule match. */
    static final int SUGGESTIONS_TRIED = 3;
    /** Rule matches whose suggestions are tried per edit (the leftmost). */
    static final int MATCHES_TRIED = 8;
    /**
     * Edits allowed per sentence that fix one match but uncover another, leaving as many as before ("She dont" →
     * "She don't", which LanguageTool then corrects to "She doesn't").
     */
    static final int MAX_SIDEWAYS = 2;

    /**
     * Rules whose suggestions are applied never. Typographic preferences, not corrections (curly quotes, dashes,
     * arrows, multiplication and plus-minus signs, accents on loanwords: "cafe" is standard American spelling);
     * optional commas between two main clauses (a matter of style); the suggestion to vary sentence openings (it
     * inserts "Furthermore,"); and the weekday/date checks, which depend on today's date and would make the output
     * change with the clock ("Monday, 4 March" is right in one year and "corrected" in another).
     */
    static final Set<String> SKIPPED_RULES = Set.of(
            "EN_QUOTES",
            "DASH_RULE",
            "EN_DASH_RULE",
            "ARROWS",
            "MULTIPLICATION_SIGN",
            "PLUS_MINUS",
            "EN_DIACRITICS_REPLACE",
            "EN_UNPAIRED_QUOTES",
            "EN_UNPAIRED_BRACKETS",
            "COMMA_COMPOUND_SENTENCE",
            "COMMA_COMPOUND_SENTENCE_2",
            "COMMA_COMPOUND_SENTENCE_3",
            "COMMA_COMPOUND_SENTENCE_4",
            "ENGLISH_WORD_REPEAT_BEGINNING_RULE",
            "EN_DATE_WEEKDAY",
            "EN_DATE_WEEKDAY_CURRENTYEAR");

    private static final Pattern LOWERCASE_WORD = Pattern.compile("\\p{Ll}+");
    private static final Pattern LOWERCASE_SUGGESTION = Pattern.compile("[\\p{Ll}' -]+");
    private static final Pattern TITLE_CASE_WORD = Pattern.compile("\\p{Lu}\\p{Ll}+");
    private static final Pattern BULLET_LINE = Pattern.compile("^\\s*(?:[-*•>]|\\d+[.)])\\s");

    private final LanguageToolPool pool;

    GrammarCorrector(LanguageToolPool pool) {
        this.pool = pool;
    }

    String correct(String text) {
        List<String> sentences = pool.withInstance(tool -> tool.sentenceTokenize(text));
        if (!String.join("", sentences).equals(text)) {
            sentences = List.of(text);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (String sentence : sentences) {
            out.append(sentence.isBlank() ? sentence : correctSentence(sentence));
        }
        return addClosingFullStop(out.toString());
    }

    private String correctSentence(String sentence) {
        String current = sentence;
        Set<String> seen = new HashSet<>();
        seen.add(current);
        List<RuleMatch> matches = relevant(check(current));
        int sideways = 0;
        for (int edit = 0; edit < MAX_EDITS && !matches.isEmpty(); edit++) {
            Candidate best = null;
            int order = 0;
            for (RuleMatch match : matches.subList(0, Math.min(MATCHES_TRIED, matches.size()))) {
                String original = current.substring(match.getFromPos(), match.getToPos());
                for (String replacement : candidates(original, match)) {
                    String text = current.substring(0, match.getFromPos()) + replacement
                            + current.substring(match.getToPos());
                    if (seen.contains(text)) {
                        continue;
                    }
                    List<RuleMatch> after = relevant(check(text));
                    Candidate candidate = new Candidate(text, after, original, replacement,
                            match.getFromPos(), order++);
                    if (best == null || candidate.compareTo(best) < 0) {
                        best = candidate;
                    }
                }
            }
            if (best == null || best.remaining().size() > matches.size()
                    || best.remaining().size() == matches.size() && sideways++ >= MAX_SIDEWAYS) {
                break;
            }
            current = best.text();
            seen.add(current);
            matches = best.remaining();
        }
        return current;
    }

    /** One tried edit: the text it gives and the matches left in it. Smaller is better. */
    private record Candidate(String text, List<RuleMatch> remaining, String original, String replacement, int from,
                             int order)
            implements Comparable<Candidate> {

        @Override
        public int compareTo(Candidate other) {
            int c = Integer.compare(remaining.size(), other.remaining.size());
            if (c == 0) {
                c = Boolean.compare(!keepsCase(), !other.keepsCase());
            }
            if (c == 0) {
                c = Boolean.compare(!sameFirst(), !other.sameFirst());
            }
            if (c == 0) {
                c = Integer.compare(from, other.from);
            }
            return c != 0 ? c : Integer.compare(order, other.order);
        }

        /** The replacement starts with a letter of the same case as the original (or either has no letter). */
        private boolean keepsCase() {
            if (original.isEmpty() || replacement.isEmpty()) {
                return true;
            }
            return Character.isUpperCase(original.charAt(0)) == Character.isUpperCase(replacement.charAt(0))
                    || original.equalsIgnoreCase(replacement);
        }

        private boolean sameFirst() {
            return original.isEmpty() || replacement.isEmpty() || sameFirstLetter(original, replacement);
        }
    }

    List<RuleMatch> check(String text) {
        return pool.withInstance(tool -> {
            try {
                return tool.check(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The matches worth acting on, by position: skipped rules and matches without a suggestion are left out. */
    private static List<RuleMatch> relevant(List<RuleMatch> matches) {
        List<RuleMatch> out = new ArrayList<>();
        for (RuleMatch match : matches) {
            if (!SKIPPED_RULES.contains(match.getRule().getId()) && !match.getSuggestedReplacements().isEmpty()) {
                out.add(match);
            }
        }
        out.sort(Comparator.comparingInt(RuleMatch::getFromPos).thenComparingInt(RuleMatch::getToPos));
        return out;
    }

    /**
     * The suggestions worth trying for a match: the first {@link #SUGGESTIONS_TRIED} that differ from the original.
     * Of a spelling match (the Morfologik rule) only the first suggestion is tried (later ones are guesses: "npm"
     * would become "pm"), only for an all-lowercase word, and only when it is
     * lowercase too and within a small edit distance (1 for words of up to four letters, else 2), or when it is the
     * same word capitalised ("wednesday" → "Wednesday", "berlin" → "Berlin"): this leaves product names, code and
     * unknown terms alone ("kubectl" is not turned into "subject"). A lowercase suggestion for a capitalised original
     * is tried capitalised.
     */
    static List<String> candidates(String original, RuleMatch match) {
        List<String> out = new ArrayList<>();
        List<String> suggestions = match.getSuggestedReplacements();
        boolean spelling = match.getRule() instanceof SpellingCheckRule;
        if (spelling && !LOWERCASE_WORD.matcher(original).matches()) {
            return out;
        }
        int tried = spelling ? 1 : SUGGESTIONS_TRIED;
        for (String suggestion : suggestions.subList(0, Math.min(tried, suggestions.size()))) {
            if (suggestion.equals(original)) {
                continue;
            }
            if (spelling) {
                boolean caseOnly = suggestion.equalsIgnoreCase(original) && TITLE_CASE_WORD.matcher(suggestion).matches();
                boolean close = LOWERCASE_SUGGESTION.matcher(suggestion).matches()
                        && editDistance(original, suggestion) <= (original.length() <= 4 ? 1 : 2);
                if (!caseOnly && !close) {
                    continue;
                }
            } else if (!original.isEmpty() && !suggestion.isEmpty() && Character.isUpperCase(original.charAt(0))
                    && Character.isLowerCase(suggestion.charAt(0)) && !original.equals(original.toUpperCase(Locale.ROOT))) {
                suggestion = Character.toUpperCase(suggestion.charAt(0)) + suggestion.substring(1);
            }
            if (!out.contains(suggestion)) {
                out.add(suggestion);
            }
        }
        return out;
    }

    private static boolean sameFirstLetter(String a, String b) {
        return Character.toLowerCase(a.charAt(0)) == Character.toLowerCase(b.charAt(0));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * Ends the text with a full stop when its last line is a sentence of three or more words that ends in a letter or
     * digit (not a bullet item, not a URL).
     */
    static String addClosingFullStop(String text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end == 0 || !Character.isLetterOrDigit(text.charAt(end - 1))) {
            return text;
        }
        int lineStart = text.lastIndexOf('\n', end - 1) + 1;
        String lastLine = text.substring(lineStart, end);
        String[] words = lastLine.strip().split("\\s+");
        String lastWord = words[words.length - 1].toLowerCase(Locale.ROOT);
        if (words.length < 3 || BULLET_LINE.matcher(lastLine).find() || lastWord.contains("://")
                || lastWord.contains("@")) {
            return text;
        }
        return text.substring(0, end) + "." + text.substring(end);
    }

}
