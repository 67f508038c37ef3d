package io.assistantcore.ai.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of answer a question asks for, read from its wording, and whether a passage contains anything of that
 * kind. A question that asks "how many", "when" or "who" is answered by a number, a date or a person; a passage on the
 * question's topic that names none says something about it, but not what was asked (a near miss: "How many visitor
 * parking spaces are there?" against a passage on parking that names no number). Yes/no questions and open "what",
 * "how" and "why" questions ask for no particular kind and are never constrained.
 * <p>
 * Both sides are read by word patterns, not by a model: the question's kind from its first typed question phrase
 * ("how many", "what percentage", "which floor"), the passage's from numbers (digits and number words), dates,
 * weekdays and months, times, durations, amounts, percentages, role and team nouns, capitalised names, place words,
 * addresses (e-mail addresses too), floors and rooms. The passage side is generous on purpose: the check is meant to
 * refuse passages that plainly have nothing of the kind, not to judge whether what they have is the answer.
 */
public final class AnswerTypes {

    /** The kinds of answer a question can ask for. */
    public enum Type {
        /** A number, amount, price or percentage ("how many", "how much", "what percentage"). */
        QUANTITY,
        /** A date, day, time, duration or frequency ("when", "what date", "how long", "how often"). */
        TIME,
        /** A person, role or team ("who", "which team"). */
        PERSON,
        /** A place, address, floor or room ("where", "which floor"). */
        PLACE,
        /** Anything: yes/no questions and open "what", "how" and "why" questions. */
        ANY
    }

    /** "what", "which", "what's the", "which is our", … before a noun that says the kind. */
    private static final String DETERMINER = "(?:what|which)(?:'s| is| are| was| were)?"
            + "(?: the| a| an| my| our| your)? ";
    private static final String QUANTITY_NOUNS = "percentage|percent|proportion|price|prices|cost|costs|fee|fees|"
            + "charge|charges|rate|rates|number|amount|sum|limit|limits|maximum|minimum|max|min|size|quota|total|"
            + "discount|deposit|salary|budget|allowance";
    private static final String TIME_NOUNS = "date|dates|day|days|weekday|weekdays|time|times|year|month|hour|hours|"
            + "deadline|period";
    private static final String PERSON_NOUNS = "team|teams|department|departments|person|people|role|roles|manager|"
            + "managers|contact|owner|staff|colleague|carrier|courier|provider";
    private static final String PLACE_NOUNS = "floor|room|rooms|building|city|address|office|location|site|"
            + "entrance|street|country|region|desk|area|level|station";
    /** Where a relative "who", "when" or "where" cannot be: the start of the question or of a clause. */
    private static final String CLAUSE_START = "(?:^|[,;:(]\\s*|\\b(?:and|but|so|then|or|also|until|till|by|from|to|"
            + "at|in|on|for|since|with|of)\\s+)";

    /**
     * The question phrases that ask for a kind, each kind in its own group, matched on the lower-cased question.
     * "who", "when" and "where" count only at the start of the question or of a clause ("employees who leave" is not
     * a question about a person); "how many" and "what/which" with a typed noun count anywhere.
     */
    private static final Pattern TYPED = Pattern.compile("(?:"
            + "\\b(how (?:many|much|far|big|large|high|old|heavy|expensive)\\b"
            + "|" + DETERMINER + "(?:" + QUANTITY_NOUNS + ")\\b"
            + "|what (?:does|do|did|will|would) [^?]{1,40}? cost\\b)"
            + "|\\b(how (?:long|soon|often|early|late)\\b|(?:until|till|by|at|since) what\\b"
            + "|" + DETERMINER + "(?:" + TIME_NOUNS + ")\\b)"
            + "|" + CLAUSE_START + "(when)\\b"
            + "|\\b(" + DETERMINER + "(?:" + PERSON_NOUNS + ")\\b)"
            + "|" + CLAUSE_START + "(who|whom|whose)\\b"
            + "|\\b(" + DETERMINER + "(?:" + PLACE_NOUNS + ")\\b|on what floor\\b)"
            + "|" + CLAUSE_START + "(where|whereabouts)\\b"
            + ")");
    /** The kind of each group of {@link #TYPED}. */
    private static final Type[] GROUPS = {Type.QUANTITY, Type.TIME, Type.TIME, Type.PERSON, Type.PERSON, Type.PLACE,
            Type.PLACE};

