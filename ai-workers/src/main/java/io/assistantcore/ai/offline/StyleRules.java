package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.Tone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static io.assistantcore.ai.offline.RewriteRule.delete;
import static io.assistantcore.ai.offline.RewriteRule.deleteAtSentenceStart;
import static io.assistantcore.ai.offline.RewriteRule.phrase;
import static io.assistantcore.ai.offline.RewriteRule.regex;
import static io.assistantcore.ai.offline.RewriteRule.replace;
import static io.assistantcore.ai.offline.RewriteRule.replaceAtSentenceStart;

/**
 * The rule tables of the offline engine. Every table is an ordered list; docs/offline-engine.md lists them in words
 * and must be kept in step with this class.
 */
final class StyleRules {

    private StyleRules() {
    }

    private static final String NOT_AFTER_NOT = "(?<!\\bnot\\s)";
    /** A filler must modify something: a word follows it, or it is a sentence adverb followed by a comma. */
    private static final String MODIFIES = "(?=\\s+[\\p{L}\\p{N}]|,)";

    /** Filler words (improve and shorten): removed where they only add emphasis. */
    static final List<RewriteRule> FILLERS = List.of(
            filler("really"),
            filler("basically"),
            filler("actually"),
            filler("literally"),
            filler("totally"),
            filler("essentially"),
            filler("(?<!\\b(?:a|an|the|most)\\s)just"),
            new RewriteRule("delete very", RewriteRule.bounded(NOT_AFTER_NOT + "(?<!\\bthe\\s)very"
                    + "(?=\\s+\\p{L})"
                    + "(?!\\s+(?:much|many|well|own|same|first|last|best|least|end|beginning|top|bottom)\\b)"),
                    m -> TextRewriter.DELETED),
            new RewriteRule("delete quite", RewriteRule.bounded(NOT_AFTER_NOT + "quite(?=\\s+\\p{L})(?!\\s+a\\b)"),
                    m -> TextRewriter.DELETED),
            new RewriteRule("delete simply", RewriteRule.bounded("(?<!\\b(?:not|put|quite)\\s)simply(?=\\s+\\p{L})"),
                    m -> TextRewriter.DELETED),
            deleteAtSentenceStart("honestly|to be honest|frankly|needless to say|as a matter of fact"),
            delete("it is important to note that|it should be noted that|it is worth noting that"),
            delete("in the process of"));

    /** An optional determiner after "a number of", kept so that "most of the users" stays grammatical. */
    private static final String DETERMINER_AFTER =
            "(\\s+(?:the|our|your|their|its|these|those|this|that|my|his|her|them|us)\\b)?";

    /** Wordy phrases (improve and shorten) and their short forms. */
    static final List<RewriteRule> WORDY_PHRASES = List.of(
            replace("in order to", "to"),
            replace("due to the fact that|owing to the fact that|in light of the fact that|on account of the fact that",
                    "because"),
            replace("despite the fact that|in spite of the fact that|regardless of the fact that", "although"),
            replace("at this point in time|at the present time|at this moment in time|at the present moment", "now"),
            replace("in the event that", "if"),
            replace("for the purpose of", "for"),
            replace("with regard to|with regards to|in regard to|in regards to|with respect to", "about"),
            phrase("(?:a large|a great) number of" + DETERMINER_AFTER,
                    m -> m.group(1) == null ? "many" : "many of" + m.group(1)),
            phrase("(?:a|the) majority of" + DETERMINER_AFTER,
                    m -> m.group(1) == null ? "most" : "most of" + m.group(1)),
            replace("in the near future", "soon"),
            replace("prior to", "before"),
            replace("subsequent to", "after"),
            replace("in close proximity to", "near"),
            replace("(?:has|have) the ability to|(?:is|are) able to", "can"),
            replace("make a decision", "decide"),
            replace("made a decision", "decided"),
            replace("take into consideration", "consider"),
            replace("until such time as", "until"),
            replace("on a daily basis", "daily"),
            replace("on a weekly basis", "weekly"),
            replace("on a monthly basis", "monthly"),
            replace("on a regular basis", "regularly"),
            replace("each and every", "every"),
            replace("first and foremost", "first"),
            replace("whether or not", "whether"),
            replace("at all times", "always"),
            replace("end result", "result"),
            replace("past history", "history"),
            replace("advance planning", "planning"),
            replace("future plans", "plans"),
            replace("unexpected surprise", "surprise"),
            replace("added bonus", "bonus"),
            replace("free gift", "gift"),
            replace("revert back", "revert"),
            replace("return back", "return"),
            replace("repeat again", "repeat"));

