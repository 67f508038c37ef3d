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
 * Grammar and spelling correction with LanguageTool (American English): each pass checks the text and applies the
 * chosen suggestion of every rule match that does not overlap an earlier one, right to left so that offsets stay
 * valid; passes repeat until the text no longer changes, a text seen before comes back, or {@link #MAX_PASSES} is
 * reached.
 */
final class GrammarCorrector {

    static final int MAX_PASSES = 5;

    /**
     * Rules whose suggestions are applied never. They are typographic preferences, not corrections, and would
     * rewrite characters the writer chose: curly quotes, dashes, arrows, multiplication and plus-minus signs, and
     * accents on loanwords ("cafe" is standard American spelling). None of them fire on the examples in the tests;
     * they are listed so that a future LanguageTool version enabling them by default cannot make the output noisy.
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
            "EN_UNPAIRED_BRACKETS");

    private static final Pattern LOWERCASE_WORD = Pattern.compile("\\p{Ll}+");
    private static final Pattern LOWERCASE_SUGGESTION = Pattern.compile("[\\p{Ll}' -]+");
    private static final Pattern BULLET_LINE = Pattern.compile("^\\s*(?:[-*•>]|\\d+[.)])\\s");

    private final LanguageToolPool pool;

    GrammarCorrector(LanguageToolPool pool) {
        this.pool = pool;
    }

    String correct(String text) {
        String current = text;
        Set<String> seen = new HashSet<>();
        seen.add(current);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            String next = applyMatches(current, check(current));
            if (next.equals(current) || !seen.add(next)) {
                break;
            }
            current = next;
        }
        return addClosingFullStop(current);
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

    static String applyMatches(String text, List<RuleMatch> matches) {
        List<Edit> edits = new ArrayList<>();
        List<RuleMatch> sorted = new ArrayList<>(matches);
        sorted.sort(Comparator.comparingInt(RuleMatch::getFromPos).thenComparingInt(RuleMatch::getToPos));
        int end = -1;
        for (RuleMatch match : sorted) {
            if (match.getFromPos() < end || SKIPPED_RULES.contains(match.getRule().getId())) {
                continue;
            }
            String replacement = chooseReplacement(text, match);
            if (replacement == null) {
                continue;
            }
            edits.add(new Edit(match.getFromPos(), match.getToPos(), replacement));
            end = match.getToPos();
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = edits.size() - 1; i >= 0; i--) {
            Edit edit = edits.get(i);
            out.replace(edit.from(), edit.to(), edit.replacement());
        }
        return out.toString();
    }

    /**
     * The first suggestion, with two refinements. A spelling suggestion is taken only for an all-lowercase word, when
     * it is lowercase too and within a small edit distance (1 for words of up to four letters, else 2): this leaves
     * product names, code and unknown terms alone ("kubectl" is not turned into "subject"). For agreement rules (id
     * containing {@code AGREEMENT} or {@code _AGR}) a later suggestion among the first three that keeps the word's
     * first letter is preferred, which keeps the tense ("we was" becomes "we were", not "we are").
     */
    static String chooseReplacement(String text, RuleMatch match) {
        List<String> suggestions = match.getSuggestedReplacements();
        if (suggestions.isEmpty()) {
            return null;
        }
        String original = text.substring(match.getFromPos(), match.getToPos());
        String first = suggestions.get(0);
        if (match.getRule() instanceof SpellingCheckRule) {
            if (!LOWERCASE_WORD.matcher(original).matches() || !LOWERCASE_SUGGESTION.matcher(first).matches()) {
                return null;
            }
            int limit = original.length() <= 4 ? 1 : 2;
            return editDistance(original, first) <= limit ? first : null;
        }
        if (first.equals(original)) {
            return null;
        }
        String ruleId = match.getRule().getId();
        boolean agreement = ruleId.contains("AGREEMENT") || ruleId.contains("_AGR");
        if (agreement && !original.isEmpty() && !first.isEmpty() && !sameFirstLetter(original, first)) {
            for (int i = 1; i < Math.min(3, suggestions.size()); i++) {
                String candidate = suggestions.get(i);
                if (!candidate.isEmpty() && sameFirstLetter(original, candidate) && !candidate.equals(original)) {
                    return candidate;
                }
            }
        }
        return first;
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

    private record Edit(int from, int to, String replacement) {
    }
}