    /** Auxiliaries a yes/no question starts with. */
    private static final Pattern YES_NO_START = Pattern.compile("^(?:is|are|was|were|am|do|does|did|can|could|"
            + "should|would|will|may|might|must|shall|have|has|had|isn't|aren't|don't|doesn't|didn't|can't|won't)\\b");
    /** A question asked inside a yes/no one: "Can you tell me how many …", "Do you know when …". */
    private static final Pattern EMBEDDED = Pattern.compile("\\b(?:tell|know|say|find out|show|explain|ask|check)"
            + "(?: me| us)? (?=how|when|who|where|what|which|until|by)");

    private static final String NUMBER_WORDS = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
            + "twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
            + "seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens|half|"
            + "twice|double|triple|once|none|unlimited|free";
    private static final String WEEKDAYS = "mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|"
            + "mon|tue|tues|"
            + "wed|thu|thur|thurs|fri|sat|sun|weekday|weekdays|weekend|weekends";
    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october|"
            + "november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
    private static final String TIME_WORDS = "seconds?|minutes?|hours?|days?|nights?|weeks?|fortnight|months?|"
            + "years?|quarters?|noon|midday|midnight|morning|mornings|afternoon|evening|tonight|today|tomorrow|"
            + "yesterday|daily|weekly|monthly|yearly|annually|annual|quarterly|hourly|immediately|instantly|"
            + "promptly|asap|before|after|until|till|within|during|prior|advance|beforehand|overnight|always|never|"
            + "anytime|whenever|once|twice|every|per|a\\.m|p\\.m|am|pm|start|end|beginning|next|period|periods|time|"
            + "times|now|soon|later|earlier|term|cycle|instant";
    private static final String PERSON_WORDS = "manager|managers|team|teams|department|departments|lead|leads|"
            + "officer|officers|administrator|administrators|admin|admins|owner|owners|staff|employee|employees|"
            + "person|people|supervisor|supervisors|desk|finance|legal|reception|receptionist|customer|customers|"
            + "colleague|colleagues|head|director|directors|representative|agent|agents|contact|engineer|engineers|"
            + "committee|board|partner|partners|carrier|courier|provider|vendor|member|members|payroll|operations|"
            + "facilities|helpdesk|help desk|buyer|seller|landlord|team lead|intern|interns|contractor|contractors";
    private static final String PLACE_WORDS = "floor|floors|room|rooms|building|buildings|office|offices|address|"
            + "street|road|avenue|lane|square|city|desk|reception|kitchen|lobby|entrance|exit|level|wing|area|site|"
            + "location|locations|campus|station|parking|car park|garage|basement|lounge|hall|centre|center|"
            + "warehouse|store|shop|branch|country|countries|region|portal|page|website|url|dashboard|settings|"
            + "menu|section|tab|link|folder|drive|inbox|app|locker|cabinet|door|corridor|stairs|lift|elevator|"
            + "upstairs|downstairs|next to|opposite|near|nearby|beside|behind|inside|outside|north|south|east|west|"
            + "remote|remotely|home|postal|mailbox|bin|bins|counter|https?|kept|stored|located|situated|held|filed|"
            + "saved|vault|system|systems|tool|drive|cloud|server|servers|repository|storage|archive";

