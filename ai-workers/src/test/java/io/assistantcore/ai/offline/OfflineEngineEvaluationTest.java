package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.Tone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quality figures of the offline engine on the evaluation sets in {@code src/test/resources/offline-eval} (written for
 * the purpose, see docs/offline-engine.md). Prints the figures per action and writes every output to
 * {@code target/offline-eval/} for reading. The held-out part of each set is measured only with
 * {@code -Doffline.eval.heldout=true}; by default the development part is measured. The floors asserted on the
 * development part are a little below the figures measured, so that a regression fails the build; no false edit is
 * allowed on either part.
 */
class OfflineEngineEvaluationTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine(1);
    private static final boolean HELD_OUT = Boolean.getBoolean("offline.eval.heldout");
    private static final String PART = HELD_OUT ? "held" : "dev";
    private static final Path OUT = Path.of("target", "offline-eval");
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:]\\d+)*");
    private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "to", "of", "in", "on", "for",
            "is", "are", "was", "were", "be", "will", "we", "our", "it", "its", "this", "that", "by", "at", "with",
            "as", "from", "so", "all", "have", "has", "been", "which", "if", "you", "your", "us");

    // ------------------------------------------------------------------------------------------------- grammar

    @Test
    void fixGrammar() {
        List<String[]> rows = tsv("grammar.tsv");
        int errors = 0;
        int exact = 0;
        int correct = 0;
        int falseEdits = 0;
        StringBuilder log = new StringBuilder();
        for (String[] row : rows) {
            String input = row[1];
            String expected = row[2];
            String output = ENGINE.fixGrammar(input);
            boolean right = output.equals(expected);
            if (input.equals(expected)) {
                correct++;
                if (!right) {
                    falseEdits++;
                }
            } else {
                errors++;
                if (right) {
                    exact++;
                }
            }
            log.append(right ? "OK   " : "MISS ").append(input).append("\n     -> ").append(output)
                    .append(right ? "" : "\n     expected " + expected).append('\n');
        }
        write("grammar.txt", log);
        figure("FIX_GRAMMAR", String.format(Locale.ROOT, "%d/%d exactly right (%.0f%%), %d false edits on %d correct",
                exact, errors, 100.0 * exact / errors, falseEdits, correct));
        assertThat(falseEdits).as("false edits").isZero();
        if (!HELD_OUT) {
            assertThat(exact).as("grammar exactly right").isGreaterThanOrEqualTo(36);
        }
    }

    // ------------------------------------------------------------------------------------- summarize and shorten

    record Marked(String id, String text, String key) {
    }

    @Test
    void summarizeAndShorten() {
        List<Marked> texts = marked();
        int summaryKept = 0;
        int shortKept = 0;
        int withinBudget = 0;
        int dangling = 0;
        int lowercase = 0;
        List<Double> ratios = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        for (Marked t : texts) {
            String summary = ENGINE.summarize(t.text());
            String shorter = ENGINE.shorten(t.text());
            boolean sk = keyKept(t.key(), summary);
            boolean hk = keyKept(t.key(), shorter);
            double ratio = (double) TextRewriter.wordCount(shorter) / TextRewriter.wordCount(t.text());
            ratios.add(ratio);
            summaryKept += sk ? 1 : 0;
            shortKept += hk ? 1 : 0;
            withinBudget += ratio <= 0.6 ? 1 : 0;
            for (String sentence : ENGINE.sentences(summary)) {
                if (Character.isLowerCase(sentence.charAt(0))) {
                    lowercase++;
                }
            }
            if (danglingAntecedent(t.text(), summary)) {
                dangling++;
            }
            log.append("=== ").append(t.id()).append(" key ").append(sk ? "kept" : "LOST").append(" / shorten key ")
                    .append(hk ? "kept" : "LOST").append(String.format(Locale.ROOT, ", %.0f%% of words%n", 100 * ratio))
                    .append("SUMMARY: ").append(summary).append("\nSHORTEN: ").append(shorter).append("\n\n");
        }
        write("summaries.txt", log);
        int n = texts.size();
        ratios.sort(Double::compare);
        figure("SUMMARIZE", String.format(Locale.ROOT,
                "key sentence kept in %d/%d (%.0f%%); %d summaries with a dangling this/they/that, "
                        + "%d sentences starting lowercase", summaryKept, n, 100.0 * summaryKept / n, dangling,
                lowercase));
        figure("SHORTEN", String.format(Locale.ROOT,
                "key sentence kept in %d/%d (%.0f%%); median %.0f%% of the words; %d/%d within 60%%",
                shortKept, n, 100.0 * shortKept / n, 100 * ratios.get(n / 2), withinBudget, n));
        if (!HELD_OUT) {
            assertThat(summaryKept).as("summaries keeping the key sentence").isGreaterThanOrEqualTo(21);
            assertThat(shortKept).as("shortened texts keeping the key sentence").isGreaterThanOrEqualTo(21);
            assertThat(withinBudget).as("shortened texts within 60%").isGreaterThanOrEqualTo(23);
        }
    }

    /** Every figure of the key sentence is in the output, and at least 75% of its content words. */
    static boolean keyKept(String key, String output) {
        Set<String> outNumbers = numbers(output);
        if (!outNumbers.containsAll(numbers(key))) {
            return false;
        }
        Set<String> outWords = new HashSet<>(words(output));
        List<String> keyWords = words(key).stream().filter(w -> !STOP.contains(w)).toList();
        long present = keyWords.stream().filter(outWords::contains).count();
        return keyWords.isEmpty() || present >= Math.ceil(0.75 * keyWords.size());
    }

    private static final Pattern ANAPHOR = Pattern.compile("^(?:This|That|These|Those|They|It|He|She|Them)\\b");

    /** A selected sentence opens with a pronoun while the sentence before it in the original was not selected. */
    private static boolean danglingAntecedent(String original, String summary) {
        List<String> all = ENGINE.sentences(original);
        List<String> chosen = ENGINE.sentences(summary);
        for (String sentence : chosen) {
            if (!ANAPHOR.matcher(sentence).find()) {
                continue;
            }
            int index = all.indexOf(sentence);
            if (index > 0 && !chosen.contains(all.get(index - 1))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------- tone

    record ToneCase(String id, Tone tone, boolean needsChange, String text) {
    }

    private static final Pattern CONTRACTION = Pattern.compile("(?i)\\b\\w+['’](?:s|re|ll|ve|d|m|t)\\b");
    private static final Pattern SLANG = Pattern.compile(
            "(?i)\\b(?:lol|gonna|wanna|asap|btw|fyi|yeah|guys|hey|info|ok|okay|like \\d|sort it out|no promises)\\b"
                    + "|!!");
    private static final Pattern BARE_IMPERATIVE = Pattern.compile(
            "(?m)(?:^|[.!?]\\s+)(?:Send|Pay|Fix|Call|Bring|Submit|Check|Keep|Tell|Don['’]t forget|Give|Update|Let['’]s"
                    + ")\\b");
    private static final Pattern STIFF = Pattern.compile(
            "(?i)\\b(?:I am writing to inform|do not hesitate|should you require|utili[sz]e|commence|would like to "
                    + "inform|please find attached|I am unable|it is not possible|we are unable|kind regards|"
                    + "pleased to announce)\\b");
    /**
     * Casual markers besides contractions: informal greetings, thanks and sign-offs, and colloquial set phrases that
     * business writing in a neutral or formal register avoids. Not "feel free", "let you know" or "please let me
     * know": neutral writing uses them too.
     */
    static final Pattern CASUAL_MARKER = Pattern.compile(
            "(?i)\\b(?:hey|hi|thanks|cheers|no worries|just so you know|heads[- ]up|sorry for the hassle|"
                    + "just let (?:me|us) know|great news|ASAP|give (?:me|us) a shout)\\b");
    private static final Pattern HEDGE = Pattern.compile(
            "(?i)\\b(?:I think|maybe|perhaps|possibly|probably|hopefully|might|I guess|I feel|seems? like|"
                    + "kind of|sort of|if that['’]s ok|if possible|try to|hope to|not sure|in my opinion|sorry to "
                    + "bother|I was wondering|I believe|a bit|if you don['’]t mind)\\b");
    private static final Pattern CHEERFUL_OPENER = Pattern.compile("(?i)^\\s*(?:hi|hey|hello)[^\\n]{0,20}!");
    private static final Pattern BAD_NEWS = Pattern.compile(
            "(?i)\\b(?:overdue|cannot|can['’]t|unable|not possible|delay(?:ed)?|did not|didn['’]t|sorry|unfortunately)"
                    + "\\b");

    @Test
    void changeTone() {
        List<ToneCase> cases = toneCases();
        Map<Tone, int[]> perTone = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        for (ToneCase c : cases) {
            String output = ENGINE.changeTone(c.text(), c.tone());
            int[] counts = perTone.computeIfAbsent(c.tone(), t -> new int[4]);
            List<String> problems = new ArrayList<>();
            boolean changed = !output.strip().equals(c.text().strip());
            if (!numbers(output).containsAll(numbers(c.text()))) {
                problems.add("figure lost");
            }
            if (!ENGINE.fixGrammar(output).equals(output) && !output.endsWith("\n")) {
                problems.add("grammar: " + ENGINE.fixGrammar(output));
            }
            problems.addAll(toneProblems(c.tone(), c.text(), output));
            if (c.needsChange()) {
                counts[0]++;
                if (!changed) {
                    problems.add(0, "unchanged");
                }
                if (problems.isEmpty()) {
                    counts[1]++;
                }
            } else {
                counts[2]++;
                if (!changed || problems.isEmpty()) {
                    counts[3]++;
                }
            }
            log.append("=== ").append(c.id()).append(' ').append(c.tone()).append(c.needsChange() ? " change" : " keep")
                    .append(problems.isEmpty() ? " OK" : " " + problems).append('\n').append(c.text())
                    .append("\n ->\n").append(output).append("\n\n");
        }
        write("tones.txt", log);
        perTone.forEach((tone, counts) -> figure("CHANGE_TONE " + tone, String.format(Locale.ROOT,
                "%d/%d texts needing a change pass the automatic checks; %d/%d already in tone left intact",
                counts[1], counts[0], counts[3], counts[2])));
        if (!HELD_OUT) {
            perTone.forEach((tone, counts) -> {
                assertThat(counts[1]).as(tone + " changes passing the checks").isGreaterThanOrEqualTo(6);
                assertThat(counts[3]).as(tone + " texts already in tone left intact").isEqualTo(counts[2]);
            });
        }
    }

    /** Automatic tone checks: markers a reader of that tone would object to. Not a substitute for reading. */
    static List<String> toneProblems(Tone tone, String input, String output) {
        List<String> problems = new ArrayList<>();
        switch (tone) {
            case PROFESSIONAL, FORMAL -> {
                if (SLANG.matcher(output).find()) {
                    problems.add("slang");
                }
                if (BARE_IMPERATIVE.matcher(output).find()) {
                    problems.add("bare imperative");
                }
                if (tone == Tone.FORMAL && CONTRACTION.matcher(output.replace("’", "'")).find()) {
                    problems.add("contraction");
                }
                if (tone == Tone.FORMAL && output.contains("!")) {
                    problems.add("exclamation");
                }
                if (Pattern.compile("(?m)(?:^|[.!?]\\s+)\\p{Ll}").matcher(output).find()) {
                    problems.add("lowercase sentence start");
                }
            }
            case CASUAL -> {
                if (STIFF.matcher(output).find()) {
                    problems.add("stiff phrase");
                }
                if (!CONTRACTION.matcher(output).find() && !CASUAL_MARKER.matcher(output).find()) {
                    problems.add("nothing casual");
                }
            }
            case FRIENDLY -> {
                if (BAD_NEWS.matcher(input).find() && CHEERFUL_OPENER.matcher(output).find()) {
                    problems.add("cheerful greeting before bad news");
                }
                if (BARE_IMPERATIVE.matcher(output).find()) {
                    problems.add("bare imperative");
                }
                if (!output.matches("(?is).*\\b(?:hi|hey|hello|thanks|thank you|please|happy|glad|great|could you"
                        + "|good news|I'm afraid|sorry)\\b.*")) {
                    problems.add("nothing warm");
                }
            }
            case CONFIDENT -> {
                if (HEDGE.matcher(output).find()) {
                    problems.add("hedge left");
                }
                if (output.matches("(?s).*,\\s*with \\w+\\.\\s*$")) {
                    problems.add("clause cut");
                }
            }
        }
        return problems;
    }

    @Test
    void theCasualCheckTellsColloquialFromNeutralWording() {
        String input = "A formal text.";
        assertThat(toneProblems(Tone.CASUAL, input, "Just so you know, the garage is closed for now. Sorry for the "
                + "hassle.")).isEmpty();
        assertThat(toneProblems(Tone.CASUAL, input, "It isn't ready yet.")).isEmpty();
        assertThat(toneProblems(Tone.CASUAL, input, "Please feel free to contact me if you need anything else."))
                .containsExactly("nothing casual");
        assertThat(toneProblems(Tone.CASUAL, input, "We wanted to let you know that the lunch will start at 12:30."))
                .containsExactly("nothing casual");
        assertThat(toneProblems(Tone.CASUAL, input, "Hey Anna, I am writing to inform you that it is late."))
                .containsExactly("stiff phrase");
    }

    // ----------------------------------------------------------------------------------------------- free prompts

    @Test
    void freePrompts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Marked m : markedAll()) {
            texts.put(m.id(), m.text());
        }
        for (ToneCase c : toneCasesAll()) {
            texts.put(c.id(), c.text());
        }
        int total = 0;
        int honoured = 0;
        StringBuilder log = new StringBuilder();
        for (String[] row : tsv("free-prompts.tsv")) {
            String instruction = row[1];
            String form = row[2];
            String text = row[3].startsWith("text:") ? row[3].substring(5) : texts.get(row[3]);
            assertThat(text).as(row[3]).isNotNull();
            total++;
            FreePromptOutcome outcome = runFreePrompt(instruction, text);
            String verdict = judge(form, text, outcome);
            if (verdict.isEmpty()) {
                honoured++;
            }
            log.append(verdict.isEmpty() ? "OK   " : "MISS ").append(instruction).append(" [").append(form).append("] ")
                    .append(verdict).append("\n     -> ").append(outcome).append('\n');
        }
        write("free-prompts.txt", log);
        figure("FREE_PROMPT", String.format(Locale.ROOT, "%d/%d instructions honoured in the expected form",
                honoured, total));
        if (!HELD_OUT) {
            assertThat(honoured).as("free prompts honoured").isGreaterThanOrEqualTo(total - 2);
        }
    }

    /** What the engine did with a free instruction: the steps it understood and the result, or a refusal. */
    record FreePromptOutcome(List<String> steps, String result, String refusal) {
        @Override
        public String toString() {
            return refusal != null ? "REFUSED: " + refusal : steps + " " + result.replace("\n", " ⏎ ");
        }
    }

    static FreePromptOutcome runFreePrompt(String instruction, String text) {
        Optional<FreePromptPlan> plan = ENGINE.planFreePrompt(instruction);
        if (plan.isEmpty()) {
            return new FreePromptOutcome(List.of(), null, OfflineTextGenerator.freePromptRefusal(instruction));
        }
        List<String> steps = plan.get().steps().stream().map(FreePromptPlan.Step::label).toList();
        return new FreePromptOutcome(steps, ENGINE.perform(plan.get(), text), null);
    }

    static String judge(String form, String text, FreePromptOutcome outcome) {
        if (form.equals("refuse")) {
            if (outcome.refusal() == null) {
                return "not refused";
            }
            String message = outcome.refusal();
            if (!message.contains("ask your administrator") || message.contains("_API_KEY")
                    || message.contains("_URL")) {
                return "refusal message not for an end user";
            }
            return "";
        }
        if (outcome.refusal() != null) {
            return "refused";
        }
        String result = outcome.result();
        String kind = form.contains("=") ? form.substring(0, form.indexOf('=')) : form;
        String value = form.contains("=") ? form.substring(form.indexOf('=') + 1) : "";
        switch (kind) {
            case "bullets" -> {
                String[] lines = result.strip().split("\\R");
                if (lines.length < 2 || !Arrays.stream(lines).allMatch(l -> l.startsWith("- "))) {
                    return "not a bullet list";
                }
            }
            case "sentences" -> {
                int count = ENGINE.sentences(result).size();
                if (count != Integer.parseInt(value)) {
                    return count + " sentences";
                }
            }
            case "maxwords" -> {
                int count = TextRewriter.wordCount(result);
                if (count > Integer.parseInt(value)) {
                    return count + " words";
                }
            }
            case "action", "tone", "seq" -> {
                List<String> expected = switch (kind) {
                    case "action" -> List.of(value);
                    case "tone" -> List.of("CHANGE_TONE:" + value);
                    default -> List.of(value.split(","));
                };
                if (!outcome.steps().equals(expected)) {
                    return "steps " + outcome.steps();
                }
                if (result.strip().equals(text.strip())) {
                    return "unchanged";
                }
            }
            default -> throw new IllegalArgumentException(form);
        }
        return "";
    }

    // ------------------------------------------------------------------------------------------------- reading

    private static List<String> lines(String resource) {
        try (InputStream in = OfflineEngineEvaluationTest.class.getResourceAsStream("/offline-eval/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String[]> tsv(String resource) {
        return lines(resource).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .filter(r -> r[0].equals(PART))
                .toList();
    }

    /** Blocks of a "=== header" file: header words and the text below. */
    private static List<Map.Entry<String[], String>> blocks(String resource) {
        List<Map.Entry<String[], String>> blocks = new ArrayList<>();
        String[] header = null;
        StringBuilder body = new StringBuilder();
        for (String line : lines(resource)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("=== ")) {
                if (header != null) {
                    blocks.add(Map.entry(header, body.toString().strip()));
                }
                header = line.substring(4).trim().split("\\s+");
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        if (header != null) {
            blocks.add(Map.entry(header, body.toString().strip()));
        }
        return blocks;
    }

    private static List<Marked> markedAll() {
        List<Marked> all = new ArrayList<>();
        for (Map.Entry<String[], String> block : blocks("summaries.txt")) {
            String raw = block.getValue();
            Matcher m = Pattern.compile("\\[\\[(.+?)]]").matcher(raw);
            assertThat(m.find()).as(block.getKey()[0]).isTrue();
            all.add(new Marked(block.getKey()[0] + " " + block.getKey()[1], raw.replace("[[", "").replace("]]", ""),
                    m.group(1)));
        }
        return all.stream().map(x -> new Marked(x.id().split(" ")[0], x.text(), x.key())).toList();
    }

    private static List<Marked> marked() {
        List<String> ids = blocks("summaries.txt").stream().filter(b -> b.getKey()[1].equals(PART))
                .map(b -> b.getKey()[0]).toList();
        return markedAll().stream().filter(m -> ids.contains(m.id())).toList();
    }

    private static List<ToneCase> toneCasesAll() {
        return blocks("tones.txt").stream().map(b -> new ToneCase(b.getKey()[0], Tone.valueOf(b.getKey()[1]),
                b.getKey()[3].equals("change"), b.getValue())).toList();
    }

    private static List<ToneCase> toneCases() {
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String[], String> b : blocks("tones.txt")) {
            if (b.getKey()[2].equals(PART)) {
                ids.add(b.getKey()[0]);
            }
        }
        return toneCasesAll().stream().filter(c -> ids.contains(c.id())).toList();
    }

    static Set<String> numbers(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static void figure(String action, String value) {
        FIGURES.put(action, value);
    }

    private static void write(String file, CharSequence content) {
        try {
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve(PART + "-" + file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void printFigures() {
        StringBuilder out = new StringBuilder("\nOffline engine evaluation, part " + PART + ":\n");
        FIGURES.forEach((action, value) -> out.append(String.format(Locale.ROOT, "  %-24s %s%n", action, value)));
        System.out.println(out);
        write("figures.txt", out);
    }
}