    /**
     * Sentence openers that announce what follows and say nothing themselves; the sentence keeps what follows "that".
     * Only "that" clauses: "I would like to inform you about the delay" keeps its meaning only as it is.
     */
    static final String ANNOUNCEMENTS = String.join("|",
            "(?:we|i) would (?:just |also )?like to (?:kindly )?(?:inform|advise|remind|notify|tell) you that",
            "(?:we|i) would (?:just |also )?like to (?:kindly )?let you know that",
            "(?:we|i) (?:just )?(?:want|wanted) to (?:inform you|let you know|tell you|say) that",
            "(?:we are|i am|i'm|we're) (?:writing|reaching out|contacting you) to (?:inform you|let you know|tell you) that",
            "(?:please|kindly) be (?:informed|advised) that",
            "kindly note that",
            "this is to (?:inform|notify|let) you (?:know )?that",
            "(?:just )?a (?:quick|short|brief) note to (?:say|let you know|tell you) that",
            "(?:we|i) would (?:just |also )?like to (?:point out|mention|add|stress) that",
            "it (?:is|should be) worth mentioning that");

    /**
     * Extra compression for shorten: parenthetical remarks, empty sentence openers ("So," "Anyway") and announcements
     * that only say a message follows ("We would like to inform you that …", "I am writing to let you know that …")
     * go.
     */
    static final List<RewriteRule> COMPRESSION_EXTRA = List.of(
            regex("delete parenthetical", "(?<=\\S[ \\t]{0,4})\\([^()\\n]{1,200}\\)", m -> TextRewriter.DELETED),
            deleteAtSentenceStart("well,|so,|anyway|anyways|please note that|note that"),
            deleteAtSentenceStart(ANNOUNCEMENTS));

    /** improve: spacing and repeated punctuation (URLs, e-mail addresses and code are left alone). */
    static final List<RewriteRule> PUNCTUATION_CLEANUP = List.of(
            regex("collapse spaces", "(?<=\\S)[ \\t]{2,}(?=\\S)", m -> " "),
            regex("no space before punctuation", "(?<=[\\p{L}\\p{N})\"”’])[ \\t]+(?=[,;:!?.](?:\\s|$))", m -> ""),
            regex("repeated exclamation marks", "!{2,}", m -> "!"),
            regex("repeated question marks", "\\?{2,}", m -> "?"),
            regex("repeated commas", ",{2,}", m -> ","),
            regex("double full stop", "(?<!\\.)\\.\\.(?!\\.)", m -> "."),
            regex("space after comma or semicolon", "(?<=\\p{L})([,;])(?=\\p{L})", m -> m.group(1) + " "));

    /** improve and shorten: fillers then wordy phrases. */
    static final List<RewriteRule> CLARITY = concat(FILLERS, WORDY_PHRASES);

    /** shorten: clarity rules plus parentheticals and sentence openers. */
    static final List<RewriteRule> COMPRESSION = concat(COMPRESSION_EXTRA, CLARITY);

    // ------------------------------------------------------------------------------------------------- contractions

