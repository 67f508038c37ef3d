package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.GroundedAnswers.Answer;
import io.assistantcore.ai.knowledge.GroundedAnswers.Retrieval;
import io.assistantcore.ai.knowledge.KnowledgeIndex.StoredChunk;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.Citation;
import io.assistantcore.messages.chat.GroundingSource;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures answers from documents with the offline engine on a corpus and question set of our own
 * ({@code src/test/resources/knowledge}): six business documents (Markdown, plain text, HTML) and 799 questions
 * (parts A to L),
 * answerable ones (some paraphrased, some in lower case without a question mark) and ones the documents do not
 * answer (general knowledge, and near misses: questions about the same companies that the documents do not cover).
 * Parts A, B and C are the tuning set (each was held out once, and seen afterwards); part D was held out for the
 * third round's refusal rule and has been seen since (it did not take part in choosing the fourth round's rule);
 * part E was written before the fourth round's rule and measured once with its final settings (seen since; parts
 * A to E were the fifth round's tuning set, {@link #tuningDump()}). Part F was written after that, before any change
 * of the fifth round, and measured once with its final settings (seen since; parts A to F were the sixth round's
 * tuning set). Part G was written before any change of the sixth round and measured once with its final settings
 * (seen since; parts A to G are the seventh round's tuning set, {@link #thresholdSweepOnTheTuningParts()},
 * {@link #tuningSetTogether()}). Part H was written before any change of the seventh round, held out from it and
 * measured once with its final settings (seen since; parts A to H are the eighth round's tuning set,
 * {@link #tuningSetAToH()}). Part I was written on 2026-12-02, before any change of the eighth round, held out from
 * it and measured once with its final settings (seen since, {@link #heldOutPartI()}). Part J was written before any
 * change of the ninth round, held out from it and measured once with its final settings (seen since,
 * {@link #heldOutPartJ()}; parts A to J are the tenth round's tuning set, {@link #tuningSetAToJ()}). Part K was
 * written before any change of the tenth round, held out from it and measured once with its final settings (seen
 * since, {@link #heldOutPartK()}; parts A to K are the eleventh round's tuning set, {@link #tuningSetAToK()}). Part
 * L was written before any change of the eleventh round, held out from it and measured once with its final settings
 * (seen since, {@link #heldOutPartL()}; parts A to L are the thirteenth round's tuning set, {@link #tuningSetAToL()}).
 * The next held-out part is M ({@link #HELD_OUT_PART}, {@link #heldOutPartM()}).
 * History and figures: docs/knowledge.md.
 * <p>
 * For each question: refused when the documents do not cover it (no answer is attempted), otherwise the extractive
 * answer; "right source" means a citation of the answer names a chunk of the expected document.
 */
class KnowledgeEvaluationTest {

    static final String TENANT = "eval";
    /**
     * The tuning parts (the thirteenth round's: A to L), all seen; the held-out part M is never among them.
     */
    static final String TUNING_PARTS = "ABCDEFGHIJKL";
    /**
     * The held-out part: its questions, and those of any later part, are left out when the question set is read,
     * unless {@code -Dknowledge.heldOut} names that part, so that no other test (default, bench, sweep or dump) can
     * see them. Part M was written after part L was measured (2026-12-03) and before the twelfth round's study
     * (docs/knowledge.md item 42); it is measured once, with the final settings of the round that next changes the
     * engine.
     */
    static final String HELD_OUT_PART = "M";
    static final List<String> DOCUMENTS = List.of("employee-handbook.md", "api-guide.md", "security-policy.txt",
            "returns-policy.html", "office-guide.txt", "pricing.txt");

    record Question(String part, boolean answerable, String document, String text) {
    }

    record Outcome(Question question, double best, double coverage, boolean refused, boolean rightSource) {
    }

    static KnowledgeIndex index;
    static KnowledgeEmbedder embedder;
    static List<Question> questions;
    static DataSource dataSource;

    @BeforeAll
    static void indexCorpus() throws Exception {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/aiworkers");
        index = new KnowledgeIndex(dataSource);
        embedder = evaluationEmbedder(MODEL);
        DocumentParser parser = new DocumentParser(DocumentParser.Limits.DEFAULT);
        Chunker chunker = new Chunker(200, 40);
        for (String name : DOCUMENTS) {
            byte[] bytes = resource("knowledge/corpus/" + name);
            String type = name.endsWith(".md") ? "text/markdown" : name.endsWith(".html") ? "text/html" : "text/plain";
            List<Chunker.Chunk> chunks = chunker.chunk(parser.parse(bytes, type));
            float[][] vectors = embedder.embed(chunks.stream()
                    .map(c -> KnowledgeIndexer.embeddingText(name, c.section(), c.text())).toList());
            List<StoredChunk> stored = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                Chunker.Chunk c = chunks.get(i);
                stored.add(new StoredChunk(name + ":" + c.ordinal(), TENANT, name, "KNOWLEDGE", null, c.ordinal(),
                        name, c.section(), c.page(), c.text(), embedder.modelName(), vectors[i]));
            }
            index.add(stored);
            index.markReady(TENANT, name);
        }
        questions = new ArrayList<>();
        for (String line : new String(resource("knowledge/questions.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[0].compareTo(HELD_OUT_PART) >= 0 && !f[0].equals(System.getProperty("knowledge.heldOut"))) {
                continue;
            }
            questions.add(new Question(f[0], f[1].equals("answer"), f[2], f[3].strip()));
        }
    }

    /**
     * The final settings: min-score, confident-score (1: the word check applies to every question), min-coverage (of
     * one passage, generic question words left out) and word-support of the fourth round, and the fifth round's
     * word-score (docs/knowledge.md).
     */
    static final double MIN_SCORE = 0.50;
    static final double CONFIDENT_SCORE = 1.0;
    static final double MIN_COVERAGE = 0.50;
    static final double WORD_SUPPORT = 0.08;
    /** Fifth round: below min-score, from this best score, a question whose every word one sentence supports. */
    static final double WORD_SCORE = 0.40;
    /**
     * Seventh round: a question that asks for a number, a date or duration, a person or a place is refused when the
     * sentences its answer would quote contain nothing of that kind ({@link AnswerTypes}), unless its best score is
     * this far above the score that decided ({@link #answerTypeMarginSweep()}).
     */
    static final boolean ANSWER_TYPE_CHECK = true;
    static final double ANSWER_TYPE_MARGIN = 0.20;
    /**
     * Ninth round: a question's word counts as supported by a passage holding a word whose vector, each embedded
     * alone, is this close (infinite: never; measured by {@link #wordSimilaritySweep()}: 0.7 let a refused chat
     * request through, 0.8 is used; docs/knowledge.md item 33).
     */
    static final double WORD_SIMILARITY = 0.80;
    /**
     * Tenth round: below min-score, the sentences on each side of a passage's sentence that count with it when every
     * word of the question must be supported (1: the sentences beside it; measured by {@link #wordWindowSweep()},
     * docs/knowledge.md item 36).
     */
    static final int WORD_WINDOW = 1;
    /**
     * Eleventh round: from min-score, the chunks of the same document on each side of a passage whose words count
     * with it in the share of the question's words (0: the passage alone; measured by
     * {@link #coverageNeighboursSweep()}: 1 and 2 answered more but refused 10 and 11 near misses fewer, so the
     * change was not kept; docs/knowledge.md item 39).
     */
    static final int COVERAGE_NEIGHBOURS = 0;
    /**
     * Thirteenth round: a question's word also counts as supported by a passage containing a WordNet synonym of it,
     * from the word's first this many senses as a noun, a verb and an adjective (0: never; measured by
     * {@link #synonymSweep()}: 1 sense gained 2 questions decided right, not 3, and every sense refused 13 near
     * misses fewer, so the change was not kept; docs/knowledge.md item 43).
     */
    static final int SYNONYMS = 0;

    /**
     * The embedding model evaluated: the in-jar model by default; {@code -Dknowledge.model=e5-small-v2-q} for the
     * comparison of the sixth round (bench). Every text is embedded once per run (the vectors are kept), so that a
     * sweep over the thresholds costs only the database's work.
     */
    static final String MODEL = System.getProperty("knowledge.model", KnowledgeConfiguration.IN_JAR_MODEL);

    static KnowledgeEmbedder evaluationEmbedder(String model) {
        // the in-jar models' library must not look for anything on the network (the offline engine sets the same)
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        return switch (model) {
            case KnowledgeConfiguration.IN_JAR_MODEL -> {
                OfflineTextEngine engine = new OfflineTextEngine(1);
                yield new KnowledgeEmbedder(cached(engine::embeddingModel), model);
            }
            case "e5-small-v2-q" -> new KnowledgeEmbedder(cached(() -> new dev.langchain4j.model.embedding.onnx
                    .e5smallv2q.E5SmallV2QuantizedEmbeddingModel(Runnable::run)), model, KnowledgeEmbedder.MAX_CHARS,
                    true, "query: ", "passage: ");
            case "bge-small-en-v15-q" -> new KnowledgeEmbedder(cached(() -> new dev.langchain4j.model.embedding.onnx
                    .bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run)), model,
                    KnowledgeEmbedder.MAX_CHARS, true, "", "");
            default -> throw new IllegalArgumentException("unknown model " + model);
        };
    }

    /** The model, loaded on first use, with every text's vector kept after it was first computed. */
    static java.util.function.Supplier<dev.langchain4j.model.embedding.EmbeddingModel> cached(
            java.util.function.Supplier<dev.langchain4j.model.embedding.EmbeddingModel> model) {
        Map<String, dev.langchain4j.data.embedding.Embedding> vectors = new java.util.concurrent.ConcurrentHashMap<>();
        dev.langchain4j.model.embedding.EmbeddingModel caching = segments -> {
            List<dev.langchain4j.data.segment.TextSegment> missing = segments.stream()
                    .filter(segment -> !vectors.containsKey(segment.text())).distinct().toList();
            if (!missing.isEmpty()) {
                List<dev.langchain4j.data.embedding.Embedding> computed = model.get().embedAll(missing).content();
                for (int i = 0; i < missing.size(); i++) {
                    vectors.put(missing.get(i).text(), computed.get(i));
                }
            }
            return dev.langchain4j.model.output.Response.from(segments.stream()
                    .map(segment -> vectors.get(segment.text())).toList());
        };
        return () -> caching;
    }

    /**
     * The threshold sweep (first run in the sixth round, on parts A to F): the decision thresholds over the tuning
     * parts (A to I since the ninth round; never part J) for the model chosen with {@code -Dknowledge.model};
     * {@code -Dknowledge.sweep.minScore=0.45,0.5,...} (and {@code .wordScore}, {@code .minCoverage},
     * {@code .wordSupport}, {@code .confidentScore}, {@code .answerTypeMargin}) list the values (see
     * docs/knowledge.md). The answer-type check is on as in the final settings (from the eighth round; the sweeps of
     * the sixth and seventh rounds ran without it). Prints answered / right source / refused for each combination,
     * for the tuning parts together and for part H.
     */
    @Test
    @Tag("bench") // prints figures for tuning; asserts nothing, so it runs only in the bench profile
    void thresholdSweepOnTheTuningParts() throws IOException {
        double[] minScores = values("knowledge.sweep.minScore", "0.5");
        double[] wordScores = values("knowledge.sweep.wordScore", "0.4");
        double[] coverages = values("knowledge.sweep.minCoverage", "0.5");
        double[] supports = values("knowledge.sweep.wordSupport", "0.08");
        double[] confident = values("knowledge.sweep.confidentScore", "1.0");
        double[] typeMargins = values("knowledge.sweep.answerTypeMargin", String.valueOf(ANSWER_TYPE_MARGIN));
        KnowledgeIndex cachedIndex = new CachedIndex(dataSource);
        KnowledgeSearch search = new KnowledgeSearch(cachedIndex, embedder, false);
        for (double minScore : minScores) {
            for (double wordScore : wordScores) {
                for (double coverage : coverages) {
                    for (double support : supports) {
                        for (double confidentScore : confident) {
                            for (double typeMargin : typeMargins) {
                                GroundedAnswers answers = new GroundedAnswers(search, cachedIndex, embedder, 5,
                                        minScore, 0.6, true, confidentScore, coverage, support, wordScore,
                                        ANSWER_TYPE_CHECK, typeMargin);
                                List<Outcome> outcomes = run(TUNING_PARTS, answers, minScore);
                                String line = String.format(Locale.ROOT, "SWEEP\t%s\tmin-score %.3f\tword-score "
                                                + "%.3f\tmin-coverage %.2f\tword-support %.3f\tconfident %.3f\t"
                                                + "answer-type margin %.2f\tA-H %s\tH %s%n", MODEL, minScore, wordScore,
                                        coverage, support, confidentScore, typeMargin, figures(outcomes),
                                        figures(outcomes.stream().filter(o -> o.question().part().equals("H"))
                                                .toList()));
                                System.out.print(line);
                                java.nio.file.Files.writeString(java.nio.file.Path.of("target",
                                                "knowledge-sweep.tsv"), line, java.nio.file.StandardOpenOption.CREATE,
                                        java.nio.file.StandardOpenOption.APPEND);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The answer-type check's sweep (seventh round): the final settings without the check, then with it for each
     * margin of {@code -Dknowledge.sweep.answerTypeMargin} (how far above the deciding score the best score must be
     * for the check to be skipped; "Infinity": never skipped), over the tuning parts (A to I since the ninth
     * round; never part J), each part's figures and the tuning parts together; the lines go to
     * {@code target/knowledge-sweep.tsv} as well.
     */
    @Test
    @Tag("bench") // prints figures for tuning; asserts nothing, so it runs only in the bench profile
    void answerTypeMarginSweep() throws IOException {
        double[] margins = values("knowledge.sweep.answerTypeMargin", "0,0.05,0.1,0.15,0.2,0.25,0.3,Infinity");
        KnowledgeIndex cachedIndex = new CachedIndex(dataSource);
        KnowledgeSearch search = new KnowledgeSearch(cachedIndex, embedder, false);
        List<String> settings = new ArrayList<>();
        List<GroundedAnswers> variants = new ArrayList<>();
        settings.add("no answer-type check");
        variants.add(new GroundedAnswers(search, cachedIndex, embedder, 5, MIN_SCORE, 0.6, true, CONFIDENT_SCORE,
                MIN_COVERAGE, WORD_SUPPORT, WORD_SCORE, false, 0));
        for (double margin : margins) {
            settings.add(String.format(Locale.ROOT, "answer-type margin %.2f", margin));
            variants.add(new GroundedAnswers(search, cachedIndex, embedder, 5, MIN_SCORE, 0.6, true,
                    CONFIDENT_SCORE, MIN_COVERAGE, WORD_SUPPORT, WORD_SCORE, true, margin));
        }
        for (int v = 0; v < variants.size(); v++) {
            List<Outcome> outcomes = run(TUNING_PARTS, variants.get(v), MIN_SCORE);
            StringBuilder line = new StringBuilder("TYPE-SWEEP\t" + settings.get(v) + "\tA-H " + figures(outcomes));
            for (char part : TUNING_PARTS.toCharArray()) {
                Figures f = figures(outcomes.stream().filter(o -> o.question().part().equals(String.valueOf(part)))
                        .toList());
                line.append('\t').append(part).append(' ').append(f.answered()).append('/').append(f.answerable())
                        .append(' ').append(f.rightSource()).append('/').append(f.answered()).append(' ')
                        .append(f.refused()).append('/').append(f.unanswerable());
            }
            System.out.println(line);
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "knowledge-sweep.tsv"), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /**
     * For each tuning question (parts A to H; not parts I or J)
     * answered without the answer-type check: the kind of answer it asks for, whether the sentences the answer quotes
     * contain that kind, and those sentences.
     */
    @Test
    @Tag("bench") // prints features for tuning; asserts nothing, so it runs only in the bench profile
    void answerTypeFeatures() throws IOException {
        KnowledgeIndex cachedIndex = new CachedIndex(dataSource);
        KnowledgeSearch search = new KnowledgeSearch(cachedIndex, embedder, false);
        GroundedAnswers answers = new GroundedAnswers(search, cachedIndex, embedder, 5, MIN_SCORE, 0.6, true,
                CONFIDENT_SCORE, MIN_COVERAGE, WORD_SUPPORT, WORD_SCORE, false, 0);
        List<String> lines = new ArrayList<>();
        for (Question q : questions) {
            if (!TUNING_PARTS.contains(q.part())) {
                continue;
            }
            Retrieval retrieval = answers.retrieve(TENANT, null, List.of(), q.text());
            if (!retrieval.supported(MIN_SCORE)) {
                continue;
            }
            Answer answer = answers.extractive(q.text(), retrieval);
            AnswerTypes.Type type = AnswerTypes.of(q.text());
            lines.add(String.join("\t", q.part(), q.answerable() ? "ans" : "ref", type.name(),
                    String.valueOf(GroundedAnswers.sentences(answer.text().replaceAll("\\s?\\[\\d{1,3}]", "")).stream()
                            .anyMatch(sentence -> AnswerTypes.answers(q.text(), sentence))),
                    String.format(Locale.ROOT, "%.3f", retrieval.bestScore()), q.text(), flat(answer.text())));
        }
        java.nio.file.Files.write(java.nio.file.Path.of("target", "knowledge-answer-types.tsv"), lines);
    }

    /** The index with the answers of its read-only look-ups kept (the sweep asks the same ones again and again). */
    static final class CachedIndex extends KnowledgeIndex {

        private final Map<String, Object> answers = new java.util.concurrent.ConcurrentHashMap<>();

        CachedIndex(DataSource dataSource) {
            super(dataSource);
        }

        @SuppressWarnings("unchecked")
        private <T> T cached(String key, java.util.function.Supplier<T> lookUp) {
            return (T) answers.computeIfAbsent(key, k -> lookUp.get());
        }

        @Override
        public List<Found> nearest(Scope scope, String model, float[] query, int limit) {
            return cached("n" + scope + model + Arrays.toString(query) + limit,
                    () -> super.nearest(scope, model, query, limit));
        }

        @Override
        public List<Term> terms(Scope scope, String question, List<String> chunkIds) {
            return cached("t" + scope + question + chunkIds, () -> super.terms(scope, question, chunkIds));
        }

        @Override
        public List<String> stems(List<String> words) {
            return cached("s" + words, () -> super.stems(words));
        }

        @Override
        public List<java.util.Set<String>> lexemes(List<String> texts) {
            return cached("l" + texts, () -> super.lexemes(texts));
        }
    }

    private static double[] values(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(",")).mapToDouble(Double::parseDouble)
                .toArray();
    }

    /** Each question's outcome with the final settings, computed once per run (several tests report its part). */
    static final Map<Question, Outcome> FINAL_OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

    static List<Outcome> run(String parts) {
        KnowledgeSearch search = new KnowledgeSearch(index, embedder, false);
        GroundedAnswers answers = new GroundedAnswers(search, index, embedder, 5, MIN_SCORE, 0.6, true,
                CONFIDENT_SCORE, MIN_COVERAGE, WORD_SUPPORT, WORD_SCORE, ANSWER_TYPE_CHECK, ANSWER_TYPE_MARGIN,
                WORD_SIMILARITY, WORD_WINDOW, COVERAGE_NEIGHBOURS, SYNONYMS);
        List<Outcome> outcomes = new ArrayList<>();
        for (Question q : questions) {
            if (parts.contains(q.part())) {
                outcomes.add(FINAL_OUTCOMES.computeIfAbsent(q, question -> outcome(question, answers, MIN_SCORE)));
            }
        }
        return outcomes;
    }

    static List<Outcome> run(String parts, GroundedAnswers answers, double minScore) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Question q : questions) {
            if (parts.contains(q.part())) {
                outcomes.add(outcome(q, answers, minScore));
            }
        }
        return outcomes;
    }

    static Outcome outcome(Question q, GroundedAnswers answers, double minScore) {
        Retrieval retrieval = answers.retrieve(TENANT, null, List.of(), q.text());
        if (!retrieval.supported(minScore)) {
            return new Outcome(q, retrieval.bestScore(), retrieval.coverage(), true, false);
        }
        Answer answer = answers.extractive(q.text(), retrieval);
        Map<String, String> documentOf = new LinkedHashMap<>();
        for (GroundingSource source : retrieval.sources()) {
            documentOf.put(source.sourceId(), source.documentId());
        }
        boolean right = answer.citations().stream().map(Citation::sourceId).map(documentOf::get)
                .anyMatch(q.document()::equals);
        return new Outcome(q, retrieval.bestScore(), retrieval.coverage(), answer.citations().isEmpty(), right);
    }

    record Figures(int answerable, int answered, int rightSource, int unanswerable, int refused) {

        double answeredRate() {
            return (double) answered / answerable;
        }

        double rightSourceRate() {
            return answered == 0 ? 1 : (double) rightSource / answered;
        }

        double refusalRate() {
            return (double) refused / unanswerable;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "answered %d/%d (%.1f%%), right source %d/%d (%.1f%%), unanswerable "
                            + "refused %d/%d (%.1f%%)", answered, answerable, 100 * answeredRate(), rightSource, answered,
                    100 * rightSourceRate(), refused, unanswerable, 100 * refusalRate());
        }
    }

    static Figures figures(List<Outcome> outcomes) {
        int answerable = 0, answered = 0, right = 0, unanswerable = 0, refused = 0;
        for (Outcome o : outcomes) {
            if (o.question().answerable()) {
                answerable++;
                if (!o.refused()) {
                    answered++;
                    if (o.rightSource()) {
                        right++;
                    }
                }
            } else {
                unanswerable++;
                if (o.refused()) {
                    refused++;
                }
            }
        }
        return new Figures(answerable, answered, right, unanswerable, refused);
    }

    /**
     * The threshold sweep on part A (how the default was chosen): retrieval runs once per question, and each
     * threshold decides refusals from the best score; "right source" is then the top source's document.
     */
    @Test
    @Tag("bench") // prints figures for tuning; asserts nothing, so it runs only in the bench profile
    void thresholdSweepOnPartA() {
        for (boolean sentences : new boolean[]{false, true}) {
            KnowledgeSearch search = new KnowledgeSearch(index, embedder, false);
            GroundedAnswers answers = new GroundedAnswers(search, index, embedder, 5, 0, 0.6, sentences);
            List<double[]> scored = new ArrayList<>();
            List<Question> part = questions.stream().filter(q -> q.part().equals("A")).toList();
            for (Question q : part) {
                Retrieval retrieval = answers.retrieve(TENANT, null, List.of(), q.text());
                boolean top = !retrieval.sources().isEmpty()
                        && retrieval.sources().get(0).documentId().equals(q.document());
                scored.add(new double[]{retrieval.bestScore(), top ? 1 : 0});
            }
            for (double t = 0.30; t <= 0.701; t += 0.025) {
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; i < part.size(); i++) {
                    outcomes.add(new Outcome(part.get(i), scored.get(i)[0], 1, scored.get(i)[0] < t,
                            scored.get(i)[1] == 1));
                }
                System.out.printf(Locale.ROOT, "part A, threshold %.3f, %s: %s%n", t,
                        sentences ? "best sentence" : "chunks only", figures(outcomes));
            }
        }
    }

    /**
     * Features of every tuning question (parts A, B, C; never the held-out part D), for choosing the refusal rule:
     * part, kind, best score, second score, question words, words found nowhere in the tenant's documents, words in
     * the top passage, words in any retrieved passage, whether the top passage is of the expected document.
     */
    @Test
    @Tag("bench") // prints figures for tuning; asserts nothing, so it runs only in the bench profile
    void tuningFeatures() {
        KnowledgeSearch search = new KnowledgeSearch(index, embedder, false);
        GroundedAnswers answers = new GroundedAnswers(search, index, embedder, 5, 0, 0.6, true);
        for (Question q : questions) {
            if (!"ABC".contains(q.part())) {
                continue;
            }
            Retrieval retrieval = answers.retrieve(TENANT, null, List.of(), q.text());
            List<KnowledgeIndex.Found> chunks = retrieval.chunks();
            String top = chunks.get(0).chunkId();
            List<KnowledgeIndex.Term> terms = index.terms(KnowledgeIndex.Scope.knowledge(TENANT), q.text(),
                    chunks.stream().map(KnowledgeIndex.Found::chunkId).toList());
            long unknown = terms.stream().filter(t -> !t.inScope()).count();
            long inTop = terms.stream().filter(t -> t.inChunks().contains(top)).count();
            long inAny = terms.stream().filter(t -> !t.inChunks().isEmpty()).count();
            boolean right = chunks.get(0).fileId().equals(q.document());
            System.out.printf(Locale.ROOT, "F\t%s\t%s\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t%s\t%s\t%s%n", q.part(),
                    q.answerable() ? "ans" : "ref", retrieval.bestScore(), chunks.size() > 1 ? chunks.get(1).score() : 0,
                    terms.size(), unknown, inTop, inAny, right ? "right" : "wrong",
                    terms.stream().filter(t -> !t.inScope()).map(KnowledgeIndex.Term::lexeme).toList(), q.text());
        }
    }

    /**
     * Support features of every tuning question (parts A, B, C; never the held-out parts D and E): the best score,
     * the three sentences of the retrieved passages closest to the question, and for each of the question's words
     * its stem, in how many of the tenant's chunks it occurs, whether the top passage, any retrieved passage and each
     * of those sentences contain it, and how much the similarity to the best sentence drops when the word is left
     * out of the question.
     */
    @Test
    @Tag("bench") // prints figures for tuning; asserts nothing, so it runs only in the bench profile
    void tuningSupportFeatures() throws Exception {
        KnowledgeSearch search = new KnowledgeSearch(index, embedder, false);
        GroundedAnswers answers = new GroundedAnswers(search, index, embedder, 5, 0, 0.6, true);
        int total;
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM knowledge_chunk WHERE tenant_id = '" + TENANT
                     + "'")) {
            rows.next();
            total = rows.getInt(1);
        }
        for (Question q : questions) {
            if (!"ABC".contains(q.part())) {
                continue;
            }
            Retrieval retrieval = answers.retrieve(TENANT, null, List.of(), q.text());
            List<KnowledgeIndex.Found> chunks = retrieval.chunks();
            List<String> sentences = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            for (KnowledgeIndex.Found chunk : chunks) {
                for (String sentence : GroundedAnswers.sentences(chunk.text())) {
                    sentences.add(sentence);
                    owners.add(chunk.fileId());
                }
            }
            float[] query = embedder.embed(q.text());
            float[][] vectors = embedder.embed(sentences);
            Integer[] order = new Integer[sentences.size()];
            double[] cos = new double[sentences.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
                cos[i] = dot(query, vectors[i]);
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(cos[b], cos[a]));
            int top = Math.min(3, order.length);
            List<java.util.Set<String>> sentenceStems = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < top; i++) {
                sentenceStems.add(stems(sentences.get(order[i])));
                line.append(String.format(Locale.ROOT, "\t%.3f|%s|%s", cos[order[i]], owners.get(order[i]),
                        sentences.get(order[i])));
            }
            System.out.printf(Locale.ROOT, "Q\t%s\t%s\t%s\t%.3f\t%s\t%d\t%s%s%n", q.part(),
                    q.answerable() ? "ans" : "ref", q.document(), retrieval.bestScore(), chunks.get(0).fileId(),
                    total, q.text(), line);
            java.util.Set<String> seen = new java.util.HashSet<>();
            java.util.regex.Matcher words = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+").matcher(q.text());
            while (words.find()) {
                String word = words.group();
                java.util.Set<String> stem = stems(word);
                if (stem.isEmpty() || !seen.add(stem.iterator().next())) {
                    continue;
                }
                String lexeme = stem.iterator().next();
                int df = chunkCount(lexeme, null);
                boolean inTop = chunkCount(lexeme, chunks.get(0).chunkId()) > 0;
                boolean inAny = false;
                for (KnowledgeIndex.Found chunk : chunks) {
                    inAny |= chunkCount(lexeme, chunk.chunkId()) > 0;
                }
                String without = (q.text().substring(0, words.start()) + q.text().substring(words.end()))
                        .replaceAll("\\s+", " ").strip();
                double drop = top == 0 ? 0 : cos[order[0]] - dot(embedder.embed(without), vectors[order[0]]);
                StringBuilder in = new StringBuilder();
                for (java.util.Set<String> s : sentenceStems) {
                    in.append(s.contains(lexeme) ? '1' : '0');
                }
                System.out.printf(Locale.ROOT, "T\t%s\t%s\t%d\t%s\t%s\t%s\t%.4f%n", word, lexeme, df,
                        inTop ? 1 : 0, inAny ? 1 : 0, in, drop);
            }
        }
    }

    /**
     * Writes what the refusal and answer rules are computed from, for the tuning parts only (A to E; never the
     * held-out part F), to {@code target/knowledge-tuning}: each chunk (its stored vector and stems), each sentence
     * of each chunk (vector and stems), and each question (vector, its words with their stems, and the question
     * embedded without each stem's words), so that rules can be compared without indexing again.
     */
    @Test
    @Tag("bench") // writes features for tuning; asserts nothing, so it runs only in the bench profile
    void tuningDump() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "knowledge-tuning");
        java.nio.file.Files.createDirectories(dir);
        List<String> chunkLines = new ArrayList<>();
        List<String> sentenceLines = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT chunk_id, file_id, title, section, text, "
                     + "array_to_string(tsvector_to_array(tsv), ' ') FROM knowledge_chunk WHERE tenant_id = '"
                     + TENANT + "' ORDER BY file_id, ordinal")) {
            while (result.next()) {
                rows.add(new String[]{result.getString(1), result.getString(2), result.getString(3),
                        result.getString(4), result.getString(5), result.getString(6)});
            }
        }
        for (String[] row : rows) {
            float[] vector = embedder.embed(KnowledgeIndexer.embeddingText(row[2], row[3], row[4]));
            chunkLines.add(String.join("\t", row[0], row[1], row[5], vec(vector), flat(row[4])));
            List<String> sentences = GroundedAnswers.sentences(row[4]);
            float[][] vectors = embedder.embed(sentences);
            for (int i = 0; i < sentences.size(); i++) {
                sentenceLines.add(String.join("\t", row[0], String.valueOf(i),
                        String.join(" ", stems(sentences.get(i))), vec(vectors[i]), flat(sentences.get(i))));
            }
        }
        List<String> questionLines = new ArrayList<>();
        java.util.Set<String> vocabulary = new java.util.TreeSet<>();
        for (Question q : questions) {
            if (!"ABCDE".contains(q.part())) {
                continue;
            }
            List<String> words = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+").matcher(q.text());
            while (m.find()) {
                words.add(m.group());
                spans.add(new int[]{m.start(), m.end()});
                vocabulary.add(m.group().toLowerCase(Locale.ROOT));
            }
            List<String> wordStems = index.stems(words);
            StringBuilder line = new StringBuilder(String.join("\t", q.part(), q.answerable() ? "answer" : "refuse",
                    q.document(), q.text(), vec(embedder.embed(q.text()))));
            StringBuilder pairs = new StringBuilder();
            java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
            for (int w = 0; w < words.size(); w++) {
                pairs.append(pairs.isEmpty() ? "" : " ").append(words.get(w)).append(':')
                        .append(wordStems.get(w) == null ? "-" : wordStems.get(w));
                if (wordStems.get(w) != null) {
                    distinct.add(wordStems.get(w));
                }
            }
            line.append('\t').append(pairs);
            for (String stem : distinct) {
                StringBuilder without = new StringBuilder();
                int from = 0;
                for (int w = 0; w < words.size(); w++) {
                    if (stem.equals(wordStems.get(w))) {
                        without.append(q.text(), from, spans.get(w)[0]);
                        from = spans.get(w)[1];
                    }
                }
                without.append(q.text().substring(from));
                line.append('\t').append(stem).append('=')
                        .append(vec(embedder.embed(without.toString().replaceAll("\\s+", " ").strip())));
            }
            questionLines.add(line.toString());
        }
        for (String[] row : rows) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+").matcher(row[4]);
            while (m.find()) {
                vocabulary.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        List<String> words = new ArrayList<>(vocabulary);
        List<String> wordStems = index.stems(words);
        float[][] wordVectors = embedder.embed(words);
        List<String> wordLines = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            wordLines.add(words.get(i) + "\t" + (wordStems.get(i) == null ? "-" : wordStems.get(i)) + "\t"
                    + vec(wordVectors[i]));
        }
        java.nio.file.Files.write(dir.resolve("chunks.tsv"), chunkLines);
        java.nio.file.Files.write(dir.resolve("sentences.tsv"), sentenceLines);
        java.nio.file.Files.write(dir.resolve("questions.tsv"), questionLines);
        java.nio.file.Files.write(dir.resolve("words.tsv"), wordLines);
        System.out.println("part A+B+C (dump check): " + figures(run("ABC")) + "; part E: " + figures(run("E")));
    }

    static String vec(float[] v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            out.append(i == 0 ? "" : ",").append(v[i]);
        }
        return out.toString();
    }

    static String flat(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }

    static java.util.Set<String> stems(String text) throws Exception {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT lexeme FROM unnest(to_tsvector('english', ?))")) {
            statement.setString(1, text);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
            }
        }
        return out;
    }

    static int chunkCount(String lexeme, String chunkId) throws Exception {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM knowledge_chunk WHERE tenant_id = ? "
                     + "AND tsv @@ to_tsquery('simple', quote_literal(?))" + (chunkId == null ? "" : " AND chunk_id = ?"))) {
            statement.setString(1, TENANT);
            statement.setString(2, lexeme);
            if (chunkId != null) {
                statement.setString(3, chunkId);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /**
     * The plain-text documents' chunks keep the file's line breaks (for the quoted answer); what scores reads them as
     * spaces: the embedded text has none, and each chunk's full-text vector (generated by PostgreSQL from the stored
     * text) is the one of its text with spaces for them.
     */
    @Test
    void chunksWithLineBreaksAreSearchedAsTheirFlatText() throws Exception {
        int withLineBreaks = 0;
        int differing = -1;
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT title, section, text FROM knowledge_chunk "
                    + "WHERE tenant_id = '" + TENANT + "'")) {
                while (rows.next()) {
                    String text = rows.getString(3);
                    withLineBreaks += text.contains("\n") ? 1 : 0;
                    assertThat(KnowledgeIndexer.embeddingText(rows.getString(1), rows.getString(2), text))
                            .doesNotContain("\n").endsWith(text.replace('\n', ' '));
                }
            }
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM knowledge_chunk WHERE "
                    + "tenant_id = '" + TENANT + "' AND tsv <> to_tsvector('english', coalesce(section, '') || ' ' "
                    + "|| replace(text, E'\\n', ' '))")) {
                rows.next();
                differing = rows.getInt(1);
            }
        }
        assertThat(withLineBreaks).isPositive();
        assertThat(differing).isZero();
    }

    /** The tuning parts (A, B and C, all seen) with the final settings, with the misses listed. */
    @Test
    void tuningPartsWithTheFinalSettings() {
        Figures tuning = report("A+B+C", run("ABC"));
        // chosen on these parts, so optimistic; see docs/knowledge.md for the figures
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.94); // 68/72 since the ninth round
        assertThat(tuning.rightSourceRate()).isGreaterThanOrEqualTo(0.95);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * The seventh round's tuning set, parts A to G together (all seen; not part H, held out in that round, nor parts
     * I and J), with the final settings; each part's misses are listed by its own test. The eighth round's
     * tuning set, A to H, is {@link #tuningSetAToH()}.
     */
    @Test
    void tuningSetTogether() {
        Figures tuning = together("A-G", "ABCDEFG");
        // when part G joined the tuning set (2026-12-01): 149/213 answered, 149/149 right source, 159/196 refused; with
        // the seventh round's answer-type check (margin 0.2): 148/213, 148/148, 168/196; with the ninth round's word
        // similarity: 150/213, 150/150, 168/196 (docs/knowledge.md); floors that keep them from getting worse, not
        // the goals
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.70);
        assertThat(tuning.rightSourceRate()).isEqualTo(1.0);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.85);
    }

    /**
     * The eighth round's tuning set, parts A to H together (all seen; not parts I or J), with the final
     * settings; each part's misses are listed by its own test.
     */
    @Test
    void tuningSetAToH() {
        Figures tuning = together("A-H", "ABCDEFGH");
        // when part H joined the tuning set (2026-12-02, eighth round; the threshold sweep on A-H kept the settings):
        // 164/253 answered, 164/164 right source, 195/234 refused; with the ninth round's word similarity: 166/253,
        // 166/166, 195/234 (docs/knowledge.md); floors that keep them from getting worse, not the goals
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.65);
        assertThat(tuning.rightSourceRate()).isEqualTo(1.0);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.83);
    }

    /**
     * The ninth round's tuning set, parts A to I together (all seen; not part J), with the final settings; each
     * part's misses are listed by its own test.
     */
    @Test
    void tuningSetAToI() {
        Figures tuning = together("A-I", "ABCDEFGHI");
        // when part I joined the tuning set (2026-12-02): 186/293 answered, 186/186 right source, 215/272 refused
        // before the ninth round's change; with its word similarity of 0.8: 190/293, 190/190, 215/272
        // (docs/knowledge.md item 33); floors that keep them from getting worse, not the goals
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.64);
        assertThat(tuning.rightSourceRate()).isEqualTo(1.0);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.79);
    }

    /**
     * The tenth round's tuning set, parts A to J together (all seen since part K was measured; the eleventh round's
     * is {@link #tuningSetAToK()}), with the final settings; each part's misses are listed by its own test.
     */
    @Test
    void tuningSetAToJ() {
        Figures tuning = together("A-J", "ABCDEFGHIJ");
        // when part J joined the tuning set (2026-12-03), before the tenth round's change: 200/333 answered, 200/200
        // right source, 252/310 refused (docs/knowledge.md item 36); floors that keep them from getting worse, not
        // the goals
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.60);
        assertThat(tuning.rightSourceRate()).isEqualTo(1.0);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.81);
    }

    /**
     * The eleventh round's tuning set, parts A to K together (all seen since part L was measured; the thirteenth
     * round's is {@link #tuningSetAToL()}), with the final settings; each part's misses are listed by its own test.
     */
    @Test
    void tuningSetAToK() {
        Figures tuning = together("A-K", "ABCDEFGHIJK");
        // when part K joined the tuning set (2026-12-03), before the eleventh round's change: 211/373 answered,
        // 211/211 right source, 288/348 refused (docs/knowledge.md item 39); floors that keep them from getting
        // worse, not the goals
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.56);
        assertThat(tuning.rightSourceRate()).isEqualTo(1.0);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.82);
    }

    /**
     * The thirteenth round's tuning set, parts A to L together (all seen; not part M), with the final settings; each
     * part's misses are listed by its own test.
     */
    @Test
    void tuningSetAToL() {
        Figures tuning = together("A-L", TUNING_PARTS);
        // when part L joined the tuning set (2026-12-03), before the thirteenth round's change: 219/413 answered,
        // 219/219 right source, 324/386 refused (docs/knowledge.md item 43); floors that keep them from getting
        // worse, not the goals
        assertThat(tuning.answeredRate()).isGreaterThanOrEqualTo(0.53);
        assertThat(tuning.rightSourceRate()).isEqualTo(1.0);
        assertThat(tuning.refusalRate()).isGreaterThanOrEqualTo(0.83);
    }

    /**
     * The ninth round's change measured on the tuning parts A to I: the word similarity from which a passage's word
     * supports a question's word ({@code -Dknowledge.sweep.wordSimilarity=0.6,0.7,0.8}; runs only when given, and
     * only prints), against the final settings: each part's figures and questions decided right, and every question
     * whose decision changed.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.sweep.wordSimilarity", matches = ".+")
    void wordSimilaritySweep() {
        sweep("word-similarity", System.getProperty("knowledge.sweep.wordSimilarity"),
                similarity -> finalSettingsWith(similarity, WORD_WINDOW, COVERAGE_NEIGHBOURS, SYNONYMS));
    }

    /**
     * The tenth round's change measured on the tuning parts A to J: below min-score, how many sentences on each side of
     * a passage's sentence count with it when every word of the question must be supported
     * ({@code -Dknowledge.sweep.wordWindow=2,3,100}; runs only when given, and only prints), against the final
     * settings: each part's figures and questions decided right, and every question whose decision changed.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.sweep.wordWindow", matches = ".+")
    void wordWindowSweep() {
        sweep("word-window", System.getProperty("knowledge.sweep.wordWindow"),
                width -> finalSettingsWith(WORD_SIMILARITY, (int) width, COVERAGE_NEIGHBOURS, SYNONYMS));
    }

    /**
     * The eleventh round's change measured on the tuning parts A to K: from min-score, how many chunks of the same
     * document on each side of a passage count with it in the share of the question's words it supports
     * ({@code -Dknowledge.sweep.coverageNeighbours=1,2}; runs only when given, and only prints), against the final
     * settings: each part's figures and questions decided right, and every question whose decision changed.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.sweep.coverageNeighbours", matches = ".+")
    void coverageNeighboursSweep() {
        sweep("coverage-neighbours", System.getProperty("knowledge.sweep.coverageNeighbours"),
                width -> finalSettingsWith(WORD_SIMILARITY, WORD_WINDOW, (int) width, SYNONYMS));
    }

    /**
     * The thirteenth round's change measured on the tuning parts A to L: a question's word also counts as supported
     * by a passage (or a sentence with its neighbours) containing a WordNet synonym of it, from the word's first this
     * many senses as a noun, a verb and an adjective ({@code -Dknowledge.sweep.synonyms=1,100}; 100: every sense;
     * runs only when given, and only prints), against the final settings: each part's figures and questions decided
     * right, and every question whose decision changed.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.sweep.synonyms", matches = ".+")
    void synonymSweep() {
        sweep("synonyms", System.getProperty("knowledge.sweep.synonyms"),
                senses -> finalSettingsWith(WORD_SIMILARITY, WORD_WINDOW, COVERAGE_NEIGHBOURS, (int) senses));
    }

    /** The engine with the final settings except the four word-support settings the sweeps vary. */
    private GroundedAnswers finalSettingsWith(double wordSimilarity, int wordWindow, int coverageNeighbours,
                                              int synonyms) {
        return new GroundedAnswers(new KnowledgeSearch(index, embedder, false), index, embedder, 5, MIN_SCORE, 0.6,
                true, CONFIDENT_SCORE, MIN_COVERAGE, WORD_SUPPORT, WORD_SCORE, ANSWER_TYPE_CHECK, ANSWER_TYPE_MARGIN,
                wordSimilarity, wordWindow, coverageNeighbours, synonyms);
    }

    /**
     * A sweep of one setting on the tuning parts against the final settings: for each value (comma separated), the
     * figures of all tuning parts and of each, questions decided right, how many parts gain and lose, and every
     * question whose decision changed. Only prints.
     */
    private void sweep(String setting, String values, java.util.function.DoubleFunction<GroundedAnswers> answersFor) {
        List<Outcome> current = run(TUNING_PARTS);
        String parts = TUNING_PARTS.charAt(0) + "-" + TUNING_PARTS.charAt(TUNING_PARTS.length() - 1);
        System.out.println("SWEEP " + setting + " current, " + parts + ": " + figures(current) + "; decided right "
                + decidedRight(current));
        for (String value : values.split(",")) {
            double setTo = Double.parseDouble(value.strip());
            List<Outcome> changed = run(TUNING_PARTS, answersFor.apply(setTo), MIN_SCORE);
            int gaining = 0;
            int losing = 0;
            StringBuilder perPart = new StringBuilder();
            for (char part : TUNING_PARTS.toCharArray()) {
                List<Outcome> before = current.stream().filter(o -> o.question().part().equals("" + part)).toList();
                List<Outcome> after = changed.stream().filter(o -> o.question().part().equals("" + part)).toList();
                int difference = decidedRight(after) - decidedRight(before);
                gaining += difference > 0 ? 1 : 0;
                losing += difference < 0 ? 1 : 0;
                perPart.append(String.format(Locale.ROOT, "  part %s: %s; decided right %d (current %d)%n", part,
                        figures(after), decidedRight(after), decidedRight(before)));
            }
            System.out.println("SWEEP " + setting + " " + value.strip() + ", " + parts + ": " + figures(changed)
                    + "; decided right " + decidedRight(changed) + " (current " + decidedRight(current)
                    + "); parts gaining " + gaining + ", losing " + losing);
            System.out.print(perPart);
            for (int i = 0; i < changed.size(); i++) {
                Outcome a = current.get(i);
                Outcome b = changed.get(i);
                if (a.refused() != b.refused() || a.rightSource() != b.rightSource()) {
                    System.out.printf(Locale.ROOT, "  turned %s: %.3f (words %.2f -> %.2f) %s %s -> %s%s %s%n",
                            b.question().part(), b.best(), a.coverage(), b.coverage(),
                            b.question().answerable() ? "answerable" : "unanswerable",
                            a.refused() ? "refused" : "answered", b.refused() ? "refused" : "answered",
                            !b.refused() && b.question().answerable() && !b.rightSource() ? " (wrong source)" : "",
                            b.question().text());
                }
            }
        }
    }

    /** The parts of the learned-rule study (docs/knowledge.md item 41): every seen part, A to L. */
    static final String STUDY_PARTS = "ABCDEFGHIJKL";

    /** A question's features, its label, and what answering it would give (item 41). */
    record Studied(Question question, double[] x, boolean current, boolean forcedAnswers, boolean forcedRight) {

        boolean label() {
            return question.answerable() && forcedAnswers && forcedRight;
        }
    }

    /**
     * Item 41: can a learned decision rule beat the hand-set thresholds? Logistic regression on the features the
     * engine computes, left-one-part-out over parts A to L, the threshold chosen in the training folds only (the
     * lowest whose training refusal rate is at least 95%). Runs only with {@code -Dknowledge.study.learned=true};
     * prints per-fold and pooled figures against the current rule on the same questions. Changes no setting.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.study.learned", matches = "true")
    void learnedRuleStudy() {
        GroundedAnswers answers = finalSettingsWith(WORD_SIMILARITY, WORD_WINDOW, COVERAGE_NEIGHBOURS, SYNONYMS);
        List<Studied> all = new ArrayList<>();
        for (Question q : questions) {
            if (STUDY_PARTS.contains(q.part())) {
                all.add(studied(q, answers));
            }
        }
        int[] learned = new int[5];
        int[] current = new int[5];
        int[] matched = new int[5];
        for (char part : STUDY_PARTS.toCharArray()) {
            String held = String.valueOf(part);
            List<Studied> train = all.stream().filter(s -> !s.question().part().equals(held)).toList();
            List<Studied> test = all.stream().filter(s -> s.question().part().equals(held)).toList();
            LearnedRule rule = LearnedRule.train(train);
            double threshold = rule.threshold(train, 0.95);
            double currentRefusal = (double) train.stream().filter(s -> !s.question().answerable() && !s.current())
                    .count() / train.stream().filter(s -> !s.question().answerable()).count();
            double matchedThreshold = rule.threshold(train, currentRefusal);
            int[] l = tally(test, s -> rule.probability(s.x()) >= threshold);
            int[] c = tally(test, Studied::current);
            int[] m = tally(test, s -> rule.probability(s.x()) >= matchedThreshold);
            for (int i = 0; i < 5; i++) {
                learned[i] += l[i];
                current[i] += c[i];
                matched[i] += m[i];
            }
            System.out.printf(Locale.ROOT, "LEARNED fold %s: threshold %.3f; learned %s | current %s | at the current"
                    + " rule's training refusal (%.1f%%, threshold %.3f) %s%n", held, threshold, tallied(l),
                    tallied(c), 100 * currentRefusal, matchedThreshold, tallied(m));
        }
        System.out.println("LEARNED pooled A-L: learned " + tallied(learned) + " | current " + tallied(current)
                + " | at the current rule's refusal " + tallied(matched));
        double gain = 100.0 * (learned[1] - current[1]) / learned[0];
        double refusalDrop = 100.0 * current[4] / current[3] - 100.0 * learned[4] / learned[3];
        boolean kept = gain >= 5 && refusalDrop <= 1 && learned[2] == learned[1];
        System.out.printf(Locale.ROOT, "LEARNED keep rule: answered %+.1f points (need >= +5), refused %.1f points "
                + "lower (need <= 1), every answer the right source %s: %s%n", gain, refusalDrop,
                learned[2] == learned[1], kept ? "KEPT" : "NOT KEPT");
        for (boolean answerable : new boolean[] {true, false}) {
            System.out.printf(Locale.ROOT, "LEARNED mean words in the question, %s: %.2f%n",
                    answerable ? "answerable" : "unanswerable", all.stream()
                            .filter(s -> s.question().answerable() == answerable).mapToDouble(s -> s.x()[9])
                            .average().orElse(0));
        }
        List<Studied> withoutLength = all.stream().map(s -> new Studied(s.question(), Arrays.copyOf(s.x(), 9),
                s.current(), s.forcedAnswers(), s.forcedRight())).toList();
        int[] shorter = new int[5];
        for (char part : STUDY_PARTS.toCharArray()) {
            String held = String.valueOf(part);
            List<Studied> train = withoutLength.stream().filter(s -> !s.question().part().equals(held)).toList();
            LearnedRule rule = LearnedRule.train(train);
            double threshold = rule.threshold(train, 0.95);
            int[] t = tally(withoutLength.stream().filter(s -> s.question().part().equals(held)).toList(),
                    s -> rule.probability(s.x()) >= threshold);
            for (int i = 0; i < 5; i++) {
                shorter[i] += t[i];
            }
        }
        System.out.println("LEARNED pooled A-L without the question's length (description only): "
                + tallied(shorter));
        LearnedRule full = LearnedRule.train(all);
        System.out.printf(Locale.ROOT, "LEARNED weights on A-L (standardised; bias first) %s, threshold %.4f, "
                + "means %s, sds %s%n", Arrays.toString(full.w), full.threshold(all, 0.95), Arrays.toString(full.mean),
                Arrays.toString(full.sd));
    }

    /**
     * Item 44: the learned rule, second version — item 41's model and training without the question's two length
     * features, with four features added (same document for the two best passages, passages holding a question word,
     * the share of the question's words in the documents, the best passage's keyword rank), left-one-part-out over
     * parts A to L, the threshold chosen in each training fold as the lowest whose refusal rate on the fold's
     * unanswerable questions is at least the current rule's on the same fold. Runs only with
     * {@code -Dknowledge.study.learnedV2=true}; prints per-fold and pooled figures against the current rule, and
     * (description only) the same rule without the four new features. Changes no setting.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.study.learnedV2", matches = "true")
    void learnedRuleStudyV2() {
        GroundedAnswers answers = finalSettingsWith(WORD_SIMILARITY, WORD_WINDOW, COVERAGE_NEIGHBOURS, SYNONYMS);
        List<Studied> all = new ArrayList<>();
        for (Question q : questions) {
            if (STUDY_PARTS.contains(q.part())) {
                all.add(studiedV2(q, answers));
            }
        }
        List<Studied> base = all.stream().map(s -> new Studied(s.question(), Arrays.copyOf(s.x(), 8), s.current(),
                s.forcedAnswers(), s.forcedRight())).toList();
        int[] v2 = new int[5];
        int[] current = new int[5];
        int[] eight = new int[5];
        List<String> wrong = new ArrayList<>();
        for (char part : STUDY_PARTS.toCharArray()) {
            String held = String.valueOf(part);
            List<Studied> train = all.stream().filter(s -> !s.question().part().equals(held)).toList();
            List<Studied> test = all.stream().filter(s -> s.question().part().equals(held)).toList();
            double currentRefusal = (double) train.stream().filter(s -> !s.question().answerable() && !s.current())
                    .count() / train.stream().filter(s -> !s.question().answerable()).count();
            LearnedRule rule = LearnedRule.train(train);
            double threshold = rule.threshold(train, currentRefusal);
            int[] l = tally(test, s -> rule.probability(s.x()) >= threshold);
            int[] c = tally(test, Studied::current);
            for (Studied s : test) {
                if (s.question().answerable() && s.forcedAnswers() && !s.forcedRight()
                        && rule.probability(s.x()) >= threshold) {
                    wrong.add(held + ": " + s.question().text());
                }
            }
            List<Studied> baseTrain = base.stream().filter(s -> !s.question().part().equals(held)).toList();
            LearnedRule baseRule = LearnedRule.train(baseTrain);
            double baseThreshold = baseRule.threshold(baseTrain, currentRefusal);
            int[] b = tally(base.stream().filter(s -> s.question().part().equals(held)).toList(),
                    s -> baseRule.probability(s.x()) >= baseThreshold);
            for (int i = 0; i < 5; i++) {
                v2[i] += l[i];
                current[i] += c[i];
                eight[i] += b[i];
            }
            System.out.printf(Locale.ROOT, "LEARNED-V2 fold %s: current rule's training refusal %.1f%%, threshold "
                    + "%.3f; v2 %s | current %s | without the new features (threshold %.3f) %s%n", held,
                    100 * currentRefusal, threshold, tallied(l), tallied(c), baseThreshold, tallied(b));
        }
        System.out.println("LEARNED-V2 pooled A-L: v2 " + tallied(v2) + " | current " + tallied(current)
                + " | without the new features " + tallied(eight));
        wrong.forEach(w -> System.out.println("LEARNED-V2 wrong source, " + w));
        double gain = 100.0 * (v2[1] - current[1]) / v2[0];
        double refusalDrop = 100.0 * current[4] / current[3] - 100.0 * v2[4] / v2[3];
        boolean kept = gain >= 5 && refusalDrop <= 1 && v2[2] == v2[1];
        System.out.printf(Locale.ROOT, "LEARNED-V2 keep rule: answered %+.1f points (need >= +5), refused %.1f "
                + "points lower (need <= 1), every answer the right source %s: %s%n", gain, refusalDrop,
                v2[2] == v2[1], kept ? "KEPT" : "NOT KEPT");
        double allRefusal = (double) all.stream().filter(s -> !s.question().answerable() && !s.current()).count()
                / all.stream().filter(s -> !s.question().answerable()).count();
        LearnedRule full = LearnedRule.train(all);
        System.out.printf(Locale.ROOT, "LEARNED-V2 weights on A-L (standardised; bias first) %s, threshold %.4f at "
                + "the current rule's refusal %.4f, means %s, sds %s%n", Arrays.toString(full.w),
                full.threshold(all, allRefusal), allRefusal, Arrays.toString(full.mean), Arrays.toString(full.sd));
    }

    /** Item 44's features: item 41's without the two lengths, and the four new ones. */
    private static Studied studiedV2(Question q, GroundedAnswers answers) {
        return studied(q, answers, (f, current) -> new double[]{f.best(), f.second(), f.best() - f.second(),
                f.coverage(), f.everyWord() ? 1 : 0, f.typeAsked() ? 1 : 0, f.typeAsked() && !f.typeFound() ? 1 : 0,
                current ? 1 : 0, f.sameDocument() ? 1 : 0, f.passagesWithWord(), f.inDocuments(), f.keywordRank()});
    }

    /** Item 41's features. */
    private static Studied studied(Question q, GroundedAnswers answers) {
        int words = (int) java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+").matcher(q.text()).results().count();
        return studied(q, answers, (f, current) -> new double[]{f.best(), f.second(), f.best() - f.second(),
                f.coverage(), f.everyWord() ? 1 : 0, f.terms(), f.typeAsked() ? 1 : 0,
                f.typeAsked() && !f.typeFound() ? 1 : 0, current ? 1 : 0, words});
    }

    /** The question's features, the current rule's decision and whether a forced answer cites the right document. */
    private static Studied studied(Question q, GroundedAnswers answers,
                                   java.util.function.BiFunction<GroundedAnswers.Features, Boolean, double[]> features) {
        GroundedAnswers.Features f = answers.features(TENANT, q.text());
        Answer answer = answers.extractive(q.text(), f.forced());
        Map<String, String> documentOf = new LinkedHashMap<>();
        for (GroundingSource source : f.forced().sources()) {
            documentOf.put(source.sourceId(), source.documentId());
        }
        boolean right = answer.citations().stream().map(Citation::sourceId).map(documentOf::get)
                .anyMatch(q.document()::equals);
        boolean current = f.decided().supported(MIN_SCORE) && !answer.citations().isEmpty();
        return new Studied(q, features.apply(f, current), current, !answer.citations().isEmpty(), right);
    }

    /** {answerable, answered right source, ... of them citing the right source, unanswerable, refused}. */
    private static int[] tally(List<Studied> studied, java.util.function.Predicate<Studied> answers) {
        int[] t = new int[5];
        for (Studied s : studied) {
            boolean answered = answers.test(s) && s.forcedAnswers();
            if (s.question().answerable()) {
                t[0]++;
                t[1] += answered ? 1 : 0;
                t[2] += answered && s.forcedRight() ? 1 : 0;
            } else {
                t[3]++;
                t[4] += answered ? 0 : 1;
            }
        }
        return t;
    }

    private static String tallied(int[] t) {
        return String.format(Locale.ROOT, "answered %d/%d (%.1f%%), right source %d/%d, refused %d/%d (%.1f%%)",
                t[1], t[0], 100.0 * t[1] / t[0], t[2], t[1], t[4], t[3], 100.0 * t[4] / t[3]);
    }

    /** Logistic regression, standardised features, L2 0.01, 3000 full-batch steps of 0.1 (item 41). */
    static final class LearnedRule {
        final double[] mean;
        final double[] sd;
        final double[] w;

        private LearnedRule(double[] mean, double[] sd, double[] w) {
            this.mean = mean;
            this.sd = sd;
            this.w = w;
        }

        static LearnedRule train(List<Studied> data) {
            int d = data.get(0).x().length;
            int n = data.size();
            double[] mean = new double[d];
            double[] sd = new double[d];
            for (Studied s : data) {
                for (int j = 0; j < d; j++) {
                    mean[j] += s.x()[j] / n;
                }
            }
            for (Studied s : data) {
                for (int j = 0; j < d; j++) {
                    sd[j] += Math.pow(s.x()[j] - mean[j], 2) / n;
                }
            }
            for (int j = 0; j < d; j++) {
                sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
            }
            double[] w = new double[d + 1];
            LearnedRule rule = new LearnedRule(mean, sd, w);
            for (int step = 0; step < 3000; step++) {
                double[] gradient = new double[d + 1];
                for (Studied s : data) {
                    double[] z = rule.standardised(s.x());
                    double error = rule.probability(s.x()) - (s.label() ? 1 : 0);
                    gradient[0] += error / n;
                    for (int j = 0; j < d; j++) {
                        gradient[j + 1] += error * z[j] / n;
                    }
                }
                w[0] -= 0.1 * gradient[0];
                for (int j = 1; j <= d; j++) {
                    w[j] -= 0.1 * (gradient[j] + 0.01 * w[j]);
                }
            }
            return rule;
        }

        double[] standardised(double[] x) {
            double[] z = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                z[j] = (x[j] - mean[j]) / sd[j];
            }
            return z;
        }

        double probability(double[] x) {
            double[] z = standardised(x);
            double sum = w[0];
            for (int j = 0; j < z.length; j++) {
                sum += w[j + 1] * z[j];
            }
            return 1 / (1 + Math.exp(-sum));
        }

        /** The lowest threshold (answer from it) refusing at least {@code rate} of the unanswerable questions. */
        double threshold(List<Studied> data, double rate) {
            double[] p = data.stream().filter(s -> !s.question().answerable()).mapToDouble(s -> probability(s.x()))
                    .sorted().toArray();
            int k = (int) Math.ceil(rate * p.length - 1e-9);
            return k <= 0 ? 0 : Math.nextUp(p[k - 1]);
        }
    }

    /** Answerable questions answered citing the right source plus unanswerable ones refused. */
    private static int decidedRight(List<Outcome> outcomes) {
        return (int) outcomes.stream().filter(o -> o.question().answerable() ? !o.refused() && o.rightSource()
                : o.refused()).count();
    }

    /** Several tuning parts together with the final settings, printed with the settings. */
    private static Figures together(String label, String parts) {
        Figures figures = figures(run(parts));
        System.out.println("parts " + label + " together (tuning set), min-score " + MIN_SCORE + ", confident-score "
                + CONFIDENT_SCORE + ", min-coverage " + MIN_COVERAGE + ", word-support " + WORD_SUPPORT
                + ", word-score " + WORD_SCORE + ", answer-type margin " + ANSWER_TYPE_MARGIN + ": " + figures);
        return figures;
    }

    /**
     * Part D, written before the refusal rule of the third round and measured once with it (held out then); it has
     * been seen since and is no longer held out, and was not used to choose the rule of the fourth round.
     */
    @Test
    void heldOutPartD() {
        Figures d = report("D", run("D"));
        // measured once with the third round's rule: 27/30 answered, 27/27 right source, 20/28 refused; with the
        // fourth round's rule (part D seen, not held out): 26/30, 26/26, 23/28. These floors keep the figures from
        // getting worse, they are not the goals
        assertThat(d.answeredRate()).isGreaterThanOrEqualTo(0.86);
        assertThat(d.rightSourceRate()).isEqualTo(1.0);
        assertThat(d.refusalRate()).isGreaterThanOrEqualTo(0.82);
    }

    /**
     * The held-out part E, written after part D had been measured and before the refusal rule of the fourth round
     * (one passage must support half of the question's words) was written; measured once with its final settings.
     */
    @Test
    void heldOutPartE() {
        Figures e = report("E", run("E"));
        // measured once: 25/36 answered, 24/25 right source, 27/36 refused — below all three goals
        // (docs/knowledge.md); seen since, and part of the fifth round's tuning set, with whose settings it gives
        // 28/36, 28/28, 27/36. These floors keep the figures from getting worse, they are not the goals
        assertThat(e.answeredRate()).isGreaterThanOrEqualTo(0.77);
        assertThat(e.rightSourceRate()).isEqualTo(1.0);
        assertThat(e.refusalRate()).isGreaterThanOrEqualTo(0.75);
    }

    /**
     * Part F, written after part E had been measured and before any change of the fifth round, and measured once with
     * its final settings (held out then); seen since, and part of the sixth round's tuning set.
     */
    @Test
    void heldOutPartF() {
        Figures f = report("F", run("F"));
        // measured once on 2026-11-30: 14/37 answered, 14/14 right source, 25/36 refused — the answered and refused
        // goals are not met (docs/knowledge.md); with the seventh round's answer-type check (part F seen): 14/37,
        // 14/14, 31/36. These floors keep the figures from getting worse, they are not the goals
        assertThat(f.answeredRate()).isGreaterThanOrEqualTo(0.37);
        assertThat(f.rightSourceRate()).isEqualTo(1.0);
        assertThat(f.refusalRate()).isGreaterThanOrEqualTo(0.83);
    }

    /**
     * Part G, written after part F had been measured and before any change of the sixth round (another in-jar
     * embedding model for knowledge), and measured once with its final settings (held out then, run only with
     * {@code -Dknowledge.heldOut=G}); seen since, and part of the seventh round's tuning set.
     */
    @Test
    void heldOutPartG() {
        Figures g = report("G", run("G"));
        // measured once on 2026-11-30: 13/38 answered, 13/13 right source, 24/36 refused — the answered and refused
        // goals are not met (docs/knowledge.md); with the seventh round's answer-type check (part G seen): 13/38,
        // 13/13, 26/36; with the ninth round's word similarity: 14/38, 14/14, 26/36. These floors keep the figures
        // from getting worse
        assertThat(g.answeredRate()).isGreaterThanOrEqualTo(0.36);
        assertThat(g.rightSourceRate()).isEqualTo(1.0);
        assertThat(g.refusalRate()).isGreaterThanOrEqualTo(0.70);
    }

    /**
     * Part H, written on 2026-12-01 after part G had been measured and before any change of the seventh round, kept
     * out of every run of that round (held out, run only with {@code -Dknowledge.heldOut=H}) and measured once with
     * its final settings; seen since, so a next round's tuning set is parts A to H and its held-out part is still to
     * be written.
     */
    @Test
    void heldOutPartH() {
        Figures h = report("H", run("H"));
        // measured once on 2026-12-02: 16/40 answered, 16/16 right source, 27/38 refused — the answered and refused
        // goals are not met (docs/knowledge.md). These floors keep the figures from getting worse
        assertThat(h.answeredRate()).isGreaterThanOrEqualTo(0.40);
        assertThat(h.rightSourceRate()).isEqualTo(1.0);
        assertThat(h.refusalRate()).isGreaterThanOrEqualTo(0.71);
    }

    /**
     * Part I, written on 2026-12-02 after part H had been measured and before any change of the eighth round, kept
     * out of every run of that round (held out, run only with {@code -Dknowledge.heldOut=I}) and measured once with
     * its final settings; seen since, so the next round's tuning set is parts A to I.
     */
    @Test
    void heldOutPartI() {
        Figures i = report("I", run("I"));
        // measured once on 2026-12-02: 22/40 answered, 22/22 right source, 20/38 refused — the answered and refused
        // goals are not met (docs/knowledge.md); with the ninth round's word similarity (part I seen): 24/40, 24/24,
        // 20/38. These floors keep the figures from getting worse
        assertThat(i.answeredRate()).isGreaterThanOrEqualTo(0.59);
        assertThat(i.rightSourceRate()).isEqualTo(1.0);
        assertThat(i.refusalRate()).isGreaterThanOrEqualTo(0.52);
    }

    /**
     * Part J, written on 2026-12-02 after part I had been measured and before any change of the ninth round, kept out
     * of every run of that round (held out, run only with {@code -Dknowledge.heldOut=J}) and measured once with its
     * final settings; seen since, so the next round's tuning set is parts A to J.
     */
    @Test
    void heldOutPartJ() {
        Figures j = report("J", run("J"));
        // measured once on 2026-12-02: 10/40 answered, 10/10 right source, 37/38 refused — the answered goal (85%)
        // is far from met, the refused goal (95%) is met on this part (docs/knowledge.md). These floors keep the
        // figures from getting worse
        assertThat(j.answeredRate()).isGreaterThanOrEqualTo(0.25);
        assertThat(j.rightSourceRate()).isEqualTo(1.0);
        assertThat(j.refusalRate()).isGreaterThanOrEqualTo(0.97);
    }

    /**
     * The held-out part M, written after part L was measured and before any change of the twelfth round. It is kept
     * out of every other run (its questions are not even read without the property) and runs only with
     * {@code -Dknowledge.heldOut=M}, once, with the twelfth round's final settings; it only reports.
     */
    @Test
    @EnabledIfSystemProperty(named = "knowledge.heldOut", matches = "M")
    void heldOutPartM() {
        report("M", run("M"));
    }

    /**
     * Part L, written on 2026-12-03 after part K had been measured and before any change of the eleventh round, kept
     * out of every run of that round (held out, run only with {@code -Dknowledge.heldOut=L}) and measured once with its
     * final settings; seen since, so the next round's tuning set is parts A to L.
     */
    @Test
    void heldOutPartL() {
        Figures l = report("L", run("L"));
        // measured once on 2026-12-03: 8/40 answered, 8/8 right source, 36/38 refused — the answered goal (85%) is far
        // from met, the refused goal (95%) just missed (docs/knowledge.md item 40). These floors keep the figures
        // from getting worse
        assertThat(l.answeredRate()).isGreaterThanOrEqualTo(0.20);
        assertThat(l.rightSourceRate()).isEqualTo(1.0);
        assertThat(l.refusalRate()).isGreaterThanOrEqualTo(0.94);
    }

    /**
     * Part K, written on 2026-12-02 after part J had been measured and before any change of the tenth round, kept out
     * of every run of that round (held out, run only with {@code -Dknowledge.heldOut=K}) and measured once with its
     * final settings; seen since, so the next round's tuning set is parts A to K.
     */
    @Test
    void heldOutPartK() {
        Figures k = report("K", run("K"));
        // measured once on 2026-12-03: 11/40 answered, 11/11 right source, 36/38 refused — the answered goal (85%)
        // is far from met, the refused goal (95%) just missed (docs/knowledge.md item 37). These floors keep the
        // figures from getting worse
        assertThat(k.answeredRate()).isGreaterThanOrEqualTo(0.27);
        assertThat(k.rightSourceRate()).isEqualTo(1.0);
        assertThat(k.refusalRate()).isGreaterThanOrEqualTo(0.94);
    }

    /**
     * Part F with the fourth round's settings (no word-score, so no question below min-score is answered), for
     * comparison with the fifth round's; run after part F had been measured, nothing was changed afterwards.
     */
    @Test
    @Tag("bench") // prints figures for comparison; asserts nothing, so it runs only in the bench profile
    void partFWithTheFourthRoundSettings() {
        KnowledgeSearch search = new KnowledgeSearch(index, embedder, false);
        GroundedAnswers answers = new GroundedAnswers(search, index, embedder, 5, MIN_SCORE, 0.6, true,
                CONFIDENT_SCORE, MIN_COVERAGE, WORD_SUPPORT);
        Figures figures = figures(run("F", answers, MIN_SCORE));
        System.out.println("part F with the fourth round's settings: " + figures);
    }

    /**
     * Part E with the refusal rule of the third round (a best score of 0.6, or 0.5 with 40% of the question's words
     * in any retrieved passage), for comparison with the rule that replaced it; measured after part E's figures.
     */
    @Test
    @Tag("bench") // prints figures for tuning; asserts nothing, so it runs only in the bench profile
    void partEWithTheThirdRoundRule() {
        KnowledgeSearch search = new KnowledgeSearch(index, embedder, false);
        GroundedAnswers scoring = new GroundedAnswers(search, index, embedder, 5, 0, 0.6, true);
        GroundedAnswers answering = new GroundedAnswers(search, index, embedder, 5, 0.5, 0.6, true);
        List<Outcome> outcomes = new ArrayList<>();
        for (Question q : questions) {
            if (!q.part().equals("E")) {
                continue;
            }
            Retrieval retrieval = scoring.retrieve(TENANT, null, List.of(), q.text());
            List<KnowledgeIndex.Term> terms = index.terms(KnowledgeIndex.Scope.knowledge(TENANT), q.text(),
                    retrieval.chunks().stream().map(KnowledgeIndex.Found::chunkId).toList());
            double coverage = terms.isEmpty() ? 1
                    : (double) terms.stream().filter(t -> !t.inChunks().isEmpty()).count() / terms.size();
            boolean supported = retrieval.bestScore() >= 0.6 || retrieval.bestScore() >= 0.5 && coverage >= 0.4;
            if (!supported) {
                outcomes.add(new Outcome(q, retrieval.bestScore(), coverage, true, false));
                continue;
            }
            Answer answer = answering.extractive(q.text(), retrieval);
            Map<String, String> documentOf = new LinkedHashMap<>();
            for (GroundingSource source : retrieval.sources()) {
                documentOf.put(source.sourceId(), source.documentId());
            }
            boolean right = answer.citations().stream().map(Citation::sourceId).map(documentOf::get)
                    .anyMatch(q.document()::equals);
            outcomes.add(new Outcome(q, retrieval.bestScore(), coverage, answer.citations().isEmpty(), right));
        }
        Figures figures = figures(outcomes);
        System.out.println("part E with the third round's rule: " + figures);
        for (Outcome o : outcomes) {
            if (o.question().answerable() == o.refused()) {
                System.out.printf(Locale.ROOT, "  miss E (third round): %.3f (words %.2f) %s %s%n", o.best(),
                        o.coverage(), o.question().answerable() ? "answerable" : "unanswerable", o.question().text());
            }
        }
    }

    static Figures report(String part, List<Outcome> outcomes) {
        Figures figures = figures(outcomes);
        System.out.println("part " + part + ", min-score " + MIN_SCORE + ", confident-score " + CONFIDENT_SCORE
                + ", min-coverage " + MIN_COVERAGE + ", word-support " + WORD_SUPPORT + ", word-score " + WORD_SCORE
                + ", answer-type margin " + ANSWER_TYPE_MARGIN + ": " + figures);
        for (Outcome o : outcomes) {
            if (o.question().answerable() == o.refused() || (!o.refused() && o.question().answerable()
                    && !o.rightSource())) {
                System.out.printf(Locale.ROOT, "  miss %s: %.3f (words %.2f) %s%s %s%n", o.question().part(), o.best(),
                        o.coverage(),
                        o.question().answerable() ? "answerable" : "unanswerable",
                        o.question().answerable() && !o.refused() ? " (wrong source)" : "", o.question().text());
            }
        }
        return figures;
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = KnowledgeEvaluationTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }
}
