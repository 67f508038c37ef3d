package io.assistantcore.ai.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@link RewriteRule} tables and repairs the text afterwards. Only the places a rule touched change: spacing
 * around a deletion is reduced to one space (none before punctuation or at a line edge), an {@code a}/{@code an} right
 * before a deletion is chosen again for the word that now follows it, and a word that now starts a sentence gets a
 * capital. A replacement that starts a sentence, or replaces a capitalised word, is capitalised.
 */
final class TextRewriter {

    /** Replacement meaning "remove the match"; a private-use character that never survives {@link #tidy(String)}. */
    static final String DELETED = "\uE000";
    private static final char DELETED_CHAR = '\uE000';

    private static final Pattern VERBATIM = Pattern.compile(
            "https?://\\S+|www\\.\\S+|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+|`[^`\\n]*`|\\w+(?:[_/]\\w+)+");
    private static final char PLACEHOLDER = '\uE001';
    private static final char PLACEHOLDER_BASE = '\uE100';
    private static final Pattern MARKER_RUN = Pattern.compile("[ \\t]*\uE000[ \\t\uE000]*");
    private static final Pattern ARTICLE_BEFORE_DELETION = Pattern.compile(
            "(?<![\\p{L}\\p{N}_'’])(an?)([ \\t]*\uE000[ \\t\uE000]*)(?=([\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*))",
            Pattern.CASE_INSENSITIVE);
    private static final String SENTENCE_END = ".!?";
    private static final String OPENERS = "([{\"“‘'";
    private static final String PUNCTUATION_AFTER = ",.;:!?)]}\"”’";

    private TextRewriter() {
    }

    /**
     * Applies the rules in order, each over the whole text and followed by {@link #tidy(String)}, so that every rule
     * sees the text its predecessors left (a phrase is still found after a filler inside it went). URLs, e-mail
     * addresses, {@code `code`} spans and identifiers with {@code _} or {@code /} are set aside first and put back
     * unchanged.
     */
    static String rewrite(String text, List<RewriteRule> rules) {
        List<String> kept = new ArrayList<>();
        Matcher verbatim = VERBATIM.matcher(text);
        StringBuilder shielded = new StringBuilder(text.length());
        int last = 0;
        boolean shield = text.indexOf(PLACEHOLDER) < 0;
        while (shield && verbatim.find() && kept.size() < 3000) {
            shielded.append(text, last, verbatim.start())
                    .append(PLACEHOLDER)
                    .append((char) (PLACEHOLDER_BASE + kept.size()));
            kept.add(verbatim.group());
            last = verbatim.end();
        }
        shielded.append(text, last, text.length());
        String current = shielded.toString();
        for (RewriteRule rule : rules) {
            current = tidy(apply(current, rule));
        }
        if (kept.isEmpty()) {
            return current;
        }
        StringBuilder restored = new StringBuilder(current.length() + text.length());
        for (int i = 0; i < current.length(); i++) {
            char c = current.charAt(i);
            int index = c == PLACEHOLDER && i + 1 < current.length() ? current.charAt(i + 1) - PLACEHOLDER_BASE : -1;
            if (index >= 0 && index < kept.size()) {
                restored.append(kept.get(index));
                i++;
            } else {
                restored.append(c);
            }
        }
        return restored.toString();
    }

