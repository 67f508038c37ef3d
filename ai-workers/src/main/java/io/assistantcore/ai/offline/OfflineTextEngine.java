package io.assistantcore.ai.offline;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.Tone;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The offline engine: deterministic text operations that need no network and no downloaded model. Grammar and
 * spelling come from LanguageTool (American English), sentence selection from the all-MiniLM-L6-v2 sentence
 * embeddings shipped inside the langchain4j jar (run in-process with ONNX Runtime), everything else from the rule
 * tables in {@link StyleRules}. See docs/offline-engine.md for exactly what each method does.
 *
 * <p>Thread-safe. LanguageTool instances (a small pool) and the embedding model are created on first use; the first
 * grammar check takes several seconds, so call {@link #warmUp()} at start-up when latency matters. Same input, same
 * output: no randomness, no clock, no state carried from one call to the next. A non-blank input never yields a blank
 * result (the input itself is returned if a rule set would remove everything); a blank input is returned unchanged.
 */
public final class OfflineTextEngine {

    /** LanguageTool instances created at most (each holds its own rule objects; a few hundred MB in total). */
    public static final int DEFAULT_LANGUAGE_TOOL_INSTANCES = 2;

    /** Share of the input's words that {@link #shorten(String)} aims to stay within. */
    public static final double SHORTEN_RATIO = 0.6;

    private final GrammarCorrector grammar;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final CentralityRanker ranker;
    private final SalienceSelector selector;
    private final Lazy<EmbeddingModel> embeddingModel = new Lazy<>(OfflineTextEngine::loadEmbeddingModel);
    private final FreePromptInterpreter interpreter = new FreePromptInterpreter();

    /** An engine with {@link #DEFAULT_LANGUAGE_TOOL_INSTANCES} LanguageTool instances at most. */
    public OfflineTextEngine() {
        this(DEFAULT_LANGUAGE_TOOL_INSTANCES);
    }

    /** An engine that creates at most {@code languageToolInstances} LanguageTool instances (concurrent checks). */
    public OfflineTextEngine(int languageToolInstances) {
        this.grammar = new GrammarCorrector(new LanguageToolPool(languageToolInstances));
        this.ranker = new CentralityRanker(embeddingModel);
        this.selector = new SalienceSelector(ranker);
    }

    /**
     * Loads all-MiniLM-L6-v2 from the langchain4j jar. Its tokenizer comes from DJL, which by default may contact the
     * EC2 metadata endpoint (usage tracking) and download native libraries it does not find; the system properties
     * {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} switch both off and are set here unless already set.
     * Inference runs on the calling thread (direct executor).
     */
    private static EmbeddingModel loadEmbeddingModel() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        return new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }

    /** The sentence embedding model (all-MiniLM-L6-v2, loaded on first use), shared with the semantic cache. */
    public EmbeddingModel embeddingModel() {
        return embeddingModel.get();
    }

    /** Loads LanguageTool, the sentence tokenizer and the embedding model now instead of on the first request. */
    public void warmUp() {
        fixGrammar("their is a error in this sentance");
        summarize("The engine starts. It loads its models. Then it is ready.");
    }

    /** Runs one action; {@code tone} is required for {@link AiAction#CHANGE_TONE} and ignored otherwise. */
    public String perform(AiAction action, Tone tone, String text) {
        Objects.requireNonNull(action, "action");
        return switch (action) {
            case IMPROVE -> improve(text);
            case SHORTEN -> shorten(text);
            case SUMMARIZE -> summarize(text);
            case FIX_GRAMMAR -> fixGrammar(text);
            case CHANGE_TONE -> changeTone(text, Objects.requireNonNull(tone, "tone"));
            case FREE_PROMPT -> throw new IllegalArgumentException(
                    "A free prompt must first be interpreted with interpretFreePrompt");
        };
    }

    /**
     * Corrects grammar and spelling with LanguageTool: repeated passes applying the suggestion of each
     * non-overlapping rule match until the text stops changing, then a closing full stop for a final sentence of
     * three or more words.
     */
    public String fixGrammar(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return text;
        }
        return nonBlank(grammar.correct(text), text);
    }

    /**
     * One to three sentences of the text, the most salient ({@link SalienceSelector}: centrality plus cues for
     * figures, dates, names, decisions and requests; greetings, sign-offs and headers left out; maximal marginal
     * relevance against repetition; a sentence opening with "This"/"They"/… comes with the sentence before it), in
     * their original order, joined as one paragraph, capitalised and grammar-checked. 1 sentence for texts of up to 3
     * content sentences, 2 for 4 to 6, 3 for longer texts. A single-sentence text is returned with filler words and
     * wordy phrases removed.
     */
    public String summarize(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return text;
        }
        List<SentenceSplitter.Sentence> sentences = splitter.split(text);
        if (sentences.size() <= 1) {
            String single = text.strip();
            return nonBlank(TextRewriter.rewrite(single, StyleRules.CLARITY), single);
        }
        List<String> texts = sentences.stream().map(SentenceSplitter.Sentence::text).toList();
        int wanted = summaryLength(Math.max(1, SalienceSelector.contentCount(texts)));
        List<Integer> chosen = selector.select(texts, s -> 1, wanted + 1, wanted);
        return nonBlank(polish(SalienceSelector.detached(texts, chosen), " "), text.strip());
    }

    /** The single most salient sentence of the text, capitalised and grammar-checked ("in one sentence"). */
    public String oneSentence(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return text;
        }
        List<String> texts = sentences(text);
        List<Integer> chosen = selector.select(texts, s -> 1, 1, 1);
        return nonBlank(polish(SalienceSelector.detached(texts, chosen), " "), text.strip());
    }

    /**
     * The text as a bullet list ("- " items, one per line): its content sentences when there are at most
     * {@link #BULLETS_ALL} of them, else the {@link #BULLETS_CHOSEN} most salient, in their original order;
     * greetings, sign-offs and headers are left out.
     */
    public String bullets(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return text;
        }
        List<String> texts = sentences(text);
        List<Integer> chosen;
        if (SalienceSelector.contentCount(texts) <= BULLETS_ALL) {
            List<SalienceSelector.Kind> kinds = SalienceSelector.kinds(texts);
            chosen = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (kinds.get(i) == SalienceSelector.Kind.CONTENT) {
                    chosen.add(i);
                }
            }
            if (chosen.isEmpty()) {
                chosen = selector.select(texts, s -> 1, BULLETS_CHOSEN, BULLETS_CHOSEN);
            }
        } else {
            chosen = selector.select(texts, s -> 1, BULLETS_CHOSEN + 1, BULLETS_CHOSEN);
        }
        StringBuilder out = new StringBuilder();
        for (int index : chosen) {
            String item = polish(List.of(texts.get(index)), " ");
            if (!item.isBlank()) {
                out.append(out.length() == 0 ? "" : "\n").append("- ").append(item);
            }
        }
        return nonBlank(out.toString(), text.strip());
    }

    /**
     * A version of at most {@code words} words: the sentences are compressed as {@link #shorten(String)} does, the
     * most salient that fit are kept (greetings and sign-offs left out); if not even one fits, the most salient is
     * cut at its last comma within the limit, or else after the limit's last word, and closed with a full stop.
     */
    public String withinWords(String text, int words) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || words < 1) {
            return text;
        }
        List<String> compressed = compressedSentences(text);
        if (compressed.isEmpty()) {
            return text.strip();
        }
        List<Integer> chosen = selector.select(compressed, TextRewriter::wordCount, words, Integer.MAX_VALUE);
        String result = polish(chosen.stream().map(compressed::get).toList(), " ");
        if (TextRewriter.wordCount(result) <= words) {
            return result;
        }
        String[] all = result.strip().split("\\s+");
        String cut = String.join(" ", java.util.Arrays.copyOf(all, words));
        int comma = cut.lastIndexOf(',');
        if (comma > 0 && TextRewriter.wordCount(cut.substring(0, comma)) >= Math.max(2, words / 2)) {
            cut = cut.substring(0, comma);
        }
        cut = cut.replaceAll("[\\s,;:–-]+$", "");
        return cut.matches("(?s).*[.!?]$") ? cut : cut + ".";
    }

    /**
     * Joins the sentences, removes list markers, capitalises sentence starts, closes each sentence with a full stop
     * when it has no final punctuation (a header), and runs the grammar pass.
     */
    private String polish(List<String> chosen, String separator) {
        List<String> parts = new ArrayList<>();
        for (String sentence : chosen) {
            String s = BULLET_MARKER.matcher(sentence.strip()).replaceFirst("");
            // a greeting in front of the first sentence of a one-line message ("Hi Tom, the kickoff is …")
            String withoutGreeting = INLINE_GREETING.matcher(s).replaceFirst("");
            if (TextRewriter.wordCount(withoutGreeting) >= 3) {
                s = withoutGreeting;
            }
            if (s.isEmpty()) {
                continue;
            }
            s = TextRewriter.capitalize(s);
            if (!s.matches("(?s).*[.!?…:][\"”’)]?$")) {
                s = s.replaceAll("[,;]+$", "") + ".";
            }
            parts.add(s);
        }
        String joined = String.join(separator, parts);
        return joined.isBlank() ? joined : grammar.correct(joined);
    }

    private static final java.util.regex.Pattern INLINE_GREETING = java.util.regex.Pattern.compile(
            "^(?i:hi|hey|hello|dear|good (?:morning|afternoon|evening))\\s+(?:(?:\\p{Lu}[\\p{L}'’.-]*)(?:\\s+\\p{Lu}"
                    + "[\\p{L}'’-]*)?|(?i:team|all|everyone|folks))\\s*,\\s+(?=\\p{L})");
    private static final java.util.regex.Pattern BULLET_MARKER =
            java.util.regex.Pattern.compile("^(?:[-*•]|\\d+[.)])\\s+");

    /** Sentences of at most this many content sentences are all kept as bullets. */
    static final int BULLETS_ALL = 6;
    /** Bullets chosen from a longer text. */
    static final int BULLETS_CHOSEN = 5;

    /**
     * The text's sentences, each without surrounding whitespace: LanguageTool's English sentence tokenizer, and
     * every line break ends a sentence too.
     */
    public List<String> sentences(String text) {
        Objects.requireNonNull(text, "text");
        return splitter.split(text).stream().map(SentenceSplitter.Sentence::text).toList();
    }

    /**
     * Indices of {@code sentences}, most central first: the order {@link #summarize(String)} chooses sentences in
     * (mean cosine similarity of the sentence embeddings to all others; near-repetitions last).
     */
    public List<Integer> centralityOrder(List<String> sentences) {
        Objects.requireNonNull(sentences, "sentences");
        return ranker.rank(List.copyOf(sentences));
    }

    static int summaryLength(int sentences) {
        return sentences <= 3 ? 1 : sentences <= 6 ? 2 : 3;
    }

    /**
     * A shorter text of at most {@link #SHORTEN_RATIO} of the input's words where possible: every sentence is
     * compressed first (fillers, wordy phrases, parentheticals and empty sentence openers removed), then the most
     * salient compressed sentences that fit within the word budget are kept in their original order (see
     * {@link SalienceSelector}); a greeting and the sign-off come back only if words are left. If not even the most
     * salient sentence fits (or there is only one), that compressed sentence is the result, which may stay above the
     * budget: the engine does not cut sentences in the middle. The result goes through the grammar pass.
     */
    public String shorten(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return text;
        }
        int budget = Math.max(1, (int) Math.floor(TextRewriter.wordCount(text) * SHORTEN_RATIO));
        List<SentenceSplitter.Sentence> compressed = new ArrayList<>();
        for (SentenceSplitter.Sentence sentence : splitter.split(text)) {
            String shorter = TextRewriter.rewrite(sentence.text(), StyleRules.COMPRESSION).strip();
            if (!shorter.isEmpty() && shorter.chars().anyMatch(Character::isLetterOrDigit)) {
                compressed.add(new SentenceSplitter.Sentence(shorter, sentence.separator()));
            }
        }
        if (compressed.isEmpty()) {
            return text.strip();
        }
        if (compressed.size() == 1) {
            return nonBlank(grammar.correct(compressed.get(0).text()), compressed.get(0).text());
        }
        List<String> texts = compressed.stream().map(SentenceSplitter.Sentence::text).toList();
        List<Integer> chosen = new ArrayList<>(selector.select(texts, TextRewriter::wordCount, budget,
                Integer.MAX_VALUE));
        int words = chosen.stream().mapToInt(i -> TextRewriter.wordCount(texts.get(i))).sum();
        List<SalienceSelector.Kind> kinds = SalienceSelector.kinds(texts);
        for (SalienceSelector.Kind frame : List.of(SalienceSelector.Kind.GREETING, SalienceSelector.Kind.SIGN_OFF)) {
            List<Integer> lines = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (kinds.get(i) == frame && (frame == SalienceSelector.Kind.SIGN_OFF || lines.isEmpty())) {
                    lines.add(i);
                }
            }
            int cost = lines.stream().mapToInt(i -> TextRewriter.wordCount(texts.get(i))).sum();
            if (!lines.isEmpty() && words + cost <= budget) {
                chosen.addAll(lines);
                words += cost;
            }
        }
        chosen.sort(Comparator.naturalOrder());
        String joined = SentenceSplitter.join(chosen.stream().map(compressed::get).toList());
        return nonBlank(grammar.correct(joined), joined);
    }

    private List<String> compressedSentences(String text) {
        List<String> out = new ArrayList<>();
        for (SentenceSplitter.Sentence sentence : splitter.split(text)) {
            String shorter = TextRewriter.rewrite(sentence.text(), StyleRules.COMPRESSION).strip();
            if (!shorter.isEmpty() && shorter.chars().anyMatch(Character::isLetterOrDigit)) {
                out.add(shorter);
            }
        }
        return out;
    }

    /**
     * Rewrites the text for the tone ({@link #rewriteTone(String, Tone)}) and returns the new text, or the input
     * unchanged when it already reads in the tone.
     */
    public String changeTone(String text, Tone tone) {
        return rewriteTone(text, tone).text();
    }

    /**
     * The text rewritten for the tone: the phrase rules of the tone ({@link StyleRules#forTone(Tone)}), then the
     * sentence rules ({@link ToneSentences}: imperatives to requests, missing subjects, bad news softened), then a
     * friendly opener when FRIENDLY and the text addresses the reader without bad news, then the grammar pass. The
     * rules run on the grammar-fixed text (grammar first: "you're message" must become "your message" before the
     * contractions are written out, or it would read "you are message"). When no rule changes anything the text
     * already reads in the tone: the input comes back with {@code changed} false, unless the grammar pass fixed
     * something, in which case the fixed text comes back.
     */
    public ToneResult rewriteTone(String text, Tone tone) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tone, "tone");
        if (text.isBlank()) {
            return new ToneResult(text, false);
        }
        // grammar first: the tone rules must see "your message", not "you're message" (which they would expand
        // to "you are message"), and "its results", not "it's results"
        String fixed = nonBlank(grammar.correct(text), text);
        String rewritten = TextRewriter.rewrite(fixed, StyleRules.forTone(tone));
        rewritten = ToneSentences.apply(rewritten, tone, splitter);
        if (tone == Tone.FRIENDLY && !StyleRules.OPENS_WITH_GREETING.matcher(rewritten).find()
                && StyleRules.ADDRESSES_READER.matcher(rewritten).find()
                && !ToneSentences.BAD_NEWS.matcher(rewritten).find()) {
            int start = 0;
            while (start < rewritten.length() && Character.isWhitespace(rewritten.charAt(start))) {
                start++;
            }
            rewritten = rewritten.substring(0, start) + StyleRules.FRIENDLY_OPENER
                    + TextRewriter.capitalize(rewritten.substring(start));
        }
        if (sameText(rewritten, fixed)) {
            // nothing to change for the tone; typos fixed on the way are still worth returning
            return sameText(fixed, text) ? new ToneResult(text, false) : new ToneResult(fixed, true);
        }
        String result = nonBlank(grammar.correct(nonBlank(rewritten, fixed)), fixed);
        if (sameText(result, fixed)) {
            return sameText(fixed, text) ? new ToneResult(text, false) : new ToneResult(fixed, true);
        }
        return new ToneResult(result, true);
    }

    private static boolean sameText(String a, String b) {
        return a.strip().replaceAll("\\s+", " ").equals(b.strip().replaceAll("\\s+", " "));
    }

    /**
     * The result of a tone change.
     *
     * @param text    the rewritten text, or the input when it already reads in the tone
     * @param changed false when no rule applied: the text already reads in the tone
     */
    public record ToneResult(String text, boolean changed) {
    }

    /**
     * Cleans up spacing and repeated punctuation, removes filler words and wordy phrases, then corrects grammar and
     * spelling as {@link #fixGrammar(String)} does (which also capitalises sentence starts).
     */
    public String improve(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return text;
        }
        String cleaned = TextRewriter.rewrite(text, StyleRules.PUNCTUATION_CLEANUP);
        String clearer = TextRewriter.rewrite(cleaned, StyleRules.CLARITY);
        return nonBlank(grammar.correct(nonBlank(clearer, cleaned)), text);
    }

    /**
     * The known action a free instruction clearly asks for ("fix the typos", "make it more formal", "tl;dr"), or
     * empty when it asks for anything else ("translate to German", "write a poem about cats").
     */
    public Optional<InterpretedAction> interpretFreePrompt(String instruction) {
        return interpreter.interpret(instruction);
    }

    /**
     * The plan for a free instruction: one or more of the engine's actions in order ("fix typos and shorten"), or a
     * form (bullet points, one sentence, at most N words), possibly with actions; empty when any part of the
     * instruction asks for something the engine cannot do ("translate to German", "make it longer").
     */
    public Optional<FreePromptPlan> planFreePrompt(String instruction) {
        return interpreter.plan(instruction);
    }

    /** Carries out a plan's steps in order, each on the previous step's result. */
    public String perform(FreePromptPlan plan, String text) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(text, "text");
        String current = text;
        for (FreePromptPlan.Step step : plan.steps()) {
            current = switch (step.form()) {
                case ACTION -> perform(step.action().action(), step.action().tone(), current);
                case BULLETS -> bullets(current);
                case ONE_SENTENCE -> oneSentence(current);
                case WORD_LIMIT -> withinWords(current, step.words());
            };
        }
        return current;
    }

    private static String nonBlank(String result, String fallback) {
        return result == null || result.isBlank() ? fallback : result;
    }

    /** A thread-safe memoizing supplier. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = factory.get();
                        value = result;
                    }
                }
            }
            return result;
        }
    }
}
