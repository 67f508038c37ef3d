package io.assistantcore.ai.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Chooses sentences for summaries, shortened texts, bullet lists and one-sentence versions by <b>salience</b>, not
 * centrality alone. A sentence's score is its centrality (mean cosine similarity of its embedding to the others) plus
 * cues: figures, money and percentages, weekdays and months, names, decision and request words score up; greetings,
 * sign-offs, signature lines and headers are set apart (chosen only if room is left); pleasantries ("I hope you had a
 * good weekend", "Thanks for your patience") and background openers ("As you know") score down. Sentences are then
 * taken by maximal marginal relevance, so that a sentence saying again what a chosen one says is passed over. A
 * sentence opening with a pronoun that points back ("This", "They", "That", …) is taken together with the sentence
 * before it, or not at all.
 */
final class SalienceSelector {

    /** Weight of salience against redundancy in maximal marginal relevance. */
    static final double MMR_LAMBDA = 0.8;
    /** Weight of centrality against the cues. */
    static final double CENTRALITY_WEIGHT = 1.5;

    enum Kind { CONTENT, GREETING, SIGN_OFF, HEADER }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern GREETING = Pattern.compile(
            "^(?:hi|hey|hello|dear|good (?:morning|afternoon|evening|day)|greetings|hiya)\\b[^.!?]{0,40}[,!:.]?$"
                    + "|^(?:team|all|everyone|folks|colleagues)[,:]$", FLAGS);
    private static final Pattern SIGN_OFF = Pattern.compile(
            "^(?:(?:kind|best|warm|warmest|many)\\s+(?:regards|wishes|thanks)|regards|best|cheers|thanks(?: again)?"
                    + "|thank you|sincerely|yours(?: sincerely| faithfully| truly)?|talk soon|all the best"
                    + "|thanks for your (?:understanding|help|time|cooperation)|speak soon|take care)[,.!]?$", FLAGS);
    /** "Best, Ana" or "Kind regards, Maria Lopez." closing a one-line message. */
    private static final Pattern SIGN_OFF_WITH_NAME = Pattern.compile(
            "^(?i:(?:kind|best|warm|warmest|many)\\s+(?:regards|wishes|thanks)|regards|best|cheers|thanks|thank you"
                    + "|sincerely|all the best|take care)[,]?\\s+\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*)?[.!]?$");
    private static final Pattern NAME_LINE = Pattern.compile("^(?:\\p{Lu}[\\p{L}'’.-]*)(?:\\s+\\p{Lu}[\\p{L}'’.-]*){0,3}$");
    private static final Pattern TERMINAL = Pattern.compile("[.!?…][\"”’)]?$");
    private static final Pattern LABEL = Pattern.compile("^\\p{Lu}[\\p{L} ]{0,30}:\\s");
    private static final Pattern PLEASANTRY = Pattern.compile(
            "\\b(?:I hope|hope you|hope everyone|hope this|hope the|thanks for|thank you for|thanks to|looking forward"
                    + "|look forward|let me know if you have|any questions|enjoy|have a (?:great|good|nice)|good to (?:talk|see)"
                    + "|great to see|it was great|happy to (?:discuss|help)|sorry for|we apologi[sz]e|apologies for"
                    + "|please ignore|if you have already|thanks again|quick (?:update|note)|a short note|just a quick"
                    + "|I am writing|I'm writing|I wanted to|this is a message|on behalf of|I had a look|we are very sorry"
                    + "|thank you for your interest)\\b", FLAGS);
    private static final Pattern BACKGROUND = Pattern.compile(
            "^(?:as you (?:may )?know|as discussed|as mentioned|as part of|as you may have heard)\\b", FLAGS);
    private static final Pattern FIGURE = Pattern.compile("\\d");
    private static final Pattern MONEY_OR_PERCENT = Pattern.compile("[$€£¥%]|\\b(?:dollars|euros|pounds|percent)\\b"
            + "|\\b(?-i:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|INR|CNY)\\b", FLAGS);
    private static final String WEEKDAYS_AND_MONTHS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            + "|january|february|march|april|may|june|july|august|september|october|november|december";
    private static final Pattern CALENDAR = Pattern.compile("\\b(?:" + WEEKDAYS_AND_MONTHS + "|"
            + "tomorrow|today|next week|this week|end of (?:the )?(?:day|week|month|quarter))\\b", FLAGS);
    private static final Pattern DECISION = Pattern.compile("\\b(?:decided|agreed|approved|approve|must|mandatory"
            + "|required|recommend|propose|plan to|moves?|moved|delayed|postponed|cancel(?:l?ed)?|closed|refunded"
            + "|replace|increases?|decreases?|dropped|ends|effective|from now on|starting|deadline|due|overdue|offer"
            + "|invite|confirmed|launch|release|go-live|cannot|can't|unable|failed|outage|lasted|reached|costs?)\\b",
            FLAGS);
    private static final Pattern REQUEST = Pattern.compile("\\b(?:please|could you|can you|would you|kindly"
            + "|(?:we|they|you|I) (?:still )?needs? (?!not\\b))", FLAGS);
    /** A capitalised word inside a sentence that is not a weekday or month (those count as dates, not names). */
    private static final Pattern NAME_INSIDE = Pattern.compile("(?<=\\S\\s)(?!(?i:" + WEEKDAYS_AND_MONTHS + ")\\b)"
            + "\\p{Lu}\\p{Ll}+");
    /** A connective that ties a sentence to the one before it ("Also, …", "However, …", "But …"). */
    private static final Pattern CONNECTIVE = Pattern.compile("^(?:also|additionally|in addition|moreover|furthermore"
            + "|besides|however|but|and|still|nevertheless|that said|on the other hand)\\b,?\\s+(?=\\p{L})", FLAGS);
    private static final Pattern ANAPHOR = Pattern.compile(
            "^(?:this|that|these|those|they|them|he|she|it|such|both|the latter|the former)\\b", FLAGS);

    private final CentralityRanker ranker;

    SalienceSelector(CentralityRanker ranker) {
        this.ranker = ranker;
    }

    /** What a sentence is: content, or a greeting, sign-off / signature, or header line. */
    static List<Kind> kinds(List<String> sentences) {
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i).strip();
            Kind previous = i == 0 ? null : kinds.get(i - 1);
            Kind kind;
            if (GREETING.matcher(s).find() && TextRewriter.wordCount(s) <= 6) {
                kind = Kind.GREETING;
            } else if (SIGN_OFF.matcher(s).matches()) {
                kind = Kind.SIGN_OFF;
            } else if (i == sentences.size() - 1 && SIGN_OFF_WITH_NAME.matcher(s).matches()) {
                kind = Kind.SIGN_OFF;
            } else if ((previous == Kind.SIGN_OFF) && NAME_LINE.matcher(s).matches()) {
                kind = Kind.SIGN_OFF;
            } else if (!TERMINAL.matcher(s).find() && TextRewriter.wordCount(s) <= 8 && !FIGURE.matcher(s).find()
                    && NAME_LINE.matcher(s).matches() && i == sentences.size() - 1) {
                kind = Kind.SIGN_OFF;
            } else if (!TERMINAL.matcher(s).find() && (i == 0 || LABEL.matcher(s + " ").find())
                    && TextRewriter.wordCount(s) <= 10) {
                kind = Kind.HEADER;
            } else {
                kind = Kind.CONTENT;
            }
            kinds.add(kind);
        }
        return kinds;
    }

    /** The cue part of the salience score. */
    static double cues(String sentence) {
        double score = 0;
        if (FIGURE.matcher(sentence).find()) {
            score += 0.12;
        }
        if (MONEY_OR_PERCENT.matcher(sentence).find()) {
            score += 0.05;
        }
        if (CALENDAR.matcher(sentence).find()) {
            score += 0.08;
        }
        if (DECISION.matcher(sentence).find()) {
            score += 0.12;
        }
        if (REQUEST.matcher(sentence).find()) {
            score += 0.06;
        }
        if (NAME_INSIDE.matcher(sentence).find()) {
            score += 0.04;
        }
        if (PLEASANTRY.matcher(sentence).find()) {
            score -= 0.25;
        }
        if (BACKGROUND.matcher(sentence).find()) {
            score -= 0.12;
        }
        if (LABEL.matcher(sentence).find()) {
            score -= 0.1;
        }
        if (TextRewriter.wordCount(sentence) < 4) {
            score -= 0.1;
        }
        return score;
    }

    /**
     * {@code sentences} at {@code chosen} (in order), each without a leading connective when the sentence before it
     * was not chosen: "Also, the call moved" alone reads as a reply to something left out.
     */
    static List<String> detached(List<String> sentences, List<Integer> chosen) {
        List<String> out = new ArrayList<>();
        for (int index : chosen) {
            String sentence = sentences.get(index);
            if (!chosen.contains(index - 1)) {
                String stripped = CONNECTIVE.matcher(sentence.strip()).replaceFirst("");
                if (TextRewriter.wordCount(stripped) >= 3) {
                    sentence = stripped;
                }
            }
            out.add(sentence);
        }
        return out;
    }

    static boolean opensWithAnaphor(String sentence) {
        return ANAPHOR.matcher(sentence.strip()).find();
    }

    /**
     * The sentences to keep, in their original order: content sentences by maximal marginal relevance while
     * {@code cost} of the chosen stays within {@code budget}; a sentence opening with a pronoun comes with the one
     * before it. {@code maxUnits} bounds the number of selections (a sentence with its antecedent counts once).
     * At least one sentence is returned when there is content. Greetings, sign-offs and headers are never chosen here.
     */
    List<Integer> select(List<String> sentences, ToIntFunction<String> cost, int budget, int maxUnits) {
        int n = sentences.size();
        List<Kind> kinds = kinds(sentences);
        List<Integer> content = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (kinds.get(i) == Kind.CONTENT) {
                content.add(i);
            }
        }
        if (content.isEmpty()) {
            for (int i = 0; i < n; i++) {
                if (kinds.get(i) != Kind.SIGN_OFF && kinds.get(i) != Kind.GREETING) {
                    content.add(i);
                }
            }
        }
        if (content.isEmpty()) {
            return n == 0 ? List.of() : List.of(0);
        }
        List<String> texts = content.stream().map(sentences::get).toList();
        double[][] similarity = content.size() > 1 ? ranker.similarities(texts) : new double[][] {{1}};
        double[] centrality = CentralityRanker.centrality(similarity);
        double[] salience = new double[content.size()];
        for (int k = 0; k < content.size(); k++) {
            salience[k] = CENTRALITY_WEIGHT * centrality[k] + cues(texts.get(k));
        }
        List<Integer> chosen = new ArrayList<>();
        List<Integer> chosenContent = new ArrayList<>();
        List<Integer> rejected = new ArrayList<>();
        int spent = 0;
        int units = 0;
        while (units < maxUnits) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < content.size(); k++) {
                if (chosenContent.contains(k) || rejected.contains(k)) {
                    continue;
                }
                double redundancy = 0;
                for (int c : chosenContent) {
                    redundancy = Math.max(redundancy, similarity[k][c]);
                }
                double value = MMR_LAMBDA * salience[k] - (1 - MMR_LAMBDA) * redundancy;
                if (redundancy > CentralityRanker.DUPLICATE_SIMILARITY) {
                    value -= 100; // a near-repetition of a chosen sentence comes only when nothing else is left
                }
                if (value > bestValue) {
                    bestValue = value;
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            List<Integer> unit = new ArrayList<>();
            unit.add(best);
            if (opensWithAnaphor(texts.get(best)) && best > 0 && content.get(best - 1) == content.get(best) - 1
                    && !chosenContent.contains(best - 1)) {
                unit.add(0, best - 1);
            }
            int unitCost = unit.stream().mapToInt(k -> cost.applyAsInt(texts.get(k))).sum();
            if (spent + unitCost > budget && !chosen.isEmpty()) {
                rejected.add(best);
                continue;
            }
            if (spent + unitCost > budget && unit.size() > 1) {
                rejected.add(best);
                continue;
            }
            for (int k : unit) {
                chosenContent.add(k);
                chosen.add(content.get(k));
            }
            spent += unitCost;
            units++;
        }
        if (chosen.isEmpty()) {
            int best = 0;
            for (int k = 1; k < content.size(); k++) {
                if (salience[k] > salience[best] && !opensWithAnaphor(texts.get(k))) {
                    best = k;
                }
            }
            chosen.add(content.get(best));
        }
        chosen.sort(Comparator.naturalOrder());
        return chosen;
    }

    /** Number of content sentences (not greetings, sign-offs or headers). */
    static int contentCount(List<String> sentences) {
        return (int) kinds(sentences).stream().filter(k -> k == Kind.CONTENT).count();
    }
}
