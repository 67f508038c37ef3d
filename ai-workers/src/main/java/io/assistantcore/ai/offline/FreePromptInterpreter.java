package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.Tone;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a free instruction to a known action only when the whole instruction is explained by explicit phrases: the
 * instruction is lower-cased, apostrophes dropped and everything but letters and digits turned into spaces; then
 * the trigger phrases below are found and blanked out, and every word left must be a neutral word (please, make,
 * it, the text, a bit, more, ...). A word outside both lists ("translate", "poem", "longer", "German", "50", "don't")
 * means the instruction asks for something the engine cannot do, and nothing is returned. If the triggers name
 * several actions the result is empty too, except that grammar + improve means improve and summarize + shorten means
 * summarize. Weak triggers ("rewrite", "rephrase", "better", "short") count only when no strong trigger is present.
 */
final class FreePromptInterpreter {

    private record Trigger(Pattern pattern, InterpretedAction meaning, boolean weak) {
    }

    private static final InterpretedAction FIX = new InterpretedAction(AiAction.FIX_GRAMMAR, null);
    private static final InterpretedAction SHORTEN = new InterpretedAction(AiAction.SHORTEN, null);
    private static final InterpretedAction SUMMARIZE = new InterpretedAction(AiAction.SUMMARIZE, null);
    private static final InterpretedAction IMPROVE = new InterpretedAction(AiAction.IMPROVE, null);

    private static InterpretedAction tone(Tone tone) {
        return new InterpretedAction(AiAction.CHANGE_TONE, tone);
    }

    /** Verbs that mean "fix grammar" only together with a grammar object (typos, spelling, ...). */
    private static final Pattern GRAMMAR_VERB = Pattern.compile("\\b(?:fix|correct|check|repair|clean up|go over)\\b");
    private static final Pattern GRAMMAR_OBJECT = Pattern.compile(
            "\\b(?:typos?|grammar|grammatical|spelling|punctuation|mistakes?|errors?|capitali[sz]ation)\\b");

    private static final List<Trigger> TRIGGERS = List.of(
            strong("proofread|proof read|spellcheck|spell check|grammar check|grammatically correct", FIX),
            strong("shorten|shorter|concise|briefer|brief|trim(?: (?:it|this|that))?(?: down)?|condense"
                    + "|cut (?:it |this |that )?(?:down)?"
                    + "|less wordy|fewer words|tighten(?: up)?|reduce (?:the )?length|too long", SHORTEN),
            weak("short", SHORTEN),
            strong("summari[sz]e|summary|tldr|tl dr|sum (?:it |this )?up|gist|recap|key points|main points", SUMMARIZE),
            strong("less casual", tone(Tone.FORMAL)),
            strong("less formal|informal(?:ly)?|casual(?:ly)?|relaxed|laid back|conversational", tone(Tone.CASUAL)),
            strong("formal(?:ly)?", tone(Tone.FORMAL)),
            strong("friendl(?:y|ier)|warm(?:er)?|kinder|nicer", tone(Tone.FRIENDLY)),
            strong("professional(?:ly)?|business ?like|polite(?:ly)?|politer|courteous(?:ly)?|less (?:harsh|rude|blunt"
                    + "|aggressive|demanding|pushy|angry|bossy)|soften|softer|gentler|diplomatic(?:ally)?|tactful",
                    tone(Tone.PROFESSIONAL)),
            strong("confident(?:ly)?|assertive(?:ly)?|decisive(?:ly)?|less (?:hesitant|tentative|unsure|uncertain)"
                    + "|(?:without|remove) (?:the )?hedg(?:ing|es)", tone(Tone.CONFIDENT)),
            strong("improve|polish|refine|enhance|clean (?:it |this )?up|clearer|more clear|clear|clarity|clarify"
                    + "|easier to (?:read|understand)|more readable|readability|reads? better|flows? better|flow"
                    + "|improvements?",
                    IMPROVE),
            weak("rewrite|reword|rephrase|edit|better", IMPROVE));