    private static final String PRONOUN_IS = "it|he|she|that|there|what|who|here|where|how";
    private static final String HAS_PARTICIPLES = "been|got|gotten|had|done|seen|made|taken|given|gone|become";
    private static final String HAD_PARTICIPLES =
            "been|better|had|gone|done|seen|forgotten|left|known|taken|made|heard";

    /** Formal and professional: contractions written out. */
    static final List<RewriteRule> EXPAND_CONTRACTIONS = List.of(
            phrase("(" + PRONOUN_IS + ")'s(?=\\s+(?:" + HAS_PARTICIPLES + ")\\b)", m -> m.group(1) + " has"),
            phrase("(" + PRONOUN_IS + ")'s", m -> m.group(1) + " is"),
            phrase("(I|you|he|she|we|they|it|there|that|who)'d(?=\\s+(?:" + HAD_PARTICIPLES + ")\\b)",
                    m -> m.group(1) + " had"),
            phrase("(I|you|he|she|we|they|it|there|that|who)'d", m -> m.group(1) + " would"),
            phrase("(I|you|we|they|who|would|could|should|might|must)'ve", m -> m.group(1) + " have"),
            phrase("(I|you|he|she|we|they|it|that|there|who|what)'ll", m -> m.group(1) + " will"),
            phrase("(you|we|they|who|what|there)'re", m -> m.group(1) + " are"),
            replace("I'm", "I am"),
            replace("let's", "let us"),
            replace("y'all", "you all"),
            replace("can't", "cannot"),
            replace("won't", "will not"),
            replace("shan't", "shall not"),
            replace("ain't", "is not"),
            phrase("(do|does|did|is|are|was|were|has|have|had|would|should|could|must|need|might)n't",
                    m -> m.group(1) + " not"));

    private static final String FOLLOWED_BY_WORD = "(?=\\s+[\\p{L}\\p{N}])";

    /** Casual and friendly: common contractions (never at the end of a clause: "that's what it is" stays). */
    static final List<RewriteRule> CONTRACT = List.of(
            replace("will not", "won't"),
            replace("cannot|can not", "can't"),
            phrase("(do|does|did|is|are|was|were|has|have|had|would|should|could|must)\\s+not",
                    m -> m.group(1) + "n't"),
            replace("I am" + FOLLOWED_BY_WORD, "I'm"),
            phrase("(you|we|they)\\s+are" + FOLLOWED_BY_WORD, m -> m.group(1) + "'re"),
            phrase("(it|he|she|that|there|here|what|who)\\s+is" + FOLLOWED_BY_WORD
                    + "(?!\\s+(?:it|this|that|he|she|they|we|you|I)\\b)", m -> m.group(1) + "'s"),
            phrase("(I|you|he|she|we|they|it|that|there)\\s+will" + FOLLOWED_BY_WORD, m -> m.group(1) + "'ll"),
            phrase("(I|you|he|she|we|they)\\s+would" + FOLLOWED_BY_WORD, m -> m.group(1) + "'d"),
            phrase("(I|you|we|they)\\s+have(?=\\s+(?:been|got|gotten|done|seen|made|finished|sent|received|decided"
                    + "|heard|found|started|had)\\b)", m -> m.group(1) + "'ve"),
            replace("let us" + FOLLOWED_BY_WORD, "let's"));

    // ------------------------------------------------------------------------------------------------------ tones

    private static final String GREETING_WITH_NAME =
            "(?m)^([ \\t]*)(?:GREETINGS)[ \\t]+"
                    + "((?:(?:mr|mrs|ms|dr|prof)\\.?[ \\t]+)?(?-i:\\p{Lu})[\\p{L}'’-]*|team|all|everyone|folks)"
                    + "[ \\t]*,";
    private static final String CLOSER_LINE =
            "(?m)^([ \\t]*)(?:(?:kind|best|warm|warmest)\\s+regards|regards|sincerely"
                    + "|yours\\s+(?:sincerely|faithfully|truly)"
                    + "|respectfully|cheers|best wishes|all the best)[ \\t]*[,.!]?[ \\t]*$";

