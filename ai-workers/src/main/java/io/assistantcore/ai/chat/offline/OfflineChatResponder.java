package io.assistantcore.ai.chat.offline;

import io.assistantcore.ai.chat.OfflineChatAnswers;
import io.assistantcore.ai.chat.memory.ProfileExtractor;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.ChatPrompt.Message;
import io.assistantcore.ai.generation.ChatPrompt.Role;
import io.assistantcore.ai.offline.FreePromptPlan;
import io.assistantcore.ai.offline.InterpretedAction;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat answers of the offline engine, which has no language model and answers only what it honestly can:
 * <ul>
 *     <li>greetings, thanks and goodbyes (addressing the user by the name they gave, if any);</li>
 *     <li>questions about the assistant itself — who it is, what it can do, which model it runs on;</li>
 *     <li>questions about what the user said about themselves ("what's my name?"), answered only from the
 *     conversation's profile ({@link ChatPrompt#profile()}), and saying so when the user has not told it;</li>
 *     <li>the panel's actions on pasted text: "fix the grammar of: …", "summarize this: …", "make this more formal:
 *     …", "rewrite this as bullet points: …", "fix typos and shorten: …", the instruction before a colon, on the
 *     first or last line, or before a quotation, understood by {@link OfflineTextEngine#planFreePrompt(String)} (the
 *     same interpreter as the assist panel's free prompt: forms and steps in sequence) and carried out by the
 *     engine; an instruction alone ("now make it shorter") works on the previous result;</li>
 *     <li>everything else: a plain statement that it cannot answer that, what it can do, and that an administrator
 *     can connect an AI provider. User-facing text names no setting: the settings are in the docs.</li>
 * </ul>
 * It never makes an answer up: every sentence it says is either fixed text about itself, a fact from the profile,
 * or the engine's transformation of text the user gave. Deterministic; thread-safe.
 */
public final class OfflineChatResponder implements OfflineChatAnswers {

    static final String MODEL = OfflineTextGenerator.DEFAULT_MODEL;

    static final String CAPABILITIES = "What I can do: fix the grammar and spelling of, summarize, shorten, improve "
            + "or change the tone (professional, casual, formal, friendly or confident) of text you paste, or turn "
            + "it into bullet points, one sentence or a given number of words, for example \"fix the grammar of: "
            + "…\", \"make this more formal: …\" or \"fix typos and shorten: …\". I can also tell you what you have "
            + "told me about yourself in this conversation.";

    static final String PROVIDER_HINT = "An administrator can connect an AI provider; then I can answer questions "
            + "and write new text as well.";

    /** Logged (without the message) when a message cannot be answered offline: what an administrator can do. */
    static final String ADMIN_HINT = "A chat message could not be answered by the offline engine because no AI "
            + "provider is configured; set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or OLLAMA_BASE_URL to "
            + "answer open questions (see docs/chat.md)";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OfflineChatResponder.class);

    static final String CANNOT = "I can't answer that. I'm running on the platform's offline engine, which has no "
            + "language model: it can't answer open questions, look things up or write new text, and it won't "
            + "guess. ";

    static final String PASTE_HINT = "Paste the text you want me to work on after the instruction, for example "
            + "\"summarize this: …\" or \"shorten: …\".";

    static final String NO_MISTAKES = "I found no grammar or spelling mistakes in that text.";
    static final String NOTHING_TO_SHORTEN = "I found nothing to shorten in that text without losing what it says.";
    private static final String ALREADY_IN_TONE = "This text already reads %s; I found nothing to change.";

    private static final int MAX_INSTRUCTION_WORDS = 15;
    private static final int MAX_QUESTION_WORDS = 12;

    private static final Pattern GREETING = Pattern.compile("^(?:hi|hello|hey|hiya|howdy|greetings|yo|hallo|moin|"
            + "good (?:morning|afternoon|evening|day))(?: there| assistant| bot| everyone| all)?\\b[\\s!.,]*");
    private static final Pattern THANKS = Pattern.compile("^(?:thanks?(?: you)?(?: (?:so|very) much)?(?: a lot)?|"
            + "thx|ty|cheers|great,? thanks?|perfect,? thanks?|many thanks)$");
    private static final Pattern GOODBYE = Pattern.compile("^(?:bye|goodbye|good bye|bye bye|see you(?: later)?|"
            + "ciao|have a (?:nice|good) (?:day|evening)|that's all(?: for now)?)$");

    private static final Pattern WHO = Pattern.compile("\\b(?:who are you|what are you|what is your name|whats your "
            + "name|what should i call you|introduce yourself|tell me about yourself)\\b");
    private static final Pattern WHAT_CAN = Pattern.compile("^(?:help|\\?)$|\\b(?:what can you do|what do you do|"
            + "how can you help|what are you able to do|what are your capabilities|what can i ask you|"
            + "what can i do here|how do you work|what are you good at|what do you know how to do)\\b"
            + "|^can you help(?: me)?$");
    private static final Pattern WHICH_MODEL = Pattern.compile("\\b(?:(?:which|what) (?:ai |language |llm )?model|"
            + "(?:which|what) (?:ai|llm)\\b|are you (?:chatgpt|gpt|gpt ?\\d\\S*|claude|gemini|llama|an ai|a bot|a "
            + "robot|a language model|an llm|a large language model|ai)|what powers you|what runs you|"
            + "are you powered by)");
    private static final Pattern HUMAN = Pattern.compile("\\bare you (?:a )?(?:human|real|real person|a person)\\b");

    private static final Pattern ASK_NAME = Pattern.compile("\\b(?:what is my name|whats my name|do you know my "
            + "name|do you remember my name|who am i|what did i say my name (?:is|was)|what do you call me|what "
            + "should you call me|remember my name)\\b");
    private static final Pattern ASK_ROLE = Pattern.compile("\\b(?:what is my (?:role|job|title|position|job "
            + "title)|whats my (?:role|job|title|position|job title)|what do i do(?: for a living)?|what is my "
            + "profession)\\b");
    private static final Pattern ASK_COMPANY = Pattern.compile("\\b(?:where do i work|who do i work for|what is my "
            + "company|whats my company|which company do i work (?:for|at)|what company do i work (?:for|at)|"
            + "what is my employer|whats my employer|whats the name of my company|what is the name of my "
            + "company)\\b");
    private static final Pattern ASK_PREFERENCES = Pattern.compile("\\b(?:what are my preferences|what do i prefer|"
            + "what did i ask you to always do|which language should you (?:use|answer in|reply in)|what language "
            + "should you (?:use|answer in|reply in))\\b");
    private static final Pattern ASK_ALL = Pattern.compile("\\b(?:what do you know about me|what have i told you "
            + "about (?:me|myself)|what do you remember about me|what did i tell you about (?:me|myself))\\b");

    private static final Pattern QUOTED_MATERIAL = Pattern.compile("^(.{1,160}?)\\s*[\"“«](.+)[\"”»]\\s*$",
            Pattern.DOTALL);

    private final OfflineTextEngine engine;
    private final ProfileExtractor profiles;

    public OfflineChatResponder(OfflineTextEngine engine) {
        this(engine, new ProfileExtractor());
    }

    /** @param profiles finds what the latest message states about the user, to acknowledge it */
    public OfflineChatResponder(OfflineTextEngine engine, ProfileExtractor profiles) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** The reply to the prompt's latest user message; never blank. */
    @Override
    public String respond(ChatPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        String message = prompt.latestUserMessage() == null ? "" : prompt.latestUserMessage().strip();
        List<ProfileFact> profile = prompt.profile();

        Optional<Request> request = actionRequest(message);
        if (request.isPresent()) {
            return perform(request.get(), prompt.messages());
        }

        String normalized = normalize(message);
        Matcher greeting = GREETING.matcher(normalized);
        boolean greeted = greeting.lookingAt() && greeting.end() > 0;
        String rest = greeted ? normalized.substring(greeting.end()).strip() : normalized;
        List<ProfileFact> stated = profiles.extract(message);
        // the prompt's profile already holds what this message states; the message alone is the fallback
        Optional<String> name = name(profile).or(() -> name(stated));
        String hello = "Hello" + name.map(n -> ", " + n).orElse("") + "! ";
        if (rest.isEmpty() || rest.chars().noneMatch(Character::isLetterOrDigit)) {
            if (greeted) {
                return hello + "I'm the assistant, running on the platform's offline engine. " + CAPABILITIES + " "
                        + PROVIDER_HINT;
            }
            return PASTE_HINT + " " + CAPABILITIES;
        }
        String prefix = greeted ? hello : "";
        if (!stated.isEmpty()) {
            prefix += acknowledge(stated);
            if (!message.contains("?")) {
                return prefix + CAPABILITIES;
            }
        }
        if (THANKS.matcher(rest).matches()) {
            return prefix + "You're welcome" + name.map(n -> ", " + n).orElse("") + ".";
        }
        if (GOODBYE.matcher(rest).matches()) {
            return prefix + "Goodbye" + name.map(n -> ", " + n).orElse("") + "!";
        }
        if (words(rest) <= MAX_QUESTION_WORDS) {
            Optional<String> answer = aboutTheUser(rest, profile).or(() -> aboutMe(rest));
            if (answer.isPresent()) {
                return prefix + answer.get();
            }
        }
        LOG.info(ADMIN_HINT);
        return prefix + CANNOT + CAPABILITIES + " " + PROVIDER_HINT;
    }

    // ------------------------------------------------------------------------------------------------- actions

    /** An action the engine can do, and the text to do it on (empty: an instruction alone). */
    private record Request(FreePromptPlan plan, String material) {
    }

    /**
     * The message as an instruction and material: instruction before a colon, on the first line with the text
     * below, on the last line with the text above, or before a quotation; or the whole message as an instruction.
     */
    private Optional<Request> actionRequest(String message) {
        if (message.isEmpty()) {
            return Optional.empty();
        }
        int colon = message.indexOf(':');
        if (colon > 0) {
            Optional<FreePromptPlan> action = instruction(message.substring(0, colon));
            if (action.isPresent()) {
                return Optional.of(new Request(action.get(), message.substring(colon + 1).strip()));
            }
        }
        String[] lines = message.split("\\R", 2);
        if (lines.length == 2) {
            Optional<FreePromptPlan> action = instruction(lines[0]);
            if (action.isPresent()) {
                return Optional.of(new Request(action.get(), lines[1].strip()));
            }
            int lastBreak = lastLineBreak(message);
            Optional<FreePromptPlan> trailing = instruction(message.substring(lastBreak + 1));
            if (trailing.isPresent()) {
                return Optional.of(new Request(trailing.get(), message.substring(0, lastBreak).strip()));
            }
        }
        Matcher quoted = QUOTED_MATERIAL.matcher(message);
        if (quoted.matches()) {
            Optional<FreePromptPlan> action = instruction(quoted.group(1));
            if (action.isPresent()) {
                return Optional.of(new Request(action.get(), quoted.group(2).strip()));
            }
        }
        return instruction(message).map(action -> new Request(action, ""));
    }

    private Optional<FreePromptPlan> instruction(String text) {
        String candidate = text.strip();
        if (candidate.isEmpty() || words(candidate) > MAX_INSTRUCTION_WORDS) {
            return Optional.empty();
        }
        return engine.planFreePrompt(candidate);
    }

    private String perform(Request request, List<Message> messages) {
        String material = request.material();
        if (material.isEmpty()) {
            Optional<String> previous = previousResult(messages, messages.size() - 1);
            if (previous.isEmpty()) {
                return PASTE_HINT;
            }
            material = previous.get();
        }
        return run(request.plan(), material);
    }

    private String run(FreePromptPlan plan, String material) {
        List<FreePromptPlan.Step> steps = plan.steps();
        InterpretedAction action = steps.size() == 1 && steps.get(0).form() == FreePromptPlan.Form.ACTION
                ? steps.get(0).action() : null;
        if (action == null) {
            return engine.perform(plan, material);
        }
        if (action.action() == AiAction.CHANGE_TONE) {
            OfflineTextEngine.ToneResult tone = engine.rewriteTone(material, action.tone());
            return tone.changed() ? tone.text() : alreadyIn(action.tone());
        }
        String result = engine.perform(action.action(), action.tone(), material);
        boolean unchanged = result.strip().equals(material.strip());
        if (action.action() == AiAction.FIX_GRAMMAR && unchanged) {
            return NO_MISTAKES;
        }
        if (action.action() == AiAction.SHORTEN && unchanged) {
            return NOTHING_TO_SHORTEN;
        }
        return result;
    }

    /**
     * The text an instruction alone works on: the result of the previous reply when that reply carried out an
     * action (for "no mistakes found", the text that was checked), else nothing.
     */
    private Optional<String> previousResult(List<Message> messages, int latestUser) {
        int reply = latestUser - 1;
        int user = latestUser - 2;
        if (user < 0 || messages.get(reply).role() != Role.ASSISTANT || messages.get(user).role() != Role.USER) {
            return Optional.empty();
        }
        String answer = messages.get(reply).text();
        Optional<Request> earlier = actionRequest(messages.get(user).text().strip());
        if (earlier.isEmpty() || answer == null || answer.startsWith(PASTE_HINT)) {
            return Optional.empty();
        }
        if (isNothingChangedNotice(answer)) {
            return earlier.get().material().isEmpty() ? previousResult(messages, user)
                    : Optional.of(earlier.get().material());
        }
        return Optional.of(answer);
    }

    /**
     * Whether a reply said that its action changed nothing ("no mistakes", "already reads formal", "nothing to
     * shorten"): an instruction that follows works on the text that was checked, not on the notice.
     */
    static boolean isNothingChangedNotice(String answer) {
        return answer.equals(NO_MISTAKES) || answer.equals(NOTHING_TO_SHORTEN)
                || java.util.Arrays.stream(Tone.values()).anyMatch(tone -> answer.equals(alreadyIn(tone)));
    }

    private static String alreadyIn(Tone tone) {
        return ALREADY_IN_TONE.formatted(tone.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private static int lastLineBreak(String text) {
        Matcher matcher = LINE_BREAK.matcher(text);
        int last = -1;
        while (matcher.find()) {
            last = matcher.end() - 1;
        }
        return last;
    }

    // ------------------------------------------------------------------------------------------- about the user

    private static Optional<String> aboutTheUser(String question, List<ProfileFact> profile) {
        if (ASK_ALL.matcher(question).find()) {
            if (profile.isEmpty()) {
                return Optional.of("You haven't told me anything about yourself in this conversation yet.");
            }
            List<String> parts = new ArrayList<>();
            for (ProfileFact fact : profile) {
                parts.add(describe(fact));
            }
            return Optional.of("Here is what you told me about yourself: " + String.join("; ", parts) + ".");
        }
        // a question may ask several things at once ("what is my name and where do I work?"): answer each
        List<String> answers = new ArrayList<>();
        if (ASK_NAME.matcher(question).find()) {
            Optional<String> name = fact(profile, ProfileExtractor.NAME);
            Optional<String> called = fact(profile, ProfileExtractor.PREFERRED_NAME);
            if (name.isEmpty() && called.isEmpty()) {
                answers.add("You haven't told me your name in this conversation.");
            } else if (name.isPresent() && called.isPresent()) {
                answers.add("You told me your name is " + name.get() + ", and that you'd like to be called "
                        + called.get() + ".");
            } else {
                answers.add(name.map(n -> "You told me your name is " + n + ".")
                        .orElseGet(() -> "You asked me to call you " + called.get() + "."));
            }
        }
        boolean companyAnswered = false;
        if (ASK_ROLE.matcher(question).find()) {
            Optional<String> role = fact(profile, ProfileExtractor.ROLE);
            Optional<String> company = fact(profile, ProfileExtractor.COMPANY);
            answers.add(role.map(r -> "You told me you work as " + r + company.map(c -> " at " + c).orElse("") + ".")
                    .orElse("You haven't told me your role in this conversation."));
            companyAnswered = role.isPresent() && company.isPresent();
        }
        if (ASK_COMPANY.matcher(question).find() && !companyAnswered) {
            answers.add(fact(profile, ProfileExtractor.COMPANY)
                    .map(company -> "You told me you work at " + company + ".")
                    .orElse("You haven't told me where you work in this conversation."));
        }
        if (ASK_PREFERENCES.matcher(question).find()) {
            List<String> parts = new ArrayList<>();
            for (ProfileFact fact : profile) {
                if (ProfileExtractor.LANGUAGE.equals(fact.key()) || ProfileExtractor.PREFERENCE.equals(fact.key())) {
                    parts.add(describe(fact));
                }
            }
            answers.add(parts.isEmpty()
                    ? "You haven't told me any preferences in this conversation."
                    : "You told me: " + String.join("; ", parts) + ".");
        }
        if (!answers.isEmpty()) {
            return Optional.of(String.join(" ", answers));
        }
        return Optional.empty();
    }

    /** "Noted: your name is Anna; you work at Acme." (and that the offline engine writes English only). */
    private static String acknowledge(List<ProfileFact> stated) {
        List<String> parts = new ArrayList<>();
        boolean otherLanguage = false;
        for (ProfileFact fact : stated) {
            parts.add(describe(fact));
            otherLanguage |= ProfileExtractor.LANGUAGE.equals(fact.key()) && !"English".equals(fact.value());
        }
        return "Noted: " + String.join("; ", parts) + ". I'll keep that in mind in this conversation."
                + (otherLanguage ? " The offline engine itself can only write English, though." : "") + " ";
    }

    private static String describe(ProfileFact fact) {
        return switch (fact.key()) {
            case ProfileExtractor.NAME -> "your name is " + fact.value();
            case ProfileExtractor.PREFERRED_NAME -> "you'd like to be called " + fact.value();
            case ProfileExtractor.ROLE -> "you work as " + fact.value();
            case ProfileExtractor.COMPANY -> "you work at " + fact.value();
            case ProfileExtractor.LANGUAGE -> "you'd like answers in " + fact.value();
            case ProfileExtractor.PREFERENCE -> "you prefer: " + fact.value();
            default -> fact.key() + ": " + fact.value();
        };
    }

    private static Optional<String> fact(List<ProfileFact> profile, String key) {
        String value = null;
        for (ProfileFact fact : profile) {
            if (key.equals(fact.key())) {
                value = fact.value();
            }
        }
        return Optional.ofNullable(value);
    }

    private static Optional<String> name(List<ProfileFact> profile) {
        return fact(profile, ProfileExtractor.PREFERRED_NAME).or(() -> fact(profile, ProfileExtractor.NAME));
    }

    // ---------------------------------------------------------------------------------------------- about me

    private static Optional<String> aboutMe(String question) {
        if (HUMAN.matcher(question).find()) {
            return Optional.of("No, I'm software: the platform's offline engine (" + MODEL + "), which has no "
                    + "language model. " + CAPABILITIES);
        }
        if (WHICH_MODEL.matcher(question).find()) {
            return Optional.of("I'm running on the platform's offline engine (" + MODEL + "). It is not a large "
                    + "language model such as ChatGPT or Claude: it works with grammar rules and sentence selection, "
                    + "so I can only do a few things, and I don't guess. " + PROVIDER_HINT);
        }
        if (WHO.matcher(question).find()) {
            return Optional.of("I'm the assistant of this platform, running on its offline engine (" + MODEL
                    + "), which has no language model. " + CAPABILITIES + " " + PROVIDER_HINT);
        }
        if (WHAT_CAN.matcher(question).find()) {
            return Optional.of(CAPABILITIES + " I can't answer open questions or write new text while no AI "
                    + "provider is connected. " + PROVIDER_HINT);
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------- text

    /** Lower case, straight apostrophes dropped, punctuation other than sentence ends turned into spaces. */
    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("['’`]", "")
                .replaceAll("[^\\p{L}\\p{N}!.,?]+", " ")
                .replaceAll("\\s+", " ")
                .replaceAll("[\\s!.,?]+$", "")
                .strip();
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
