package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.Tone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentence-level tone rules, applied after the phrase tables of {@link StyleRules}: they look at a whole sentence.
 * <ul>
 *     <li>PROFESSIONAL, FORMAL, FRIENDLY: an imperative ("Send me the numbers by Friday.") becomes a request ("Could
 *     you please send me the numbers by Friday?"); "Do not …" becomes "Please do not …", "Do not forget to" "Please
 *     remember to"; an imperative with a threat ("Pay it by Friday or we will stop your service.") becomes a request
 *     and a consequence ("Could you please pay it by Friday? Otherwise, we will have to suspend your service.");
 *     an imperative followed by a promise ("Call us and we will…") becomes "Please call us and we will…".</li>
 *     <li>PROFESSIONAL, FORMAL: a sentence that drops its subject ("Cannot make it tomorrow.") gets one ("I cannot
 *     make it tomorrow."; "We" when the text speaks for a "we").</li>
 *     <li>FORMAL: "I would like to check whether …?" ends with a full stop.</li>
 *     <li>FRIENDLY: a text with bad news (overdue, cannot, unable, did not, unfortunately, …) gets no cheerful
 *     greeting; its first bad-news sentence opens with "I'm afraid".</li>
 * </ul>
 */
final class ToneSentences {

    private ToneSentences() {
    }

    private static final String VERBS = "send|pay|fix|call|bring|submit|check|keep|tell|give|update|complete|review"
            + "|sign|book|confirm|make|add|remove|use|read|prepare|share|forward|reply|return|print|upload|email|e-mail"
            + "|contact|finish|clean|follow|ask|note|remember|stop|start|get|put|take|come|join|attend|provide"
            + "|arrange|approve|order|move|cancel|schedule|write|fill|sign|post|delete|save|register|install|report"
            + "|inform|look|call|ring|phone|transfer|settle|pick|drop|leave|bear|find|double-check|remind";
    private static final Pattern IMPERATIVE = Pattern.compile(
            "^(?:just\\s+)?(" + VERBS + ")\\b(?!\\s+(?:is|are|was|were|has|will)\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DO_NOT = Pattern.compile("^(?:do not|don['’]t)\\s+(forget to\\s+)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern THREAT = Pattern.compile(",?\\s+or(?: else)?\\s+(?:we|I)(?:\\s+will|['’]ll)\\s+(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PROMISE = Pattern.compile("\\s+and\\s+(?:we|I)(?:\\s+will|['’]ll)\\s",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECTLESS = Pattern.compile(
            "^(cannot|can not|can['’]t|will not|won['’]t|need|hope|going to|did not|didn['’]t|do not know"
                    + "|don['’]t know|am|have to|got)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPEAKS_AS_WE = Pattern.compile("\\b(?:we|our|us)\\b", Pattern.CASE_INSENSITIVE);
    static final Pattern BAD_NEWS = Pattern.compile("\\b(?:overdue|cannot|can['’]t|unable|not possible|delay(?:ed)?"
            + "|did not|didn['’]t|unfortunately|declined|rejected|failed|missed|not (?:been )?approved|late)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SOFTENABLE_START = Pattern.compile("^(We|Your|The|Our|This|It|I)\\b");
    private static final Pattern END = Pattern.compile("[.!?]+$");

    static String apply(String text, Tone tone, SentenceSplitter splitter) {
        if (tone == Tone.CASUAL || tone == Tone.CONFIDENT) {
            return text;
        }
        List<SentenceSplitter.Sentence> sentences = splitter.split(text);
        boolean we = SPEAKS_AS_WE.matcher(text).find();
        boolean badNewsSoftened = false;
        boolean badNews = tone == Tone.FRIENDLY && BAD_NEWS.matcher(text).find();
        List<SentenceSplitter.Sentence> out = new ArrayList<>();
        for (SentenceSplitter.Sentence sentence : sentences) {
            String s = sentence.text();
            String rewritten = request(s, tone);
            if (rewritten.equals(s) && tone != Tone.FRIENDLY) {
                Matcher subjectless = SUBJECTLESS.matcher(s);
                if (subjectless.find()) {
                    String subject = we ? "We" : "I";
                    String verb = subjectless.group(1).toLowerCase(Locale.ROOT);
                    String rest = s.substring(subjectless.end());
                    rewritten = subject + (verb.equals("am") ? (we ? " are" : " am") : verb.equals("going to")
                            ? (we ? " are going to" : " am going to") : " " + verb) + rest;
                }
            }
            if (tone == Tone.FORMAL && rewritten.contains("I would like to check whether") && rewritten.endsWith("?")) {
                rewritten = rewritten.substring(0, rewritten.length() - 1) + ".";
            }
            if (badNews && !badNewsSoftened && BAD_NEWS.matcher(rewritten).find()) {
                Matcher start = SOFTENABLE_START.matcher(rewritten);
                if (start.find()) {
                    String first = start.group(1).equals("I") ? "I" : start.group(1).toLowerCase(Locale.ROOT);
                    rewritten = "I'm afraid " + first + rewritten.substring(start.end());
                }
                badNewsSoftened = true;
            }
            out.add(new SentenceSplitter.Sentence(rewritten, sentence.separator()));
        }
        String joined = SentenceSplitter.join(out);
        int lead = 0;
        while (lead < text.length() && Character.isWhitespace(text.charAt(lead))) {
            lead++;
        }
        return text.substring(0, lead) + joined;
    }

    /** The sentence as a request when it is an imperative; else unchanged. */
    static String request(String sentence, Tone tone) {
        String s = sentence.strip();
        if (s.endsWith("?")) {
            return sentence;
        }
        Matcher doNot = DO_NOT.matcher(s);
        if (doNot.find()) {
            String rest = s.substring(doNot.end());
            return doNot.group(1) != null ? "Please remember to " + rest : "Please do not " + rest;
        }
        Matcher imperative = IMPERATIVE.matcher(s);
        if (!imperative.find()) {
            return sentence;
        }
        String body = s.substring(imperative.start(1));
        body = Character.toLowerCase(body.charAt(0)) + body.substring(1);
        body = END.matcher(body).replaceFirst("");
        Matcher threat = THREAT.matcher(body);
        if (threat.find()) {
            String consequence = threat.group(1);
            String ask = body.substring(0, threat.start());
            return "Could you please " + ask + "? Otherwise, we will have to " + consequence + ".";
        }
        if (PROMISE.matcher(body).find()) {
            return "Please " + body + ".";
        }
        return (tone == Tone.FRIENDLY ? "Could you " : "Could you please ") + body + "?";
    }
}