    private static RewriteRule greetingWithName(String greeting) {
        return greetingWithName(greeting, "hey|hi|hiya|hello|dear|greetings|yo");
    }

    /** Replaces only the greeting words listed (a greeting already in the tone is left as it is). */
    private static RewriteRule greetingWithName(String greeting, String words) {
        return regex("greeting with a name -> " + greeting, GREETING_WITH_NAME.replace("GREETINGS", words),
                m -> m.group(1) + greeting + " " + m.group(2) + ",");
    }

    private static RewriteRule closer(String closer) {
        return regex("closing line -> " + closer, CLOSER_LINE, m -> m.group(1) + closer);
    }

    /** Replaces only informal closing lines (cheers, best, thanks, …): a formal one is already in the tone. */
    private static RewriteRule informalCloser(String closer) {
        return regex("informal closing line -> " + closer, "(?m)^([ \\t]*)(?:cheers|best|best wishes|all the best"
                + "|thanks|thank you|many thanks|talk soon|speak soon|take care|ttyl)[ \\t]*[,.!]?[ \\t]*$",
                m -> m.group(1) + closer);
    }

    private static RewriteRule greetingWord(String words, String replacement) {
        return regex("greeting " + words + " -> " + replacement,
                "(?m)^([ \\t]*)(?:" + words + ")(?=[ \\t]*[,!.]|[ \\t]+\\p{L}|[ \\t]*$)",
                m -> m.group(1) + replacement);
    }

    /** Casual words and chat shorthand replaced for formal and professional writing. */
    private static final List<RewriteRule> DE_SLANG = List.of(
            replace("you guys", "you"),
            phrase("(hi|hey|hello|hiya|morning|thanks|thank you|thx)(,?) guys",
                    m -> m.group(1) + m.group(2) + " everyone"),
            replace("thanks a lot|thanks so much|thanks a bunch|thanks a million|many thanks|thx a lot",
                    "thank you very much"),
            replace("thanks|thx|thnx|thank u|tnx", "thank you"),
            replace("gonna", "going to"),
            replace("wanna", "want to"),
            replace("gotta", "have to"),
            // before a verb the hedge carries nothing ("we kinda need" -> "we need"); elsewhere it means "somewhat"
            delete("kinda|sorta(?=\\s+(?:need|needs|want|wants|have|has|think|like|feel|hope|agree|forgot|missed"
                    + "|broke|messed|lost)\\b)"),
            replace("kinda|sorta", "somewhat"),
            replace("dunno", "do not know"),
            replace("lemme", "let me"),
            replace("gimme", "give me"),
            replace("cuz|coz|'cause", "because"),
            replace("asap", "as soon as possible"),
            replace("fyi", "for your information"),
            replace("btw", "by the way"),
            replace("imo|imho", "in my opinion"),
            replace("by eod", "by the end of the day"),
            replace("pls|plz", "please"),
            // "yeah so (basically)" opening a sentence is a filler, not an answer
            regex("delete a chatty opener", "(?im)(?:^|(?<=[.!?]\\s))[ \\t]*(?:yeah|yep|ok|okay)?,?[ \\t]*so,?[ \\t]+"
                    + "(?:basically,?[ \\t]+)?(?=\\p{L})", m -> TextRewriter.DELETED),
            replace("yeah|yep|yup", "yes"),
            // chat spellings of you / your / you are, only as words of their own ("U.S." and "UR-123" are left)
            regex("u -> you", "(?i)(?<![\\p{L}\\p{N}.'’-])u(?![\\p{L}\\p{N}.'’-])", m -> "you"),
            regex("ur -> your", "(?i)(?<![\\p{L}\\p{N}.'’-])ur(?![\\p{L}\\p{N}.'’-])(?=\\s+\\p{L})", m -> "your"),
            replace("nope|nah", "no"),
            replace("info", "information"),
            replace("approx\\.?", "approximately"),
            replaceAtSentenceStart("sorry(?=\\s+(?:for|about)\\b)", "I apologize"),
            delete("lol|lmao|rofl|haha(?:ha)*|hehe(?:he)*"),
            regex("delete emoticons", "(?<![\\S])(?:[:;=]-?[)(DPp]|<3)(?![\\S])", m -> TextRewriter.DELETED),
            regex("delete emoji", "[\\x{1F300}-\\x{1FAFF}\\x{2600}-\\x{27BF}]\\x{FE0F}?", m -> TextRewriter.DELETED));

