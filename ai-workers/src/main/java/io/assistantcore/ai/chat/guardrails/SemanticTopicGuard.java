package io.assistantcore.ai.chat.guardrails;

import dev.langchain4j.model.embedding.EmbeddingModel;
import org.languagetool.AnalyzedToken;
import org.languagetool.AnalyzedTokenReadings;
import org.languagetool.tagging.en.EnglishTagger;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds whether a message is about one of a tenant's blocked topics, in two ways:
 * <ol>
 *     <li>Words: every content word of the topic phrase (stop words aside) occurs in the message as the same
 *     English lemma (LanguageTool's English tagger: "investments" and "investment", "weapons" and "weapon"), or as
 *     a longer or shorter form of it ("invest" / "investing" / "investment", "politics" / "political").</li>
 *     <li>Meaning: the topic phrase and each sentence of the message (and a short message as a whole) are embedded
 *     with all-MiniLM-L6-v2; a cosine similarity at or above the sentence threshold is a match. So is a content
 *     word of the message (noun, adjective or verb, not itself a word of the topic phrase) whose embedding is at or
 *     above the word threshold: "election" is close to "politics", "poker" to "gambling". A word of the phrase
 *     alone ("medical" for "medical advice") is not enough.</li>
 * </ol>
 * The topic returned is the tenant's phrase as given: the one matched by words (the most specific one if several),
 * else the most similar one. Blank topics are skipped; at most {@value #MAX_TOPICS} topics of at most
 * {@value #MAX_TOPIC_CHARS} characters are considered, and of a message the first {@value #MAX_TEXT_CHARS} characters. Topic embeddings are cached. English only: other languages
 * are matched by words as written and by whatever the English model makes of them.
 */
public final class SemanticTopicGuard implements TopicGuard {

    public static final int MAX_TOPICS = 100;
    /** Of a longer message, the first this many characters are read. */
    public static final int MAX_TEXT_CHARS = 20_000;
    public static final int MAX_TOPIC_CHARS = 200;
    /** Default cosine similarity of a sentence from which a message is about a topic (see docs/chat.md). */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** Default cosine similarity of a single content word from which a message is about a topic. */
    public static final double DEFAULT_WORD_THRESHOLD = 0.6;
    static final int MAX_WORDS = 48;
    private static final Set<String> GENERIC_VERBS = Set.of("be", "have", "do", "can", "will", "shall", "should",
            "would", "could", "may", "might", "must", "make", "get", "take", "want", "need", "help", "tell", "give",
            "write", "explain", "know", "think", "say", "go", "come", "see", "use", "let", "put", "ask", "find", "like",
            "look", "try", "show", "keep", "work");
    static final int MAX_SEGMENTS = 16;
    private static final int CACHED_TOPICS = 2_000;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？;])\\s+|\\n+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "of", "about", "for", "to", "in", "on", "with", "any", "all", "anything",
            "everything", "related", "relating", "regarding", "concerning", "questions", "question", "topic", "topics",
            "discussion", "discussions", "talk", "talking", "matters", "issues", "other", "our", "their", "its", "my",
            "your", "by", "at", "from", "as", "into", "like", "such", "eg", "e", "g", "etc", "is", "are", "be", "it",
            "this", "that", "these", "those", "what", "how", "do", "does", "i", "you", "we", "they", "me", "us", "s");

    private final SentenceEmbeddings embeddings;
    private final double threshold;
    private final double wordThreshold;
    private final Map<String, float[]> topicVectors = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHED_TOPICS;
        }
    };

    public SemanticTopicGuard(Supplier<EmbeddingModel> embeddingModel) {
        this(embeddingModel, DEFAULT_THRESHOLD, DEFAULT_WORD_THRESHOLD);
    }

    /**
     * @param threshold     cosine similarity (0..1) of a sentence from which a message counts as being about a topic
     * @param wordThreshold the same for a single content word of the message
     */
    public SemanticTopicGuard(Supplier<EmbeddingModel> embeddingModel, double threshold, double wordThreshold) {
        this.embeddings = new SentenceEmbeddings(embeddingModel);
        if (!(threshold > 0 && threshold < 1) || !(wordThreshold > 0 && wordThreshold < 1)) {
            throw new IllegalArgumentException("thresholds must be between 0 and 1");
        }
        this.threshold = threshold;
        this.wordThreshold = wordThreshold;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public Optional<String> blockedTopic(String text, List<String> blockedTopics) {
        Objects.requireNonNull(text, "text");
        List<String> topics = usable(blockedTopics);
        if (topics.isEmpty() || text.isBlank()) {
            return Optional.empty();
        }
        text = text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
        Optional<String> byWords = byWords(text, topics);
        if (byWords.isPresent()) {
            return byWords;
        }
        return byMeaning(text, topics);
    }

    /**
     * How close a message comes to a topic by meaning.
     *
     * @param sentence the best similarity of a sentence (or the whole message) to the topic phrase
     * @param word     the best similarity of one content word of the message that is not a word of the phrase
     */
    record Closeness(String topic, double sentence, double word) {
    }

    /** Each usable topic's closeness to the message (for tests and calibration). */
    List<Closeness> closeness(String text, List<String> blockedTopics) {
        List<String> topics = usable(blockedTopics);
        List<Set<String>> messageWords = lemmas(text);
        List<String> words = contentWords(text);
        float[][] segments = embeddings.embed(segments(text));
        float[][] wordVectors = embeddings.embed(words);
        List<Closeness> result = new ArrayList<>();
        for (String topic : topics) {
            float[] vector = topicVector(topic);
            double sentence = -1;
            for (float[] segment : segments) {
                sentence = Math.max(sentence, SentenceEmbeddings.cosine(segment, vector));
            }
            List<Set<String>> topicWords = lemmas(bounded(topic));
            double word = -1;
            for (int i = 0; i < words.size(); i++) {
                String candidate = words.get(i);
                boolean partOfPhrase = topicWords.stream().anyMatch(forms -> forms.stream().anyMatch(form ->
                        lemmasOf(candidate, messageWords).stream().anyMatch(lemma -> sameWord(form, lemma))));
                if (!partOfPhrase) {
                    word = Math.max(word, SentenceEmbeddings.cosine(wordVectors[i], vector));
                }
            }
            result.add(new Closeness(topic, sentence, word));
        }
        return result;
    }

    private Optional<String> byMeaning(String text, List<String> topics) {
        String best = null;
        double bestMargin = Double.NEGATIVE_INFINITY;
        for (Closeness closeness : closeness(text, topics)) {
            double margin = Math.max(closeness.sentence() - threshold, closeness.word() - wordThreshold);
            if (margin >= 0 && margin > bestMargin) {
                bestMargin = margin;
                best = closeness.topic();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The lemmas recorded for a word of the message. */
    private static Set<String> lemmasOf(String word, List<Set<String>> messageWords) {
        for (Set<String> forms : messageWords) {
            if (forms.contains(word)) {
                return forms;
            }
        }
        return Set.of(word);
    }

    /**
     * The message's distinct nouns, adjectives and verbs (not the most general verbs) of three letters or more, as
     * written, at most {@value #MAX_WORDS}.
     */
    static List<String> contentWords(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(folded);
        while (matcher.find()) {
            words.add(matcher.group().replace('’', '\''));
        }
        List<AnalyzedTokenReadings> readings;
        synchronized (EnglishTagger.INSTANCE) {
            readings = EnglishTagger.INSTANCE.tag(words);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < words.size() && result.size() < MAX_WORDS; i++) {
            String word = words.get(i);
            if (word.length() < 3 || STOP_WORDS.contains(word) || result.contains(word)) {
                continue;
            }
            boolean content = false;
            boolean generic = false;
            boolean known = false;
            for (AnalyzedToken token : readings.get(i).getReadings()) {
                String tag = token.getPOSTag();
                if (tag == null || tag.isEmpty() || tag.startsWith("SENT")) {
                    continue;
                }
                known = true;
                if (tag.startsWith("NN") || tag.startsWith("JJ") || tag.startsWith("VB")) {
                    content = true;
                }
                if (tag.startsWith("VB") && token.getLemma() != null && GENERIC_VERBS.contains(token.getLemma())) {
                    generic = true;
                }
                if (tag.startsWith("MD") || tag.startsWith("DT") || tag.startsWith("IN") || tag.startsWith("PRP")
                        || tag.startsWith("WP") || tag.startsWith("WRB") || tag.startsWith("CC")) {
                    generic = true;
                }
            }
            // words the tagger does not know (brand names, "altcoin") count as content
            if ((content || !known) && !generic) {
                result.add(word);
            }
        }
        return result;
    }

    private Optional<String> byWords(String text, List<String> topics) {
        Set<String> messageLemmas = new HashSet<>();
        for (Set<String> lemmas : lemmas(text)) {
            messageLemmas.addAll(lemmas);
        }
        String best = null;
        int bestWords = 0;
        for (String topic : topics) {
            List<Set<String>> topicWords = lemmas(bounded(topic));
            topicWords.removeIf(word -> word.stream().allMatch(STOP_WORDS::contains));
            if (topicWords.isEmpty() || topicWords.size() <= bestWords) {
                continue;
            }
            boolean all = topicWords.stream().allMatch(word -> word.stream().anyMatch(lemma ->
                    messageLemmas.stream().anyMatch(candidate -> sameWord(lemma, candidate))));
            if (all) {
                best = topic;
                bestWords = topicWords.size();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Same lemma, or one a form of the other ("invest" / "investment", "politics" / "political"). */
    static boolean sameWord(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        if (shorter.length() >= 5 && longer.startsWith(shorter)) {
            return true;
        }
        int common = 0;
        while (common < shorter.length() && shorter.charAt(common) == longer.charAt(common)) {
            common++;
        }
        return common >= 7;
    }

    /** For each word of the text: the word itself and its English lemmas, lower case, without diacritics. */
    static List<Set<String>> lemmas(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(folded);
        while (matcher.find()) {
            words.add(matcher.group().replace('’', '\''));
        }
        List<AnalyzedTokenReadings> readings;
        synchronized (EnglishTagger.INSTANCE) {
            readings = EnglishTagger.INSTANCE.tag(words);
        }
        List<Set<String>> result = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            Set<String> forms = new HashSet<>();
            forms.add(words.get(i));
            for (AnalyzedToken token : readings.get(i).getReadings()) {
                if (token.getLemma() != null) {
                    forms.add(token.getLemma().toLowerCase(Locale.ROOT));
                }
            }
            result.add(forms);
        }
        return result;
    }

    private float[] topicVector(String topic) {
        synchronized (topicVectors) {
            float[] cached = topicVectors.get(topic);
            if (cached != null) {
                return cached;
            }
        }
        float[] vector = embeddings.embed(List.of(bounded(topic)))[0];
        synchronized (topicVectors) {
            topicVectors.put(topic, vector);
        }
        return vector;
    }

    private static List<String> segments(String text) {
        List<String> result = new ArrayList<>();
        String stripped = text.strip();
        if (stripped.length() <= 500) {
            result.add(stripped);
        }
        for (String sentence : SENTENCE_END.split(stripped)) {
            String segment = sentence.strip();
            if (!segment.isEmpty() && !result.contains(segment) && result.size() < MAX_SEGMENTS) {
                result.add(segment);
            }
        }
        return result;
    }

    /** The non-blank topics as given, at most {@link #MAX_TOPICS}. */
    private static List<String> usable(List<String> topics) {
        if (topics == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String topic : topics) {
            if (topic != null && !topic.isBlank() && result.size() < MAX_TOPICS) {
                result.add(topic);
            }
        }
        return result;
    }

    /** The part of a topic phrase that is compared. */
    private static String bounded(String topic) {
        String trimmed = topic.strip();
        return trimmed.length() > MAX_TOPIC_CHARS ? trimmed.substring(0, MAX_TOPIC_CHARS) : trimmed;
    }
}
