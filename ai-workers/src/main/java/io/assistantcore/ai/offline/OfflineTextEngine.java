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
     * One to three sentences of the text, verbatim and in their original order: the most central by sentence
     * embeddings. 1 sentence for texts of up to 3 sentences, 2 for 4 to 6, 3 for longer texts. A single-sentence
     * text is returned with filler words and wordy phrases removed.
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
        int wanted = summaryLength(sentences.size());
        List<Integer> order = ranker.rank(sentences.stream().map(SentenceSplitter.Sentence::text).toList());
        List<Integer> chosen = new ArrayList<>(order.subList(0, wanted));
        chosen.sort(Comparator.naturalOrder());
        return SentenceSplitter.join(chosen.stream().map(sentences::get).toList());
    }

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
     * compressed (fillers, wordy phrases, parentheticals and empty sentence openers removed), then the most central
     * compressed sentences that fit within the word budget are kept in their original order. If not even the most
     * central sentence fits (or there is only one), that compressed sentence is the result, which may stay above the
     * budget: the engine does not cut sentences in the middle.
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
            return compressed.get(0).text();
        }
        List<Integer> order = ranker.rank(compressed.stream().map(SentenceSplitter.Sentence::text).toList());
        List<Integer> chosen = new ArrayList<>();
        int words = 0;
        for (int index : order) {
            int count = TextRewriter.wordCount(compressed.get(index).text());
            if (words + count <= budget) {
                chosen.add(index);
                words += count;
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(order.get(0));
        }
        chosen.sort(Comparator.naturalOrder());
        return SentenceSplitter.join(chosen.stream().map(compressed::get).toList());
    }

    /**
     * Rewrites the text for the tone with the rule table of that tone ({@link StyleRules#forTone(Tone)}); friendly
     * also opens with "Hi there!" when the text addresses the reader and has no greeting yet.
     */
    public String changeTone(String text, Tone tone) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tone, "tone");
        if (text.isBlank()) {
            return text;
        }
        String rewritten = TextRewriter.rewrite(text, StyleRules.forTone(tone));
        if (tone == Tone.FRIENDLY && !StyleRules.OPENS_WITH_GREETING.matcher(rewritten).find()
                && StyleRules.ADDRESSES_READER.matcher(rewritten).find()) {
            int start = 0;
            while (start < rewritten.length() && Character.isWhitespace(rewritten.charAt(start))) {
                start++;
            }
            rewritten = rewritten.substring(0, start) + StyleRules.FRIENDLY_OPENER
                    + TextRewriter.capitalize(rewritten.substring(start));
        }
        return nonBlank(rewritten, text);
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