    /** Noun contractions ("the meeting's moved") written out for formal and professional writing. */
    private static final List<RewriteRule> EXPAND_NOUN_CONTRACTIONS = List.of(
            phrase("(\\p{L}+)'s(?=\\s+(?:been|moved|changed|cancell?ed|gone|arrived|finished|started|shipped|sent|got)\\b)",
                    m -> m.group(1) + " has"),
            phrase("(\\p{L}+)'s(?=\\s+(?:ready|late|over|next|tomorrow|today|due|on|at|in|here|there|not|still|going"
                    + "|coming|done|closed|open|back|down|up)\\b)", m -> m.group(1) + " is"));

    /** Plain-spoken or blunt wording made businesslike (professional and formal). */
    private static final List<RewriteRule> BUSINESSLIKE = List.of(
            replaceAtSentenceStart("sorry,? but", "unfortunately,"),
            replace("but no promises", "but I cannot guarantee it"),
            regex("trailing sorry -> apologies", "(?i),\\s*sorry(?=[.!])", m -> "; my apologies"),
            replaceAtSentenceStart("let us(?=[^.!?\\n]*\\?)|let's(?=[^.!?\\n]*\\?)", "could we"),
            phrase("like (\\d)", m -> "about " + m.group(1)),
            replace("apologize about", "apologize for"),
            phrase("(is|are|was) a mess", m -> m.group(1) + " disorganized"),
            phrase("(your|the|this) (report|draft|invoice|offer|figures|numbers|calculation|estimate|quote|document"
                    + "|presentation|analysis|summary|spreadsheet) (is|are) (?:wrong|incorrect|all wrong)",
                    m -> m.group(1) + " " + m.group(2) + (m.group(3).equalsIgnoreCase("is") ? " needs" : " need")
                            + " some corrections"),
            phrase("(stop|cut off) (your|the) (service|account|access)", m -> "suspend " + m.group(2) + " "
                    + m.group(3)),
            replace("so fast", "so quickly"),
            replace("give us a call", "call us"),
            replace("give me a call", "call me"),
            phrase("sort (it|this|that) out", m -> "resolve " + m.group(1)),
            phrase("got (my|your|our|the) (email|e-mail|message|letter|invoice|note|reply)",
                    m -> "received " + m.group(1) + " " + m.group(2)),
            regex("comma after yes/no", "(?i)(?<=^|[,.!?]\\s)(yes|no)(?=\\s+\\p{L})", m -> m.group(1) + ","),
            regex("comma after by the way", "(?i)\\bby the way(?=\\s+\\p{L})", m -> m.group() + ","));

    static final List<RewriteRule> PROFESSIONAL = concat(EXPAND_CONTRACTIONS, EXPAND_NOUN_CONTRACTIONS, DE_SLANG,
            BUSINESSLIKE, List.of(
            phrase("(is|are|looks?|seems?|was) (?:ok|okay)", m -> m.group(1) + " fine"),
            greetingWithName("Hello"),
            greetingWord("hey|hi|hiya|yo", "Hello"),
            informalCloser("Best regards,"),
            regex("repeated exclamation marks", "!{2,}|!\\?|\\?!", m -> m.group().contains("?") ? "?" : "!")));