    /** Words that carry no task of their own. */
    private static final Set<String> NEUTRAL = Set.copyOf(List.of(
            "please", "pls", "plz", "kindly", "can", "could", "would", "will", "you", "u", "just", "the", "a", "an",
            "this", "that", "these", "it", "its", "my", "me", "for", "to", "of", "in", "and", "with", "text",
            "message", "email", "mail", "paragraph", "paragraphs", "sentence", "sentences", "note", "reply",
            "response", "post", "comment", "description", "content", "copy", "draft", "wording", "words", "bit",
            "little", "slightly", "much", "lot", "more", "make", "sound", "sounds", "sounding", "be", "is", "so",
            "up", "all", "any", "some", "i", "want", "need", "like", "help", "here", "now", "thanks", "thank",
            "quickly", "also", "version", "way", "tone", "style", "voice", "register", "change", "switch", "adjust",
            "write", "rewrite", "reword", "rephrase", "edit", "hey", "hi", "ok", "okay", "then", "do", "give", "get",
            "tad", "somewhat", "overall", "whole", "entire", "below", "above", "following", "our", "we", "us",
            "let", "lets", "as", "read", "fix", "correct", "check", "repair", "go", "over", "look", "at", "is", "are",
            "too", "into", "something", "should", "very", "please", "points", "version", "form", "format", "key",
            "main", "just", "only", "bit"));

    Optional<InterpretedAction> interpret(String instruction) {
        if (instruction == null || instruction.isBlank()) {
            return Optional.empty();
        }
        String working = " " + normalize(instruction) + " ";
        Set<InterpretedAction> strong = new LinkedHashSet<>();
        Set<InterpretedAction> weak = new LinkedHashSet<>();
        if (GRAMMAR_OBJECT.matcher(working).find()) {
            strong.add(FIX);
            working = blank(working, GRAMMAR_OBJECT);
            working = blank(working, GRAMMAR_VERB);
        }
        for (Trigger trigger : TRIGGERS) {
            Matcher m = trigger.pattern().matcher(working);
            if (m.find()) {
                (trigger.weak() ? weak : strong).add(trigger.meaning());
                working = blank(working, trigger.pattern());
            }
        }
        for (String word : working.trim().split("\\s+")) {
            if (!word.isEmpty() && !NEUTRAL.contains(word)) {
                return Optional.empty();
            }
        }
        Set<InterpretedAction> found = strong.isEmpty() ? weak : strong;
        if (found.equals(Set.of(FIX, IMPROVE))) {
            return Optional.of(IMPROVE);
        }
        if (found.equals(Set.of(SUMMARIZE, SHORTEN))) {
            return Optional.of(SUMMARIZE);
        }
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }

    private record Found(int position, FreePromptPlan.Step step) {
    }

    private static final String NUMBER_WORDS = "ten|fifteen|twenty|twenty five|thirty|forty|fifty|sixty|seventy"
            + "|eighty|ninety|hundred|one hundred";
    private static final Pattern BULLETS = Pattern.compile("\\b(?:(?:turn|make|format|convert|put|rewrite|write"
            + "|give me)(?: it| this| that| these)?(?: into| as| in)?|as|in|into)?(?: a)? ?(?:bullet(?:ed)? ?(?:points?"
            + "|list|form)|bullets|bulletpoints|(?:a )?(?:short |quick |simple |brief )?list)\\b");
    private static final Pattern ONE_SENTENCE = Pattern.compile(
            "\\b(?:(?:in|into|as|to)(?: just)? )?(?:one|1|a single|single)(?: short)? (?:sentence|line)\\b|\\bone liner\\b");
    private static final Pattern WORD_LIMIT = Pattern.compile("\\b(?:(?:in|to|under|max|maximum|at most|within|no more"
            + " than|less than|fewer than|up to|of|about|around)(?: about)? )?(\\d{1,3}|" + NUMBER_WORDS
            + ")(?: words?| word limit)\\b|\\b(?:max|maximum|at most|no more than|up to) (\\d{1,3}|" + NUMBER_WORDS
            + ")\\b");

