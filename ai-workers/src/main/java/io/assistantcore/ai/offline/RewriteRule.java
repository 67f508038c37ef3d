package io.assistantcore.ai.offline;

import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * One deterministic rewrite: every match of {@link #pattern} is replaced by what {@link #replacement} returns for it
 * ({@code null} leaves that match unchanged). Patterns are case-insensitive; a straight apostrophe in a phrase also
 * matches the typographic one. A replacement of {@link TextRewriter#DELETED} removes the match (spacing, a preceding
 * article and sentence capitals are repaired afterwards by {@link TextRewriter#tidy(String)}).
 *
 * @param name        short description used in documentation and debugging
 * @param pattern     what to find
 * @param replacement what to put instead
 */
record RewriteRule(String name, Pattern pattern, Function<MatchResult, String> replacement) {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** Replaces the phrase (a regular expression bounded by word edges) with fixed text. */
    static RewriteRule replace(String phrase, String replacement) {
        return new RewriteRule(phrase + " -> " + replacement, bounded(phrase), m -> replacement);
    }

    /** Replaces matches of a raw regular expression (no added word edges) using the given function. */
    static RewriteRule regex(String name, String regex, Function<MatchResult, String> replacement) {
        return new RewriteRule(name, Pattern.compile(apostrophes(regex), FLAGS), replacement);
    }

    /**
     * Deletes the phrase together with a comma right after it; when the phrase sits between two commas ("we could,
     * maybe, try") both commas go.
     */
    static RewriteRule delete(String phrase) {
        String p = "(?:" + apostrophes(phrase) + ")";
        String regex = ",\\s*" + EDGE_BEFORE + p + EDGE_AFTER + "\\s*,|" + EDGE_BEFORE + p + EDGE_AFTER + ",?";
        return new RewriteRule("delete " + phrase, Pattern.compile(regex, FLAGS),
                m -> TextRewriter.DELETED);
    }

    /** Replaces the phrase (a regular expression bounded by word edges) with what the function returns. */
    static RewriteRule phrase(String phrase, Function<MatchResult, String> replacement) {
        return new RewriteRule(phrase, bounded(phrase), replacement);
    }

    /**
     * Deletes the phrase (with a comma right after it) only where it opens a sentence: at the start of the text or a
     * line, or after {@code . ! ?} (optionally followed by a closing quote or bracket) and whitespace.
     */
    static RewriteRule deleteAtSentenceStart(String phrase) {
        String regex = SENTENCE_START + "(?:" + apostrophes(phrase) + ")" + EDGE_AFTER + ",?";
        return new RewriteRule("delete at sentence start " + phrase, Pattern.compile(regex, FLAGS),
                m -> TextRewriter.DELETED);
    }

    /** Replaces the phrase only where it opens a sentence (see {@link #deleteAtSentenceStart(String)}). */
    static RewriteRule replaceAtSentenceStart(String phrase, String replacement) {
        String regex = SENTENCE_START + "(?:" + apostrophes(phrase) + ")" + EDGE_AFTER;
        return new RewriteRule(phrase + " -> " + replacement + " at sentence start", Pattern.compile(regex, FLAGS),
                m -> replacement);
    }

    static final String SENTENCE_START =
            "(?:(?<=\\A[ \\t]{0,8})|(?<=\\n[ \\t]{0,8})|(?<=[.!?][\"”’)]?[ \\t\\n]{1,4}))";
    static final String EDGE_BEFORE = "(?<![\\p{L}\\p{N}_'’-])";
    static final String EDGE_AFTER = "(?![\\p{L}\\p{N}_'’-])";

    static Pattern bounded(String phrase) {
        return Pattern.compile(EDGE_BEFORE + "(?:" + apostrophes(phrase) + ")" + EDGE_AFTER, FLAGS);
    }

    /** Lets a straight apostrophe in a phrase match the typographic one too (not for use inside character classes). */
    static String apostrophes(String regex) {
        return regex.replace("'", "['’]");
    }
}