    static final List<RewriteRule> FORMAL = concat(EXPAND_CONTRACTIONS, EXPAND_NOUN_CONTRACTIONS, DE_SLANG,
            BUSINESSLIKE, List.of(
            regex("greeting to a group -> Dear colleagues", "(?im)^([ \\t]*)(?:hey|hi|hiya|hello|dear)[ \\t]+"
                    + "(?:everyone|all|team|guys|folks)[ \\t]*,", m -> m.group(1) + "Dear colleagues,"),
            greetingWithName("Dear"),
            greetingWord("hey|hi|hiya|yo", "Hello"),
            informalCloser("Kind regards,"),
            phrase("(will|shall|can|to) get back to you", m -> m.group(1) + " respond to you"),
            replace("let you know", "inform you"),
            replace("(?:please )?let me know", "please inform me"),
            phrase("(is|are|be|was|seems?) (?:ok|okay)", m -> m.group(1) + " acceptable"),
            replace("find out", "determine"),
            replace("figure out", "determine"),
            replace("check out", "review"),
            replace("ask for", "request"),
            replace("asked for", "requested"),
            phrase("(buy|bought|buying|buys)", m -> Map.of("buy", "purchase", "bought", "purchased",
                    "buying", "purchasing", "buys", "purchases").get(m.group(1).toLowerCase(Locale.ROOT))),
            replace("kids", "children"),
            replace("would love to", "would be pleased to"),
            replace("go ahead with", "proceed with"),
            phrase("(swap|swapped|swapping)", m -> Map.of("swap", "exchange", "swapped", "exchanged", "swapping",
                    "exchanging").get(m.group(1).toLowerCase(Locale.ROOT))),
            replace("just (?:checking|wanted to check|writing to check)(?: in)?(?: (?:if|whether))?",
                    "I would like to check whether"),
            replaceAtSentenceStart("but", "however,"),
            replaceAtSentenceStart("so(?!\\s+(?:far|much|many|that|long|good|to|it|is|was|are|were)\\b),?",
                    "therefore,"),
            replaceAtSentenceStart("also,?", "additionally,"),
            regex("exclamation marks become full stops", "[!?]*!+[!?]*",
                    m -> m.group().contains("?") ? "?" : ".")));

    private static final List<RewriteRule> RELAXED_VOCABULARY = List.of(
            replace("do not hesitate to|don't hesitate to", "feel free to"),
            replace("please find attached", "I've attached"),
            replace("regarding", "about"),
            replace("approximately", "about"),
            phrase("(utilize|utilizes|utilized|utilizing)", m -> Map.of("utilize", "use", "utilizes", "uses",
                    "utilized", "used", "utilizing", "using").get(m.group(1).toLowerCase(Locale.ROOT))),
            phrase("(commence|commences|commenced)", m -> Map.of("commence", "start", "commences", "starts",
                    "commenced", "started").get(m.group(1).toLowerCase(Locale.ROOT))),
            phrase("(assist|assists|assisted|assisting)", m -> Map.of("assist", "help", "assists", "helps",
                    "assisted", "helped", "assisting", "helping").get(m.group(1).toLowerCase(Locale.ROOT))),
            replace("in order to", "to"),
            phrase("should you (require|need|have)", m -> "if you " + m.group(1)),
            replace("any further information", "anything else"),
            replace("(?:would like to|wish to) inform you that", "wanted to let you know that"),
            replace("we are pleased to announce that", "great news:"),
            phrase("(I am|I'm|we are|we're|you are|you're|they are|they're|he is|she is|it is|it's) unable to",
                    m -> m.group(1).split("[ '’]")[0] + " can't"),
            replace("at this time", "right now"),
            replace("has been exhausted", "has run out"),
            phrase("I would be grateful if (you|we) could", m -> "it'd be great if " + m.group(1) + " could"),
            replace("we would be grateful if you could", "could you please"),
            replace("please be advised that|please note that|kindly note that", "just so you know,"),
            replace("until further notice", "for now"),
            replace("(?:we|I) apologi[sz]e for (?:the|any) inconvenience(?: (?:this|that) may (?:cause|have caused)"
                    + "(?: you)?| caused)?", "sorry for the hassle"),
            replace("(?:we|I) regret to inform you that", "unfortunately,"),
            // "Dear customer," opening a one-line message
            regex("inline formal greeting", "(?i)^([ \\t]*)(?:dear|greetings)[ \\t]+((?:customer|client|colleague|"
                    + "colleagues|team|all|everyone|sir or madam|sir|madam)),[ \\t]+(?=\\p{L})",
                    m -> m.group(1) + (m.group(2).matches("(?i)team|all|everyone|colleagues?") ? "Hi "
                            + m.group(2).toLowerCase(Locale.ROOT) : "Hi there") + ", "));