    /** Applies one rule (without tidying). */
    static String apply(String text, RewriteRule rule) {
        Matcher matcher = rule.pattern().matcher(text);
        if (!matcher.find()) {
            return text;
        }
        boolean typographic = prefersTypographicApostrophe(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        do {
            MatchResult match = matcher.toMatchResult();
            String replacement = rule.replacement().apply(match);
            if (replacement == null) {
                continue;
            }
            if (typographic) {
                replacement = replacement.replace('\'', '’');
            }
            out.append(text, last, match.start());
            out.append(adjustCase(text, match.start(), match.group(), replacement));
            last = match.end();
        } while (matcher.find());
        out.append(text, last, text.length());
        return out.toString();
    }

    private static String adjustCase(String text, int start, String matched, String replacement) {
        if (replacement.isEmpty() || replacement.startsWith(DELETED)) {
            return replacement;
        }
        if (atSentenceStart(text, start)) {
            return capitalize(replacement);
        }
        int firstLetter = firstLetterIndex(matched);
        if (firstLetter >= 0 && Character.isUpperCase(matched.charAt(firstLetter)) && !isShouted(matched)
                && !startsWithPronounI(matched, firstLetter)) {
            return capitalize(replacement);
        }
        return replacement;
    }

    /** "I" is always written with a capital, so it says nothing about the case of what replaces it. */
    private static boolean startsWithPronounI(String matched, int firstLetter) {
        return matched.charAt(firstLetter) == 'I'
                && (firstLetter + 1 == matched.length() || !Character.isLetter(matched.charAt(firstLetter + 1)));
    }

    /** True when an all-capitals word of two or more letters ("ASAP", "FYI"): its capitals say nothing about case. */
    private static boolean isShouted(String matched) {
        int letters = 0;
        for (int i = 0; i < matched.length(); i++) {
            char c = matched.charAt(i);
            if (Character.isLetter(c)) {
                if (Character.isLowerCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters > 1;
    }

    /** Removes deletion markers and repairs spacing, articles and capitals around them. */
    static String tidy(String text) {
        if (text.indexOf(DELETED_CHAR) < 0) {
            return text;
        }
        String withArticles = repairArticles(text);
        Matcher run = MARKER_RUN.matcher(withArticles);
        StringBuilder out = new StringBuilder(withArticles.length());
        int last = 0;
        boolean capitalizeNext = false;
        int n = withArticles.length();
        while (run.find()) {
            appendSegment(out, withArticles.substring(last, run.start()), capitalizeNext);
            capitalizeNext = false;
            int after = run.end();
            char prev = out.length() == 0 ? '\n' : out.charAt(out.length() - 1);
            char next = after < n ? withArticles.charAt(after) : '\n';
            if (atSentenceStart(out, out.length())) {
                while (after < n && (withArticles.charAt(after) == ',' || withArticles.charAt(after) == ' ')) {
                    after++;
                }
                next = after < n ? withArticles.charAt(after) : '\n';
                if (out.length() > 0 && !Character.isWhitespace(prev) && OPENERS.indexOf(prev) < 0 && next != '\n') {
                    out.append(' ');
                }
                capitalizeNext = true;
            } else if (Character.isWhitespace(prev) || OPENERS.indexOf(prev) >= 0 || next == '\n' || next == '\r') {
                // nothing to add: the deletion sits at a line edge or right after an opening bracket
            } else if (PUNCTUATION_AFTER.indexOf(next) >= 0) {
                if (prev == ',' && ",.;:!?".indexOf(next) >= 0) {
                    out.setLength(out.length() - 1);
                }
            } else {
                out.append(' ');
            }
            last = after;
        }
        appendSegment(out, withArticles.substring(last), capitalizeNext);
        return out.toString();
    }

    private static void appendSegment(StringBuilder out, String segment, boolean capitalize) {
        if (capitalize && !segment.isEmpty() && Character.isLowerCase(segment.charAt(0))) {
            int end = 0;
            while (end < segment.length() && Character.isLetter(segment.charAt(end))) {
                end++;
            }
            String word = segment.substring(0, end);
            if (word.equals(word.toLowerCase(Locale.ROOT))) {
                out.append(Character.toUpperCase(segment.charAt(0))).append(segment, 1, segment.length());
                return;
            }
        }
        out.append(segment);
    }

    private static String repairArticles(String text) {
        Matcher m = ARTICLE_BEFORE_DELETION.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            String article = m.group(1);
            String chosen = indefiniteArticle(m.group(3));
            out.append(text, last, m.start());
            if (chosen == null) {
                out.append(article);
            } else if (Character.isUpperCase(article.charAt(0))) {
                out.append(capitalize(chosen));
            } else {
                out.append(chosen);
            }
            out.append(m.group(2));
            last = m.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    /**
     * "a" or "an" for the word, by its first sound (a spelling heuristic with the common exceptions: an hour, an
     * honest, a university, a user, a one-off, a European; acronyms by letter name: an FAQ, a URL); null when unsure.
     */
    static String indefiniteArticle(String word) {
        if (word.isEmpty()) {
            return null;
        }
        char first = word.charAt(0);
        if (Character.isDigit(first)) {
            return first == '8' ? "an" : (first == '1' && (word.startsWith("11") || word.startsWith("18"))
                    && (word.length() == 2 || !Character.isDigit(word.charAt(2)))) ? "an" : "a";
        }
        if (word.length() > 1 && word.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))) {
            return "AEFHILMNORSX".indexOf(first) >= 0 ? "an" : "a";
        }
        String w = word.toLowerCase(Locale.ROOT);
        for (String silent : List.of("hour", "honest", "honor", "honour", "heir")) {
            if (w.startsWith(silent)) {
                return "an";
            }
        }
        for (String consonantSound : List.of("uni", "use", "usu", "usa", "uti", "ure", "uri", "ura", "uro", "eu",
                "ewe", "one", "once", "ubiq", "ufo", "uku", "ute")) {
            if (w.startsWith(consonantSound)) {
                boolean negatedUni = consonantSound.equals("uni") && w.length() > 3
                        && (w.charAt(3) == 'n' || w.charAt(3) == 'm');
                return negatedUni ? "an" : "a";
            }
        }
        return "aeiou".indexOf(w.charAt(0)) >= 0 ? "an" : "a";
    }

    /**
     * True when position {@code pos} begins a sentence: only whitespace, opening quotes or brackets (and deletion
     * markers) separate it from the start of the text, a line break or a sentence-final {@code . ! ?}.
     */
    static boolean atSentenceStart(CharSequence text, int pos) {
        int i = pos - 1;
        while (i >= 0) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (Character.isWhitespace(c) || c == DELETED_CHAR || OPENERS.indexOf(c) >= 0) {
                i--;
                continue;
            }
            return SENTENCE_END.indexOf(c) >= 0;
        }
        return true;
    }

    static String capitalize(String s) {
        int i = firstLetterIndex(s);
        if (i < 0 || Character.isUpperCase(s.charAt(i))) {
            return s;
        }
        return s.substring(0, i) + Character.toUpperCase(s.charAt(i)) + s.substring(i + 1);
    }

    private static int firstLetterIndex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** True when the text writes apostrophes typographically (’) more often than straight ('). */
    static boolean prefersTypographicApostrophe(String text) {
        int straight = 0;
        int curly = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                straight++;
            } else if (c == '’') {
                curly++;
            }
        }
        return curly > straight;
    }

    /** Number of whitespace-separated words. */
    static int wordCount(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