    private static final Pattern QUANTITY = Pattern.compile("\\d|%|[€$£¥]|\\b(?:" + NUMBER_WORDS
            + "|percent|per cent|eur|usd|gbp|euros?|dollars?|pounds?|cents?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("\\d|\\b(?:" + WEEKDAYS + "|" + MONTHS + "|" + TIME_WORDS
            + ")\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERSON_NOUN = Pattern.compile("\\b(?:" + PERSON_WORDS + ")\\b|\\b(?-i:HR|IT|CEO|CFO|"
            + "CTO|DPO|CISO)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACE_NOUN = Pattern.compile("\\d|\\b(?:" + PLACE_WORDS + ")\\b",
            Pattern.CASE_INSENSITIVE);
    /**
     * An e-mail address: where something is sent or reported ("Where do I report an incident?"), and whom to contact
     * ("Who do I write to about my invoice?").
     */
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
    /** A capitalised word inside a sentence (after a lower-case word, a number or a comma): a name. */
    private static final Pattern NAME = Pattern.compile("(?<=[\\p{Ll}\\p{N},;] )\\p{Lu}[\\p{L}'-]+");

    /** A question about a price: its amount must be one of money. */
    private static final Pattern PRICE_QUESTION = Pattern.compile("\\b(?:cost|costs|price|prices|priced|fee|fees|"
            + "charge|charges|charged|expensive|cheap|cheaper)\\b");
    private static final Pattern MONEY = Pattern.compile("[€$£¥]|\\b(?:eur|usd|gbp|chf|euros?|dollars?|pounds?|"
            + "cents?|free|no charge|no cost|free of charge|costs nothing|included|includes|paid by|covers)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A "how often" question: its answer is a frequency. */
    private static final Pattern FREQUENCY_QUESTION = Pattern.compile("\\bhow often\\b|\\bhow frequently\\b");
    private static final Pattern FREQUENCY = Pattern.compile("\\b(?:every|each|per|once|twice|thrice|times|daily|"
            + "weekly|fortnightly|monthly|quarterly|yearly|annually|hourly|nightly|always|never|whenever|continuous|"
            + "continuously|regularly|a (?:second|minute|hour|day|night|week|month|quarter|year))\\b",
            Pattern.CASE_INSENSITIVE);

    /** Where a "how many" question says what it counts. */
    private static final Pattern COUNTED = Pattern.compile("\\b(?:how many|number of)\\b");
    private static final Pattern COUNT_WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N},.'-]*(?<![,.'-])");
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*|"
            + NUMBER_WORDS.replace("|none|unlimited|free", "|unlimited"));
    private static final Set<String> SMALL_WORDS = Set.of("of", "the", "a", "an", "my", "our", "your", "their",
            "his", "her", "its", "this", "that", "these", "those", "how", "many", "much", "number", "what", "which",
            "who", "when", "where", "is", "are", "was", "were", "be", "been", "do", "does", "did", "can", "could",
            "should", "would", "will", "may", "might", "must", "shall", "have", "has", "had", "i", "we", "you", "they",
            "he", "she", "it", "me", "us", "them", "there", "in", "on", "at", "for", "to", "from", "by", "with",
            "per", "and", "or", "if", "as", "about", "into", "get", "take", "give", "one", "any", "some", "all",
            "each", "every", "total", "maximum", "minimum", "max", "min", "up", "allowed", "include", "included");

    /**
     * Units of time, one as good as another for a count when the unit follows the number at once or after one word
     * ("one hour", "two working days"): "how many days do I have to report it" is answered by "within one hour" (the
     * answer converts; the question only guessed the unit), but not by "600 requests per minute".
     */
    private static final Set<String> TIME_UNITS = Set.of("second", "minute", "hour", "day", "night", "week",
            "fortnight", "month", "year");

    private AnswerTypes() {
    }

    /**
     * The kind of answer a question asks for: the kind of its first typed question phrase, or {@link Type#ANY} for a
     * yes/no question (one starting with an auxiliary: "Can I …", "Is there …") and for a question without one.
     */
    public static Type of(String question) {
        if (question == null) {
            return Type.ANY;
        }
        String text = question.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("\\s+", " ").strip();
        Matcher yesNo = YES_NO_START.matcher(text);
        if (yesNo.find()) {
            Matcher embedded = EMBEDDED.matcher(text);
            if (!embedded.find()) {
                return Type.ANY;
            }
            text = text.substring(embedded.end());
        }
        Matcher matcher = TYPED.matcher(text);
        if (!matcher.find()) {
            return Type.ANY;
        }
        for (int group = 1; group <= GROUPS.length; group++) {
            if (matcher.group(group) != null) {
                return GROUPS[group - 1];
            }
        }
        return Type.ANY;
    }

    /** Whether a passage contains something of the kind ({@link Type#ANY}: always). */
    public static boolean contains(Type type, String passage) {
        if (type == Type.ANY) {
            return true;
        }
        if (passage == null || passage.isBlank()) {
            return false;
        }
        return switch (type) {
            case QUANTITY -> QUANTITY.matcher(passage).find();
            case TIME -> TIME.matcher(passage).find();
            case PERSON -> PERSON_NOUN.matcher(passage).find() || NAME.matcher(passage).find()
                    || EMAIL.matcher(passage).find();
            case PLACE -> PLACE_NOUN.matcher(passage).find() || NAME.matcher(passage).find()
                    || EMAIL.matcher(passage).find();
            case ANY -> true;
        };
    }

    /**
     * The words a "how many" (or "number of") question asks a count of: its own words, small and question words left
     * out ("How many cars can park at the building?": car, park, building); empty for any other question.
     */
    public static List<String> counted(String question) {
        if (question == null || !COUNTED.matcher(question.toLowerCase(Locale.ROOT)).find()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher words = COUNT_WORD.matcher(question.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = singular(words.group());
            if (!SMALL_WORDS.contains(words.group()) && !SMALL_WORDS.contains(word) && !out.contains(word)) {
                out.add(word);
            }
        }
        return out;
    }

    /**
     * Whether a passage gives a count of one of the counted words: a number (digits or a number word) followed, at
     * most three words on, by one of them or a word sharing its first four letters or more ("seats 20 people", "two
     * working days", "40 parking spaces" for "park"); "600 requests per minute" counts no API keys.
     */
    public static boolean counts(List<String> counted, String passage) {
        if (counted.isEmpty()) {
            return true;
        }
        if (passage == null) {
            return false;
        }
        List<String> words = new ArrayList<>();
        Matcher matcher = COUNT_WORD.matcher(passage.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        for (int i = 0; i < words.size(); i++) {
            if (!NUMBER.matcher(words.get(i)).matches()) {
                continue;
            }
            for (int j = i + 1; j <= i + 3 && j < words.size(); j++) {
                String word = singular(words.get(j));
                for (String asked : counted) {
                    if (word.equals(asked) || asked.length() >= 4 && word.startsWith(asked)
                            || word.length() >= 4 && asked.startsWith(word)
                            || j <= i + 2 && TIME_UNITS.contains(asked) && TIME_UNITS.contains(word)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether a passage can answer the question: it contains something of the kind the question asks for
     * ({@link #of}, {@link #contains}); for a question about a price, an amount of money (or "free", "included"); for
     * a "how often" question, a frequency; for a "how many" question, a count of what it counts ({@link #counted},
     * {@link #counts}).
     */
    public static boolean answers(String question, String passage) {
        Type type = of(question);
        if (!contains(type, passage)) {
            return false;
        }
        if (type == Type.ANY || passage == null) {
            return true;
        }
        String asked = question.toLowerCase(Locale.ROOT);
        if (type == Type.QUANTITY && PRICE_QUESTION.matcher(asked).find() && !MONEY.matcher(passage).find()) {
            return false;
        }
        if (type == Type.TIME && FREQUENCY_QUESTION.matcher(asked).find() && !FREQUENCY.matcher(passage).find()) {
            return false;
        }
        return counts(counted(question), passage);
    }

    /** A word without its plural ending ("days", "parties", "boxes": day, party, box). */
    static String singular(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 4 && (word.endsWith("ses") || word.endsWith("xes") || word.endsWith("ches")
                || word.endsWith("shes"))) {
            return word.substring(0, word.length() - 2);
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