    static final List<RewriteRule> CASUAL = concat(RELAXED_VOCABULARY, CONTRACT, List.of(
            greetingWithName("Hey", "dear|hello|greetings"),
            greetingWord("hello|greetings|good day", "Hey"),
            closer("Cheers,"),
            replace("thank you very much|thank you so much|many thanks", "thanks a lot"),
            replace("thank you", "thanks"),
            replace("as soon as possible", "ASAP"),
            replace("inform you", "let you know"),
            phrase("(require|requires)", m -> m.group(1).toLowerCase(Locale.ROOT).endsWith("s") ? "needs" : "need"),
            replaceAtSentenceStart("however,", "but"),
            replaceAtSentenceStart("therefore,?", "so"),
            replaceAtSentenceStart("additionally,?|furthermore,?|moreover,?", "also,"),
            // the stock closing line: "(Please) feel free to contact me if you need anything else."
            phrase("(?:please )?feel free to (?:contact|get in touch with|reach out to|call|e-?mail) (me|us)"
                    + "(?: again| anytime| at any time)?(?=\\s+if\\b)", m -> "just let " + m.group(1) + " know"),
            replace("please feel free to", "feel free to"),
            // an announcement opening a sentence or following the greeting: "We wanted to let you know that X"
            regex("wanted to let you know that -> just so you know", "(?im)(?:" + RewriteRule.SENTENCE_START
                    + "|(?<=^[ \\t]{0,8}(?:hi|hey|hello|dear|good morning|good afternoon)[^,.!?\\n]{0,40},[ \\t]{1,4}))"
                    + "(?:I|we) (?:just )?wanted to let you know that" + RewriteRule.EDGE_AFTER,
                    m -> "just so you know,")));

    static final List<RewriteRule> FRIENDLY = concat(RELAXED_VOCABULARY, CONTRACT, List.of(
            greetingWithName("Hi", "dear|hello|greetings"),
            greetingWord("hello|greetings|good day", "Hi"),
            closer("Best wishes,"),
            regex("warmer thanks", RewriteRule.EDGE_BEFORE + "(?:thanks|thank you)" + RewriteRule.EDGE_AFTER
                    + "(?!\\s+(?:so|very|a lot|again|much|in advance)\\b)", m -> m.group() + " so much")));

