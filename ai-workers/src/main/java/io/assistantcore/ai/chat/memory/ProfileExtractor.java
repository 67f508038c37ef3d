package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the facts a user states about themselves in a message, by rules, and keeps the conversation's profile:
 * <ul>
 *     <li>{@code name} — "my name is Anna Schmidt", "I'm called Anna", "Hi, I'm Anna Schmidt" (only capitalised
 *     words that are not adjectives, nationalities or roles: "I'm tired", "I'm German", "I'm the CFO" state no
 *     name);</li>
 *     <li>{@code preferred_name} — "call me Ann", "I go by Ann" ("call me back" is not a name);</li>
 *     <li>{@code role} — "I work as a data analyst", "my role is CFO", "I'm the CFO", "I'm a software engineer at
 *     Acme", "I'm Anna, head of sales" (with "I'm a/the …" the phrase must end in a job word or an acronym: "I'm a
 *     big fan" is no role);</li>
 *     <li>{@code company} — "I work at/for Acme", "our company is Acme", "I'm the CFO of Acme", "… at Acme"
 *     (capitalised names only: "I work at home" is no company);</li>
 *     <li>{@code language} — "please always answer in German", "from now on reply in French", "I prefer
 *     German";</li>
 *     <li>{@code preference} — "I prefer short answers", "please always use bullet points", "from now on keep it
 *     brief", "never use emojis" (a choice such as "I prefer the second option" is not a standing preference).</li>
 * </ul>
 * Not taken: questions ("is my name Anna?", except polite requests such as "could you always answer in German?"),
 * negated and hypothetical statements ("I don't work at Acme", "if I were the CFO"), reported speech ("he said my
 * name is Bob"), quoted and fenced text, and text pasted after an instruction ("fix the grammar of: My name is
 * Jon…"): that is material to work on, not a statement about the user.
 *
 * <p>{@link #merge} keeps the profile: a newer fact replaces an older one of the same key ({@code preference} holds
 * up to {@link #MAX_PREFERENCES} different ones, the oldest dropped first); facts are listed in a fixed key order;
 * at most {@code maxFacts} facts of at most {@code maxValueChars} characters (a longer value is not taken at all
 * rather than cut). Thread-safe and deterministic.
 */
public final class ProfileExtractor {

    public static final String NAME = "name";
    public static final String PREFERRED_NAME = "preferred_name";
    public static final String ROLE = "role";
    public static final String COMPANY = "company";
    public static final String LANGUAGE = "language";
    public static final String PREFERENCE = "preference";

    /** The keys in the order the profile lists them. */
    public static final List<String> KEYS = List.of(NAME, PREFERRED_NAME, ROLE, COMPANY, LANGUAGE, PREFERENCE);

    public static final int DEFAULT_MAX_FACTS = 12;
    public static final int DEFAULT_MAX_VALUE_CHARS = 120;
    public static final int MAX_PREFERENCES = 5;

    /** Only the start of a very long message is read: statements about oneself come first, pasted text after. */
    static final int MAX_SCANNED_CHARS = 4_000;

    private final int maxFacts;
    private final int maxValueChars;

    public ProfileExtractor() {
        this(DEFAULT_MAX_FACTS, DEFAULT_MAX_VALUE_CHARS);
    }

    public ProfileExtractor(int maxFacts, int maxValueChars) {
        if (maxFacts < 1 || maxValueChars < 8) {
            throw new IllegalArgumentException("a profile holds at least 1 fact of at least 8 characters");
        }
        this.maxFacts = maxFacts;
        this.maxValueChars = maxValueChars;
    }

    // ------------------------------------------------------------------------------------------------ vocabulary

    private static final String GREETING = "(?i:(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|"
            + "evening|day))(?: there| all| everyone| team)?)";

    /** Capitalised words that follow "I'm" without being a name. */
    private static final Set<String> NOT_A_NAME = setOf(
            "sorry", "not", "so", "just", "here", "back", "done", "fine", "good", "great", "ok", "okay", "happy",
            "glad", "sure", "new", "also", "still", "really", "very", "currently", "looking", "trying", "working",
            "going", "writing", "using", "interested", "curious", "confused", "afraid", "tired", "busy", "ready",
            "excited", "unable", "able", "available", "responsible", "in", "on", "at", "from", "with", "the", "a",
            "an", "and", "but", "or", "only", "always", "never", "now", "well", "pretty", "quite", "feeling",
            "having", "getting", "based", "located", "calling", "reaching", "wondering", "thinking", "planning",
            "hoping", "asking", "doing", "leaving", "off", "out", "up", "down", "over", "all", "your", "their", "his",
            "her", "our", "my", "it", "that", "this", "something", "someone", "human", "male", "female", "vegan",
            "vegetarian", "retired", "married", "single", "divorced", "pregnant", "sick", "ill", "late", "early",
            "home", "alone", "lost", "stuck", "finished", "bored", "hungry", "angry", "sad", "right", "wrong",
            "certain", "positive", "negative", "aware", "alright", "allergic", "old", "young", "new", "stressed",
            "worried", "thrilled", "delighted", "pleased", "honored", "honoured", "impressed", "disappointed",
            "frustrated", "annoyed", "surprised", "new", "fairly", "totally", "absolutely", "definitely", "probably",
            "actually", "basically", "literally", "seriously", "kind", "sort", "about", "almost", "nearly", "bad",
            "like", "unsure", "uncertain", "there", "trying", "hi", "hello", "hey", "thanks", "thank", "what", "who",
            "how", "why", "when", "where", "i", "you", "me", "is", "am", "are", "was", "be", "to", "of", "for", "by",
            "as", "if", "no", "yes", "please", "dear", "mr", "mrs", "ms", "dr", "prof",
            // nationalities, languages, religions, regions: "I'm German" says no name
            "american", "british", "english", "german", "french", "spanish", "italian", "dutch", "polish", "swiss",
            "austrian", "canadian", "australian", "irish", "scottish", "welsh", "indian", "chinese", "japanese",
            "korean", "russian", "ukrainian", "brazilian", "mexican", "portuguese", "swedish", "norwegian", "danish",
            "finnish", "greek", "turkish", "arab", "arabic", "israeli", "jewish", "muslim", "christian", "catholic",
            "protestant", "hindu", "buddhist", "atheist", "european", "african", "asian", "latino", "latina",
            "hispanic", "czech", "hungarian", "romanian", "belgian", "nigerian", "egyptian", "pakistani",
            "vietnamese", "thai", "filipino", "indonesian", "iranian", "persian", "kenyan", "south", "north", "east",
            "west", "bavarian", "texan", "californian", "democrat", "republican", "gay", "straight", "deaf", "blind",
            "colorblind", "dyslexic", "autistic", "left-handed", "right-handed",
            // "it's Monday here" says no name either
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            "christmas", "easter", "summer", "winter", "spring", "autumn", "fall", "morning", "evening", "night");

    /** Words that end a role or a company: what follows them is something else. */
    private static final Set<String> BOUNDARY = setOf("at", "for", "with", "in", "and", "but", "by", "from", "who",
            "that", "which", "since", "here", "there", "now", "currently", "to", "as", "so", "because", "where",
            "when", "while", "i", "im", "i'm", "we", "our", "my", "and", "or", "not", "of", "on", "though", "although");

    /** Job words a role phrase after "I'm a/the …" must end with. */
    private static final Set<String> ROLE_NOUNS = setOf(
            "engineer", "developer", "programmer", "manager", "director", "head", "lead", "leader", "founder",
            "co-founder", "cofounder", "owner", "consultant", "analyst", "designer", "architect", "accountant",
            "bookkeeper", "controller", "auditor", "lawyer", "attorney", "solicitor", "paralegal", "counsel",
            "teacher", "professor", "lecturer", "student", "researcher", "scientist", "nurse", "doctor", "physician",
            "surgeon", "dentist", "pharmacist", "therapist", "psychologist", "administrator", "admin", "officer",
            "president", "vice-president", "partner", "associate", "recruiter", "specialist", "coordinator",
            "assistant", "secretary", "receptionist", "salesperson", "representative", "rep", "marketer", "writer",
            "copywriter", "editor", "journalist", "translator", "interpreter", "intern", "trainee", "apprentice",
            "freelancer", "contractor", "executive", "supervisor", "technician", "mechanic", "electrician",
            "plumber", "agent", "advisor", "adviser", "planner", "strategist", "tester", "chef", "cook", "clerk",
            "cashier", "driver", "pilot", "banker", "broker", "trader", "economist", "statistician", "librarian",
            "entrepreneur", "investor", "master", "treasurer", "chairman", "chairwoman", "chair", "chairperson",
            "buyer", "purchaser", "operator", "dispatcher", "inspector", "surveyor", "coach", "trainer",
            "instructor", "tutor", "principal", "dean", "farmer", "baker", "carpenter", "artist", "photographer",
            "musician", "actor", "producer", "barista", "waiter", "waitress", "bartender", "paramedic",
            "firefighter", "veterinarian", "vet", "scientist", "chemist", "biologist", "physicist", "mathematician",
            "officer", "ceo", "cfo", "cto", "coo", "cio", "cmo", "ciso", "vp", "svp", "evp", "hr", "pm", "po");

    /** Words that may stand in a role although they follow "I'm" in other senses ("I'm the new CFO"). */
    private static final Set<String> ROLE_MODIFIERS = setOf("new", "acting", "interim", "current", "senior",
            "junior", "deputy", "chief", "principal", "lead", "head");

    /** Roles after which "of X" names the department ("head of sales") rather than the company. */
    private static final Set<String> DEPARTMENT_HEADS = setOf("head", "director", "vp", "svp", "evp", "chief",
            "manager", "lead", "leader", "president", "vice-president", "officer");

    /** Words that make "I'm a … X" a description rather than a job. */
    private static final Set<String> NOT_IN_A_ROLE = setOf("really", "very", "pretty", "quite", "good", "bad",
            "great", "terrible", "big", "huge", "total", "proud", "happy", "little", "former", "ex", "future",
            "aspiring", "wannabe", "retired", "bit", "fan", "lot", "kind",
            "sort", "fool", "mess", "one", "person", "guy", "girl", "man", "woman", "team", "group", "part", "way",
            "matter", "result", "rule", "whole", "hard", "much", "long", "well", "usual");

    /** First words after "at/for" that are no company. */
    private static final Set<String> NOT_A_COMPANY = setOf("i", "home", "myself", "night", "weekends", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
            "april", "may", "june", "july", "august", "september", "october", "november", "december", "christmas",
            "it", "this", "that", "my", "our", "your", "free", "least", "most", "present", "times", "fun", "now",
            "noon", "midnight", "lunch", "work", "school", "university", "college", "office", "the", "a", "an");

    private static final Set<String> COMPANY_SUFFIXES = setOf("gmbh", "ag", "inc", "ltd", "llc", "plc", "se", "co",
            "kg", "sa", "nv", "bv", "corp", "corporation", "group", "limited");

    private static final Map<String, String> LANGUAGES = languages();

    private static Map<String, String> languages() {
        Map<String, String> all = new LinkedHashMap<>();
        for (String language : List.of("English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch",
                "Polish", "Swedish", "Norwegian", "Danish", "Finnish", "Czech", "Slovak", "Hungarian", "Romanian",
                "Greek", "Turkish", "Russian", "Ukrainian", "Arabic", "Hebrew", "Hindi", "Chinese", "Mandarin",
                "Cantonese", "Japanese", "Korean", "Vietnamese", "Thai", "Indonesian", "Malay", "Bulgarian",
                "Croatian", "Serbian", "Slovenian", "Estonian", "Latvian", "Lithuanian", "Catalan", "Basque", "Irish",
                "Welsh", "Persian", "Farsi", "Urdu", "Bengali", "Tamil", "Swahili", "Afrikaans", "Filipino",
                "Tagalog", "Icelandic")) {
            all.put(language.toLowerCase(Locale.ROOT), language);
        }
        return Map.copyOf(all);
    }

    private static final String LANGUAGE_QUALIFIER = "(?i:(?:british|american|brazilian|european|swiss|austrian|"
            + "simplified|traditional|plain|simple)\\s+)?";
    private static final String LANGUAGE_WORD = "(\\p{L}+)";

    // ------------------------------------------------------------------------------------------------- patterns

    private static final Pattern SENTENCE_END = Pattern.compile(
            "(?<=[.!?;])(?<!\\b(?i:dr|mr|mrs|ms|prof|st|inc|ltd|co|jr|sr|vs|etc|corp)\\.)\\s+|\\s*\\R+\\s*");
    private static final Pattern FENCED = Pattern.compile("```.*?(?:```|$)", Pattern.DOTALL);
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|«[^»]*»");
    private static final Pattern QUOTED_LINE = Pattern.compile("(?m)^\\s*>.*$");
    /** An instruction before a colon: what follows is material to work on. */
    private static final Pattern INSTRUCTION_WORD = Pattern.compile("(?i)\\b(?:fix|correct|proofread|check|"
            + "summari[sz]e|summary|shorten|improve|rewrite|rephrase|reword|translate|edit|review|polish|reply|"
            + "respond|answer|draft|make|turn|convert|format|here(?:'s| is| are)?|below|following|this|these|text|"
            + "email|e-mail|message|paragraph|letter|document|tl;?dr)\\b");

    private static final Pattern HYPOTHETICAL_START = Pattern.compile("^(?i:if|what if|suppose|supposing|imagine|"
            + "pretend|let's say|lets say|say|as if|assuming|hypothetically|in case|even if|unless|whether|when|"
            + "once|should|would|could|can|do|does|did|is|are|am|was|were|will|have|has)\\b");
    private static final Pattern REPORTED = Pattern.compile("(?i)\\b(?:said|says|say|told|tells|writes|wrote|"
            + "thinks|thought|believes|claims|claimed|asked|asks)\\b");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(?:not|never|no longer|no more|nobody)\\b|n't\\b"
            + "|\\b(?:dont|doesnt|didnt|wont|cant|cannot|isnt|wasnt|arent)\\b");
    private static final Pattern POLITE_REQUEST = Pattern.compile(
            "^(?i:(?:can|could|would|will) you(?: please)?)\\s+");
    private static final Pattern QUESTION_CLAUSE = Pattern.compile(
            "[,;:]\\s*(?i:can|could|would|will|what|how|why|where|when|who|which|do|does|did|is|are|any)\\b");

    private static final Pattern NAME_EXPLICIT = Pattern.compile(
            "\\b(?i:my name is|my name's|my full name is|my first name is|i am called|i'm called|im called|"
            + "i am named|i'm named)\\s+");
    private static final Pattern PREFERRED_NAME_CUE = Pattern.compile(
            "\\b(?i:please call me|you can call me|you may call me|just call me|call me|i go by|"
            + "i prefer to be called|i'd like to be called|i would like to be called|address me as|"
            + "please address me as|i prefer to be addressed as|i'd like to be addressed as)\\s+");
    private static final Pattern I_AM = Pattern.compile("\\b(?i:i am|i'm|i’m|im)\\s+");
    private static final Pattern THIS_IS = Pattern.compile("^(?i:this is|it's|it’s|it is)\\s+");
    private static final Pattern ROLE_EXPLICIT = Pattern.compile(
            "\\b(?i:i work as|i'm working as|i am working as|i currently work as|i now work as|i am employed as|"
            + "i'm employed as|i serve as|my role is|my job title is|my title is|my position is|my job is|"
            + "my current role is|my current position is)\\s+");
    private static final Pattern COMPANY_WORK = Pattern.compile(
            "\\b(?i:i work|i'm working|i am working|i currently work|i now work|i'm currently working|"
            + "i am currently working|i'm employed|i am employed)\\s+(?i:at|for|by)\\s+");
    private static final Pattern COMPANY_EXPLICIT = Pattern.compile(
            "\\b(?i:our company is|my company is|the company i work for is|the company i work at is|my employer is|"
            + "our company's name is|my company's name is|our firm is|our organisation is|our organization is|"
            + "our business is|my firm is)\\s+(?:(?i:called|named)\\s+)?");
    /** "I'm Anna, (and I'm) the CFO". */
    private static final Pattern APPOSITION = Pattern.compile("^\\s*,\\s*(?:(?i:and)\\s+)?(?:(?i:i'm|i am)\\s+)?");
    /** "I work at Acme (now,) as the CFO". */
    private static final Pattern ROLE_AFTER_COMPANY = Pattern.compile(
            "^\\s*,?\\s*(?:(?i:now|currently|today|these days),?\\s*)?(?i:as)\\s+");
    private static final Pattern PERSISTENCE = Pattern.compile("(?i)\\b(?:always|from now on|from here on|"
            + "in future|in the future|going forward|by default|every time|all the time|for the rest of this "
            + "conversation)\\b");
    private static final Pattern LANGUAGE_REQUEST = Pattern.compile("(?i)\\b(?:answer|respond|reply|write|talk|"
            + "speak|communicate|chat|use)\\b(?:\\s+(?:to me|with me|me|only|back|your answers|answers|replies))?"
            + "(?:\\s+(?:in|using))?\\s+" + LANGUAGE_QUALIFIER + LANGUAGE_WORD);
    private static final Pattern LANGUAGE_PREFERENCE = Pattern.compile("\\b(?i:i prefer|i'd prefer|i would prefer)"
            + "\\s+(?:(?i:answers|responses|replies|to (?:talk|chat|write|communicate)|you to (?:answer|respond|"
            + "reply|write))\\s+(?i:in)\\s+)?" + LANGUAGE_QUALIFIER + LANGUAGE_WORD + "\\b");
    private static final Pattern PREFER = Pattern.compile("\\b(?i:i prefer|i'd prefer|i would prefer|"
            + "i'd rather have|i would rather have|i like it when you|i'd like you to always|i want you to always|"
            + "i would like you to always|i'd like you to never|i want you to never|i would like you to never)\\s+");
    private static final Pattern STANDING_INSTRUCTION = Pattern.compile("^(?:(?i:please)\\s+)?"
            + "(?:(?i:always|never)|(?i:from now on|from here on|going forward|in future|in the future),?\\s+"
            + "(?:(?i:please)\\s+)?(?:(?i:always|never)\\s+)?)\\s*(?i:answer|respond|reply|write|use|keep|include|"
            + "give|add|format|explain|address|sign|cite|show|be|start|end|put|avoid|mention|list|provide|make|"
            + "talk|speak|refer|spell|stick|limit)\\b");
    private static final Pattern CHOICE = Pattern.compile("^(?i:the|this|that|these|those|option|version|first|"
            + "second|third|last|former|latter|one|it|not to (?:say|answer|tell|share|disclose)|to not say)\\b");

    // ------------------------------------------------------------------------------------------------ extraction

    /** The facts {@code message} states about its author, in {@link #KEYS} order (the last statement of a key wins). */
    public List<ProfileFact> extract(String message) {
        if (message == null || message.isBlank()) {
            return List.of();
        }
        String text = statementsOnly(message.length() > MAX_SCANNED_CHARS
                ? message.substring(0, MAX_SCANNED_CHARS) : message);
        boolean lowercaseWriter = text.chars().noneMatch(Character::isUpperCase);
        Facts facts = new Facts();
        for (String raw : SENTENCE_END.split(text)) {
            String sentence = raw.strip();
            if (sentence.isEmpty()) {
                continue;
            }
            String body = sentence.replaceAll("[.!?;]+$", "").strip();
            if (sentence.endsWith("?")) {
                Matcher polite = POLITE_REQUEST.matcher(body);
                if (polite.lookingAt()) {
                    // "could you always answer in German?" states a preference; nothing else in a question does
                    preferences(body.substring(polite.end()), facts);
                    continue;
                }
                // "I'm Anna, could you help me?": the statement before the question still counts
                Matcher question = QUESTION_CLAUSE.matcher(body);
                if (!question.find()) {
                    continue;
                }
                body = body.substring(0, question.start()).strip();
            }
            if (body.isEmpty() || HYPOTHETICAL_START.matcher(body).lookingAt()) {
                continue;
            }
            preferences(body, facts);
            statements(body, lowercaseWriter, facts);
        }
        return facts.list(maxValueChars);
    }

    /**
     * The profile after {@code stated}: {@code existing} with every single-valued fact of a key in {@code stated}
     * replaced, new preferences added (an equal one moves to the newest place, the oldest are dropped beyond
     * {@link #MAX_PREFERENCES}), ordered by {@link #KEYS}, at most {@code maxFacts}.
     */
    public List<ProfileFact> merge(List<ProfileFact> existing, List<ProfileFact> stated) {
        Map<String, String> single = new LinkedHashMap<>();
        List<String> preferences = new ArrayList<>();
        List<ProfileFact> unknown = new ArrayList<>();
        for (List<ProfileFact> source : List.of(existing == null ? List.<ProfileFact>of() : existing,
                stated == null ? List.<ProfileFact>of() : stated)) {
            for (ProfileFact fact : source) {
                if (fact == null || fact.key() == null || fact.value() == null || fact.value().isBlank()
                        || fact.value().length() > maxValueChars) {
                    continue;
                }
                if (PREFERENCE.equals(fact.key())) {
                    preferences.removeIf(p -> p.equalsIgnoreCase(fact.value()));
                    preferences.add(fact.value());
                } else if (KEYS.contains(fact.key())) {
                    single.put(fact.key(), fact.value());
                } else {
                    unknown.removeIf(f -> f.key().equals(fact.key()));
                    unknown.add(fact);
                }
            }
        }
        List<ProfileFact> merged = new ArrayList<>();
        for (String key : KEYS) {
            if (single.containsKey(key)) {
                merged.add(new ProfileFact(key, single.get(key)));
            }
        }
        merged.addAll(unknown);
        int room = Math.max(0, Math.min(MAX_PREFERENCES, maxFacts - merged.size()));
        List<String> kept = preferences.subList(Math.max(0, preferences.size() - room), preferences.size());
        kept.forEach(value -> merged.add(new ProfileFact(PREFERENCE, value)));
        return List.copyOf(merged.size() > maxFacts ? merged.subList(0, maxFacts) : merged);
    }

    /** {@code merge(existing, extract(message))}. */
    public List<ProfileFact> update(List<ProfileFact> existing, String message) {
        return merge(existing, extract(message));
    }

    /** Drops code, quotations and text pasted after an instruction: they are not statements of the author. */
    static String statementsOnly(String message) {
        String text = FENCED.matcher(message).replaceAll(" ");
        text = INLINE_CODE.matcher(text).replaceAll(" ");
        text = QUOTED_LINE.matcher(text).replaceAll(" ");
        text = QUOTED.matcher(text).replaceAll(" \"\" ");
        int colon = text.indexOf(':');
        if (colon >= 0) {
            String before = text.substring(0, colon);
            String[] words = before.strip().split("\\s+");
            if (words.length <= 20 && INSTRUCTION_WORD.matcher(before).find()) {
                return before;
            }
        }
        return text;
    }

    private void preferences(String body, Facts facts) {
        if (PERSISTENCE.matcher(body).find()) {
            Matcher language = LANGUAGE_REQUEST.matcher(body);
            while (language.find()) {
                String found = LANGUAGES.get(language.group(1).toLowerCase(Locale.ROOT));
                if (found != null && !negatedBefore(body, language.start())) {
                    facts.put(LANGUAGE, found);
                    return;
                }
            }
        }
        Matcher languagePreference = LANGUAGE_PREFERENCE.matcher(body);
        if (languagePreference.find() && !negatedBefore(body, languagePreference.start())) {
            String found = LANGUAGES.get(languagePreference.group(1).toLowerCase(Locale.ROOT));
            String after = body.substring(languagePreference.end()).strip();
            if (found != null && (after.isEmpty() || after.matches("(?i)(?:please|thanks|thank you|,.*)"))) {
                facts.put(LANGUAGE, found);
                return;
            }
        }
        Matcher prefer = PREFER.matcher(body);
        if (prefer.find() && !negatedBefore(body, prefer.start()) && !reportedBefore(body, prefer.start())) {
            String phrase = clean(body.substring(prefer.end()));
            String cue = prefer.group().toLowerCase(Locale.ROOT);
            if (cue.contains("always")) {
                phrase = "always " + phrase;
            } else if (cue.contains("never")) {
                phrase = "never " + phrase;
            }
            if (!phrase.isEmpty() && !CHOICE.matcher(phrase).lookingAt()) {
                facts.put(PREFERENCE, phrase);
            }
            return;
        }
        Matcher standing = STANDING_INSTRUCTION.matcher(body);
        if (standing.lookingAt()) {
            String phrase = clean(body.replaceFirst("^(?i:please)\\s+", "")
                    .replaceFirst("^(?i:from now on|from here on|going forward|in future|in the future),?\\s+"
                            + "(?:(?i:please)\\s+)?", ""));
            if (!phrase.isEmpty()) {
                facts.put(PREFERENCE, capitalize(phrase));
            }
        }
    }

    private void statements(String body, boolean lowercaseWriter, Facts facts) {
        Matcher explicit = NAME_EXPLICIT.matcher(body);
        while (explicit.find()) {
            if (admissible(body, explicit.start())) {
                Taken name = name(body, explicit.end(), lowercaseWriter);
                if (name != null) {
                    facts.put(NAME, name.value());
                    appositive(body, name.end(), facts);
                }
            }
        }
        Matcher preferred = PREFERRED_NAME_CUE.matcher(body);
        while (preferred.find()) {
            if (admissible(body, preferred.start())) {
                Taken name = name(body, preferred.end(), lowercaseWriter);
                if (name != null) {
                    facts.put(PREFERRED_NAME, name.value());
                }
            }
        }
        Matcher thisIs = THIS_IS.matcher(body);
        if (thisIs.lookingAt()) {
            Taken name = name(body, thisIs.end(), false);
            if (name != null) {
                String after = body.substring(name.end()).strip().toLowerCase(Locale.ROOT);
                if (after.startsWith("here") || after.startsWith("speaking")) {
                    facts.put(NAME, name.value());
                } else if (after.startsWith("from ")) {
                    Taken company = company(body, body.indexOf("from", name.end()) + 4, false);
                    if (company != null) {
                        facts.put(NAME, name.value());
                        facts.put(COMPANY, company.value());
                    }
                }
            }
        }
        Matcher iAm = I_AM.matcher(body);
        while (iAm.find()) {
            if (!clauseStart(body, iAm.start()) || !admissible(body, iAm.start())) {
                continue;
            }
            Taken role = role(body, iAm.end(), true, facts);
            if (role != null) {
                continue;
            }
            Taken name = name(body, iAm.end(), false);
            if (name != null && nameEndsClause(body, name.end())) {
                facts.put(NAME, name.value());
                appositive(body, name.end(), facts);
            }
        }
        Matcher explicitRole = ROLE_EXPLICIT.matcher(body);
        while (explicitRole.find()) {
            if (admissible(body, explicitRole.start())) {
                role(body, explicitRole.end(), false, facts);
            }
        }
        Matcher work = COMPANY_WORK.matcher(body);
        while (work.find()) {
            if (admissible(body, work.start())) {
                Taken company = company(body, work.end(), false);
                if (company != null) {
                    facts.put(COMPANY, company.value());
                    Matcher as = ROLE_AFTER_COMPANY.matcher(body.substring(company.end()));
                    if (as.lookingAt()) {
                        role(body, company.end() + as.end(), false, facts);
                    }
                }
            }
        }
        Matcher ours = COMPANY_EXPLICIT.matcher(body);
        while (ours.find()) {
            if (admissible(body, ours.start())) {
                boolean called = ours.group().toLowerCase(Locale.ROOT).matches(".*\\b(?:called|named)\\s+$");
                Taken company = company(body, ours.end(), lowercaseWriter && called);
                if (company != null) {
                    facts.put(COMPANY, company.value());
                }
            }
        }
    }

    /** "I'm Anna Schmidt, CFO at Acme": a role (and company) right after a name. */
    private void appositive(String body, int from, Facts facts) {
        Matcher comma = APPOSITION.matcher(body.substring(from));
        if (comma.lookingAt() && comma.end() > 0) {
            role(body, from + comma.end(), true, facts);
        }
    }

    private static boolean admissible(String body, int cueStart) {
        return !negatedBefore(body, cueStart) && !reportedBefore(body, cueStart);
    }

    private static boolean negatedBefore(String body, int index) {
        String before = body.substring(0, index);
        int clause = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'));
        return NEGATION.matcher(clause >= 0 ? before.substring(clause + 1) : before).find();
    }

    private static boolean reportedBefore(String body, int index) {
        return REPORTED.matcher(body.substring(0, index)).find();
    }

    /** "I'm …" counts at the start of a sentence or clause, or after a greeting. */
    private static boolean clauseStart(String body, int index) {
        String before = body.substring(0, index).strip();
        return before.isEmpty()
                || before.matches("(?s).*[,;:\\-–—(]")
                || before.matches("(?s)(?:.*[,;\\s])?(?i:and|but|so|also|btw|by the way|well|oh|ok|okay)")
                || before.matches(GREETING + "[,!.]*");
    }

    /** After a name without a cue, the clause must end (or go on with an apposition or "and"). */
    private static boolean nameEndsClause(String body, int end) {
        String after = body.substring(end).strip();
        return after.isEmpty() || after.startsWith(",") || after.startsWith("-") || after.startsWith("–")
                || after.startsWith("(") || after.matches("(?s)(?i:and|from|here|speaking|btw)\\b.*");
    }

    // ---------------------------------------------------------------------------------------------- collectors

    private record Taken(String value, int end) {
    }

    /** A word of the body and the index right after it. */
    private record Word(String text, String bare, int end, boolean closes) {
    }

    private static final Pattern NON_SPACE = Pattern.compile("\\S+");

    private static List<Word> words(String body, int from, int max) {
        List<Word> words = new ArrayList<>();
        Matcher matcher = NON_SPACE.matcher(body);
        matcher.region(from, body.length());
        while (matcher.find() && words.size() < max) {
            String raw = matcher.group();
            String bare = raw.replaceAll("^[(\\[\"'“‘]+", "").replaceAll("[,.;:!?)\\]\"'”’]+$", "");
            boolean closes = !bare.equals(raw) && raw.matches(".*[,.;:!?)\\]\"”]$")
                    && !bare.matches("(?i:dr|mr|mrs|ms|prof|inc|ltd|co|corp|jr|sr)");
            int end = matcher.start() + raw.indexOf(bare) + bare.length();
            if (bare.matches("(?i:dr|mr|mrs|ms|prof|inc|ltd|co|corp|jr|sr)") && raw.endsWith(".")) {
                bare = bare + ".";
                end++;
            }
            words.add(new Word(raw, bare, end, closes));
            if (closes) {
                break;
            }
        }
        return words;
    }

    private static final Pattern CAPITALISED = Pattern.compile("\\p{Lu}[\\p{L}'’-]*");
    private static final Pattern LOWER_WORD = Pattern.compile("\\p{Ll}[\\p{Ll}'’-]*");
    private static final Pattern ACRONYM = Pattern.compile("\\p{Lu}{2,5}");
    private static final Set<String> NAME_PARTICLES = setOf("van", "von", "de", "der", "den", "da", "di", "del",
            "la", "le", "bin", "al", "ten", "ter", "du", "dos", "das");
    private static final Set<String> TITLES = setOf("dr.", "mr.", "mrs.", "ms.", "prof.", "dr", "mr", "mrs", "ms",
            "prof");

    private static Taken name(String body, int from, boolean lowercaseAllowed) {
        List<Word> words = words(body, from, 6);
        List<String> parts = new ArrayList<>();
        int end = from;
        for (int i = 0; i < words.size() && parts.size() < 4; i++) {
            Word word = words.get(i);
            String bare = word.bare();
            String lower = bare.toLowerCase(Locale.ROOT);
            boolean title = parts.isEmpty() && TITLES.contains(lower) && i + 1 < words.size();
            boolean particle = !parts.isEmpty() && NAME_PARTICLES.contains(bare) && i + 1 < words.size()
                    && CAPITALISED.matcher(words.get(i + 1).bare()).matches();
            boolean capitalised = CAPITALISED.matcher(bare).matches() && !ACRONYM.matcher(bare).matches()
                    && !NOT_A_NAME.contains(lower) && !ROLE_NOUNS.contains(lower) && !possessive(bare);
            boolean lowercase = lowercaseAllowed && LOWER_WORD.matcher(bare).matches()
                    && !NOT_A_NAME.contains(lower) && !BOUNDARY.contains(lower) && !ROLE_NOUNS.contains(lower)
                    && !possessive(bare) && !COMMON_LOWERCASE.contains(lower) && parts.size() < 2;
            if (title || particle || capitalised || lowercase) {
                parts.add(lowercase ? capitalize(bare) : bare);
                end = word.end();
                if (word.closes()) {
                    break;
                }
            } else {
                break;
            }
        }
        while (!parts.isEmpty() && (TITLES.contains(parts.get(parts.size() - 1).toLowerCase(Locale.ROOT))
                || NAME_PARTICLES.contains(parts.get(parts.size() - 1)))) {
            parts.remove(parts.size() - 1);
        }
        if (parts.isEmpty() || parts.stream().allMatch(p -> TITLES.contains(p.toLowerCase(Locale.ROOT)))) {
            return null;
        }
        return new Taken(String.join(" ", parts), end);
    }

    /** Lower-case words that follow "my name is" / "call me" without being a name. */
    private static final Set<String> COMMON_LOWERCASE = setOf("back", "later", "tomorrow", "today", "tonight",
            "anytime", "asap", "maybe", "crazy", "old-fashioned", "whatever", "anything", "spelled", "written",
            "misspelled", "wrong", "right", "missing", "on", "btw", "lol", "haha", "please", "thanks", "again",
            "once", "soon", "whenever", "if", "when", "what", "too", "also", "nice", "to", "meet", "you", "sir",
            "madam", "mate", "buddy", "dude", "sweetie", "honey", "something", "a", "an", "the", "irrelevant",
            "important", "unimportant", "secret", "private", "long", "short", "hard", "difficult", "weird",
            "unusual", "common");

    private static boolean possessive(String word) {
        return word.matches(".*['’]s?$") || word.matches("(?i).*['’]s$");
    }

    /**
     * A role from {@code from}: an optional article, then up to five words to a boundary. After "I'm" ({@code strict})
     * the phrase must end in a job word or an acronym; after an explicit cue an article also suffices ("I work as a
     * barista"). "of X" after a department head stays in the role ("head of sales"); after other roles a
     * capitalised X is the company ("CFO of Acme"), as is "at/for/with X" after any role.
     */
    private Taken role(String body, int from, boolean strict, Facts facts) {
        List<Word> words = words(body, from, 12);
        int i = 0;
        boolean article = false;
        if (i < words.size() && words.get(i).bare().toLowerCase(Locale.ROOT).matches("a|an|the|our|their")) {
            article = !words.get(i).closes();
            i++;
            if (!article) {
                return null;
            }
        }
        List<String> parts = new ArrayList<>();
        int end = from;
        boolean closed = false;
        while (i < words.size() && parts.size() < 5) {
            Word word = words.get(i);
            String lower = word.bare().toLowerCase(Locale.ROOT);
            if (BOUNDARY.contains(lower) || lower.isEmpty() || !word.bare().matches("[\\p{L}&/-]+")) {
                break;
            }
            parts.add(word.bare());
            end = word.end();
            i++;
            if (word.closes()) {
                closed = true;
                break;
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        for (String part : parts) {
            String lower = part.toLowerCase(Locale.ROOT);
            if (NOT_IN_A_ROLE.contains(lower)
                    || NOT_A_NAME.contains(lower) && !ROLE_NOUNS.contains(lower) && !ROLE_MODIFIERS.contains(lower)) {
                return null;
            }
        }
        String last = parts.get(parts.size() - 1);
        String lastLower = last.toLowerCase(Locale.ROOT);
        boolean jobWord = ROLE_NOUNS.contains(lastLower) || ROLE_NOUNS.contains(lastLower.replaceAll("s$", ""))
                || ACRONYM.matcher(last).matches();
        if (!jobWord && (strict || !article)) {
            return null;
        }
        if (!strict && !article && parts.size() == 1 && CAPITALISED.matcher(last).matches() && !jobWord) {
            return null;
        }
        String role = String.join(" ", parts);
        String companyValue = null;
        int after = end;
        if (!closed && i < words.size()) {
            String next = words.get(i).bare().toLowerCase(Locale.ROOT);
            if ("of".equals(next) && !words.get(i).closes()) {
                if (DEPARTMENT_HEADS.contains(lastLower)) {
                    List<String> department = new ArrayList<>();
                    int j = i + 1;
                    while (j < words.size() && department.size() < 3) {
                        Word word = words.get(j);
                        String lower = word.bare().toLowerCase(Locale.ROOT);
                        if (BOUNDARY.contains(lower) || !word.bare().matches("[\\p{L}&/-]+")) {
                            break;
                        }
                        department.add(word.bare());
                        after = word.end();
                        j++;
                        if (word.closes()) {
                            break;
                        }
                    }
                    if (!department.isEmpty()) {
                        role = role + " of " + String.join(" ", department);
                        boolean departmentClosed = words.get(j - 1).closes();
                        if (!departmentClosed && j < words.size()
                                && words.get(j).bare().toLowerCase(Locale.ROOT).matches("at|for|with")) {
                            Taken company = company(body, words.get(j).end(), false);
                            companyValue = company == null ? null : company.value();
                        }
                    }
                } else {
                    Taken company = company(body, words.get(i).end(), false);
                    companyValue = company == null ? null : company.value();
                }
            } else if (next.matches("at|for|with") && !words.get(i).closes()) {
                Taken company = company(body, words.get(i).end(), false);
                companyValue = company == null ? null : company.value();
            }
        }
        facts.put(ROLE, role);
        if (companyValue != null) {
            facts.put(COMPANY, companyValue);
        }
        return new Taken(role, after);
    }

    /** A company name: capitalised words (or a domain), joined by "&", "of", "and" between capitalised words. */
    private static Taken company(String body, int from, boolean lowercaseAllowed) {
        List<Word> words = words(body, from, 8);
        int i = 0;
        List<String> parts = new ArrayList<>();
        int end = from;
        if (words.size() > 1 && words.get(0).bare().equalsIgnoreCase("the") && !words.get(0).closes()
                && words.get(1).bare().matches("\\p{Lu}.*") && !"I".equals(words.get(1).bare())) {
            if ("The".equals(words.get(0).bare())) {
                parts.add("The");
                end = words.get(0).end();
            }
            i++;
        }
        while (i < words.size() && parts.size() < 6) {
            Word word = words.get(i);
            String bare = word.bare();
            String lower = bare.toLowerCase(Locale.ROOT);
            boolean capitalised = bare.matches("[\\p{Lu}\\p{N}][\\p{L}\\p{N}&.'’+-]*") && !"I".equals(bare);
            boolean domain = bare.matches("[a-z0-9][a-z0-9-]*\\.(?:com|io|ai|de|net|org|co|app|dev|eu|uk|ch|at|fr)");
            boolean suffix = !parts.isEmpty() && COMPANY_SUFFIXES.contains(lower.replace(".", ""));
            boolean connector = !parts.isEmpty() && !words.get(i - 1).closes() && lower.matches("&|and|of|\\+|de|und")
                    && i + 1 < words.size() && words.get(i + 1).bare().matches("[\\p{Lu}\\p{N}].*")
                    && !"I".equals(words.get(i + 1).bare());
            boolean lowercase = lowercaseAllowed && parts.size() < 3
                    && bare.matches("[\\p{Ll}\\p{N}][\\p{L}\\p{N}&.-]*")
                    && !BOUNDARY.contains(lower) && !COMMON_LOWERCASE.contains(lower);
            if (parts.isEmpty() && NOT_A_COMPANY.contains(lower)) {
                return null;
            }
            if (capitalised || domain || suffix || connector || lowercase) {
                parts.add(lowercase ? capitalize(bare) : bare);
                end = word.end();
                i++;
                if (word.closes()) {
                    break;
                }
            } else {
                break;
            }
        }
        if (parts.isEmpty() || parts.equals(List.of("The"))) {
            return null;
        }
        return new Taken(String.join(" ", parts), end);
    }

    private static String clean(String phrase) {
        String cleaned = phrase.replaceAll("\\s+", " ").strip()
                .replaceAll("[,;:\\s]*(?i:please|thanks|thank you|thx)$", "")
                .replaceAll("[.!,;:]+$", "")
                .strip();
        return cleaned;
    }

    private static Set<String> setOf(String... values) {
        return Set.copyOf(java.util.Arrays.asList(values));
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Facts of one message; the last of a key wins, preferences collect. */
    private static final class Facts {
        private final Map<String, String> single = new LinkedHashMap<>();
        private final List<String> preferences = new ArrayList<>();

        void put(String key, String value) {
            Objects.requireNonNull(value);
            if (PREFERENCE.equals(key)) {
                preferences.removeIf(p -> p.equalsIgnoreCase(value));
                preferences.add(value);
            } else {
                single.put(key, value);
            }
        }

        List<ProfileFact> list(int maxValueChars) {
            List<ProfileFact> facts = new ArrayList<>();
            for (String key : KEYS) {
                if (PREFERENCE.equals(key)) {
                    preferences.stream().filter(p -> p.length() <= maxValueChars)
                            .forEach(p -> facts.add(new ProfileFact(PREFERENCE, p)));
                } else if (single.containsKey(key) && single.get(key).length() <= maxValueChars) {
                    facts.add(new ProfileFact(key, single.get(key)));
                }
            }
            return facts;
        }
    }
}
