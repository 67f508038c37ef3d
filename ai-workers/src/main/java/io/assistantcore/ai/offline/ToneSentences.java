package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.Tone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
            + "|inform|look|call|ring|phone|transfer|settle|pick|drop|leave|bear|find|double-check|remind"
            + "|redo|resend|correct|respond|clarify|explain|verify|renew|deliver|refund|ship|collect|update";
    private static final Pattern IMPERATIVE = Pattern.compile(
            "^(?:just\\s+)?(" + VERBS + ")\\b(?!\\s+(?:is|are|was|were|has|will)\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DO_NOT = Pattern.compile("^(?:do not|don['’]t)\\s+(forget to\\s+)?",
            Pattern.CASE_INSENSITIVE);
    /**
     * "… or (else) we will / we'll / we would / we are going to / we have to / we must / we cancel …": group 1 the
     * consequence's verb phrase, after any modal. The subject must be we or I (a clause "or the slides" is no threat).
     */
    private static final Pattern THREAT = Pattern.compile(",?\\s+or(?: else)?,?\\s+(?:we|I)(?:\\s+(?:will|would|shall"
            + "|must|are going to|am going to|have to|need to|may|might|can)|['’](?:ll|d))?(?:\\s+(?:have to|need to))?"
            + "\\s+(?!(?:not|never|are|am|were|was|do|did|don['’]t|didn['’]t|can['’]t|cannot|could|should)\\b)(\\p{L}.+)$",
            Pattern.CASE_INSENSITIVE);
    /** "… or (else) your account will be closed": another subject's consequence, kept as it is (group 1). */
    private static final Pattern OTHER_THREAT = Pattern.compile(",?\\s+or(?: else)?,?\\s+((?:your|the|this|that|my|our)"
            + "\\s+\\p{L}+(?:\\s+\\p{L}+)?\\s+(?:will|would|is going to|may|might)\\s+.+)$", Pattern.CASE_INSENSITIVE);
    /** A request already phrased as a question ("Could you please send …?"): group 1 the verb phrase asked for. */
    private static final Pattern QUESTION_REQUEST = Pattern.compile(
            "^(?:could|can|would|will) you(?: please| kindly)?\\s+(\\p{L}.*)$", Pattern.CASE_INSENSITIVE);
    /** "You need to / must / have to / should send …": an obligation put on the reader; group 1 the verb phrase. */
    private static final Pattern OBLIGATION = Pattern.compile(
            "^(?:you|u)\\s+(?:need to|must|have to|should|had better|better)\\s+(\\p{L}.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROMISE = Pattern.compile("\\s+and\\s+(?:we|I)(?:\\s+will|['’]ll)\\s",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECTLESS = Pattern.compile(
            "^(cannot|can not|can['’]t|will not|won['’]t|need|hope|going to|did not|didn['’]t|do not know"
                    + "|don['’]t know|am|have to|got)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPEAKS_AS_WE = Pattern.compile("\\b(?:we|our|us)\\b", Pattern.CASE_INSENSITIVE);
    static final Pattern BAD_NEWS = Pattern.compile("\\b(?:overdue|otherwise|cannot|can['’]t|unable|not possible|delay(?:ed)?"
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
        Optional<String> threatened = threatRequest(s, tone);
        if (threatened.isPresent()) {
            return threatened.get();
        }
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
        if (PROMISE.matcher(body).find()) {
            return "Please " + body + ".";
        }
        return (tone == Tone.FRIENDLY ? "Could you " : "Could you please ") + body + "?";
    }

    /**
     * A request or obligation with a threat ("Pay it by Friday or we will stop your service.", "Could you please
     * send the form by Monday or we cancel the order?", "You must pay today or your account will be closed.") as a
     * request and a consequence: "Could you please pay it by Friday? Otherwise, we will have to suspend your
     * service." (FRIENDLY: "Could you …? Otherwise, we'll have to …"). Empty when the sentence is not one.
     */
    static Optional<String> threatRequest(String s, Tone tone) {
        String body = END.matcher(s).replaceFirst("");
        Matcher question = QUESTION_REQUEST.matcher(body);
        Matcher obligation = OBLIGATION.matcher(body);
        Matcher imperative = IMPERATIVE.matcher(body);
        String ask;
        if (question.matches()) {
            ask = question.group(1);
        } else if (obligation.matches()) {
            ask = obligation.group(1);
        } else if (!s.endsWith("?") && imperative.find()) {
            ask = body.substring(imperative.start(1));
        } else {
            return Optional.empty();
        }
        ask = Character.toLowerCase(ask.charAt(0)) + ask.substring(1);
        String consequence;
        Matcher threat = THREAT.matcher(ask);
        Matcher other = OTHER_THREAT.matcher(ask);
        int cut;
        if (threat.find()) {
            String verbs = threat.group(1);
            consequence = (tone == Tone.FRIENDLY ? "we'll have to " : "we will have to ") + verbs;
            cut = threat.start();
        } else if (other.find()) {
            consequence = other.group(1);
            cut = other.start();
        } else {
            return Optional.empty();
        }
        String request = ask.substring(0, cut).strip();
        if (request.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((tone == Tone.FRIENDLY ? "Could you " : "Could you please ") + request
                + "? Otherwise, " + consequence + ".");
    }
}