    /**
     * The plan for a free instruction, or empty when any part of it asks for something the engine cannot do. Forms
     * (bullet points, one sentence, N words) are found first and absorb a shorten or summarize request beside them
     * ("summarize in one sentence"); then the rest must be one action ({@link #interpret(String)}), or several
     * clauses joined by "and", "then" or commas, each one action, carried out in the order written.
     */
    Optional<FreePromptPlan> plan(String instruction) {
        if (instruction == null || instruction.isBlank()) {
            return Optional.empty();
        }
        String working = " " + normalize(instruction) + " ";
        List<Found> found = new java.util.ArrayList<>();
        Matcher bullets = BULLETS.matcher(working);
        if (bullets.find()) {
            found.add(new Found(bullets.start(), new FreePromptPlan.Step(FreePromptPlan.Form.BULLETS, null, 0)));
            working = blank(working, BULLETS);
        }
        Matcher one = ONE_SENTENCE.matcher(working);
        if (one.find()) {
            found.add(new Found(one.start(), new FreePromptPlan.Step(FreePromptPlan.Form.ONE_SENTENCE, null, 0)));
            working = blank(working, ONE_SENTENCE);
        }
        Matcher limit = WORD_LIMIT.matcher(working);
        if (limit.find()) {
            int words = number(limit.group(1) != null ? limit.group(1) : limit.group(2));
            if (words < 1) {
                return Optional.empty();
            }
            found.add(new Found(limit.start(), new FreePromptPlan.Step(FreePromptPlan.Form.WORD_LIMIT, null, words)));
            working = blank(working, WORD_LIMIT);
        }
        if (found.size() > 1) {
            return Optional.empty();
        }
        String rest = working.trim();
        if (!rest.isEmpty() && !neutralOnly(rest)) {
            Optional<InterpretedAction> whole = interpret(rest);
            if (whole.isPresent()) {
                found.add(new Found(working.indexOf(rest), FreePromptPlan.Step.of(whole.get())));
            } else {
                int offset = 0;
                for (String clause : rest.split("\\s+(?:and then|and|then|after that|also)\\s+|\\s*,\\s*|\\s+plus\\s+")) {
                    int at = rest.indexOf(clause, offset);
                    offset = at + clause.length();
                    if (clause.isBlank() || neutralOnly(clause)) {
                        continue;
                    }
                    Optional<InterpretedAction> action = interpret(clause);
                    if (action.isEmpty()) {
                        return Optional.empty();
                    }
                    found.add(new Found(working.indexOf(rest) + at, FreePromptPlan.Step.of(action.get())));
                }
            }
        }
        boolean form = found.stream().anyMatch(f -> f.step().form() != FreePromptPlan.Form.ACTION);
        List<FreePromptPlan.Step> steps = found.stream()
                .filter(f -> !form || f.step().form() != FreePromptPlan.Form.ACTION || !absorbedByForm(f.step()))
                .sorted(java.util.Comparator.comparingInt(Found::position))
                .map(Found::step)
                .toList();
        return steps.isEmpty() ? Optional.empty() : Optional.of(new FreePromptPlan(steps));
    }

    private static boolean absorbedByForm(FreePromptPlan.Step step) {
        AiAction action = step.action().action();
        return action == AiAction.SHORTEN || action == AiAction.SUMMARIZE || action == AiAction.IMPROVE;
    }

    private static boolean neutralOnly(String text) {
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty() && !NEUTRAL.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static int number(String value) {
        if (value.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(value);
        }
        return switch (value) {
            case "ten" -> 10;
            case "fifteen" -> 15;
            case "twenty" -> 20;
            case "twenty five" -> 25;
            case "thirty" -> 30;
            case "forty" -> 40;
            case "fifty" -> 50;
            case "sixty" -> 60;
            case "seventy" -> 70;
            case "eighty" -> 80;
            case "ninety" -> 90;
            default -> 100;
        };
    }

    static String normalize(String instruction) {
        String lower = instruction.toLowerCase(Locale.ROOT)
                .replace("tl;dr", " tldr ")
                .replace("e-mail", "email")
                .replaceAll("['’]", "");
        return lower.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }

    private static String blank(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, " ".repeat(m.group().length()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Trigger strong(String phrases, InterpretedAction meaning) {
        return new Trigger(Pattern.compile("\\b(?:" + phrases + ")\\b"), meaning, false);
    }

    private static Trigger weak(String phrases, InterpretedAction meaning) {
        return new Trigger(Pattern.compile("\\b(?:" + phrases + ")\\b"), meaning, true);
    }
}