    /** Greeting words that already open a text; friendly adds "Hi there!" only when none is present. */
    static final Pattern OPENS_WITH_GREETING = Pattern.compile(
            "^\\s*(?:hi|hey|hello|dear|greetings|good (?:morning|afternoon|evening|day)|hiya|yo)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Friendly prepends an opener only to a text addressed to someone (it says you/your/please or asks). */
    static final Pattern ADDRESSES_READER = Pattern.compile("\\b(?:you|your|yours|please)\\b|\\?",
            Pattern.CASE_INSENSITIVE);
    static final String FRIENDLY_OPENER = "Hi there! ";

    static final List<RewriteRule> CONFIDENT = List.of(
            delete("I'm not sure,? but|I am not sure,? but|I'm not certain,? but|I am not certain,? but"),
            delete("sorry to bother you,? but|sorry,? but"),
            delete("I (?:think|believe|guess|suppose)(?: that)?"
                    + "(?=,?\\s+(?!(?:so|about|of|in|him|her|them|me|us)\\b)\\p{L}+\\s+\\p{L})"),
            delete("I feel (?:that|like)|it seems (?:that|like)|in my opinion"),
            regex("delete a trailing hedge", ",[ \\t]*" + RewriteRule.EDGE_BEFORE
                    + "(?:I (?:think|guess|suppose|believe)|maybe|perhaps|probably|hopefully|I'm not sure"
                    + "|I am not sure)"
                    + "(?=[ \\t]*[.!?])", m -> TextRewriter.DELETED),
            delete("(?:if that's|if that is|if this is|if it's|if it is) (?:ok|okay|alright|all right|fine)"
                    + "(?: (?:with|for|by) (?:you|everyone|everybody|all of you|you all|the team|them|all))?"
                    + "|if possible|if you don't mind|if you do not mind"),
            regex("I was wondering if we could -> we should", "(?i)\\bI (?:was|am|'m) (?:just )?wondering (?:if|whether) "
                    + "(?:maybe |perhaps )?we (?:could|can|might|should)(?: possibly| perhaps| maybe)?\\s+", m -> "we should "),
            phrase("(?:might|may|should) be able to|could possibly|could perhaps", m -> "can"),
            regex("I was wondering if you could -> please", "(?i)\\bI (?:was|am|'m) (?:just )?wondering (?:if|whether) "
                    + "you (?:could|can|would|might)(?: possibly| perhaps| maybe)?\\s+", m -> "please "),
            phrase("(I|we|you|they) could(?!\\s+(?:have|not)\\b)", m -> m.group(1) + " can"),
            phrase("(I|we|you|they) hope to", m -> m.group(1) + " will"),
            regex("will try to -> will", "(\\bwill|\\bcan|\\bcould|\\bto|(?<=\\p{L})'ll)\\s+try\\s+(?:to|and)\\b",
                    m -> m.group(1)),
            filler("maybe|perhaps|possibly|probably|hopefully"),
            new RewriteRule("delete just", RewriteRule.bounded("(?<!\\b(?:a|an|the|most)\\s)just(?=\\s+\\p{L})"),
                    m -> TextRewriter.DELETED),
            new RewriteRule("delete sort of / kind of", RewriteRule.bounded(
                    "(?<!\\b(?:a|an|the|what|this|that|which|some|any|every|one|same|no|these|those)\\s)"
                            + "(?:sort of|kind of|kinda|sorta)(?=\\s+\\p{L})"), m -> TextRewriter.DELETED),
            new RewriteRule("delete a bit / a little bit / somewhat", RewriteRule.bounded(
                    "(?:a little bit|a bit|somewhat)(?=\\s+\\p{L})(?!\\s+of\\b)"), m -> TextRewriter.DELETED));

    static List<RewriteRule> forTone(Tone tone) {
        return switch (tone) {
            case PROFESSIONAL -> PROFESSIONAL;
            case FORMAL -> FORMAL;
            case CASUAL -> CASUAL;
            case FRIENDLY -> FRIENDLY;
            case CONFIDENT -> CONFIDENT;
        };
    }

    private static RewriteRule filler(String word) {
        String w = "(?:" + word + ")";
        String regex = ",\\s*" + RewriteRule.EDGE_BEFORE + w + RewriteRule.EDGE_AFTER + "\\s*,|"
                + NOT_AFTER_NOT + RewriteRule.EDGE_BEFORE + w + RewriteRule.EDGE_AFTER + MODIFIES + ",?";
        return new RewriteRule("delete " + word,
                Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), m -> TextRewriter.DELETED);
    }

    @SafeVarargs
    private static List<RewriteRule> concat(List<RewriteRule>... lists) {
        List<RewriteRule> all = new ArrayList<>();
        for (List<RewriteRule> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
