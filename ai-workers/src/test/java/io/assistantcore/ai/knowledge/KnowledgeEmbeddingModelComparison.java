package io.assistantcore.ai.knowledge;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.vector.UnitVectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Compares in-jar embedding models by retrieval quality on the sixth round's tuning parts of the knowledge question
 * set (A to F; never part G, held out in that round, nor parts H and I): for each answerable question, whether
 * a chunk of the expected document ranks first and within the top 5 (a chunk scored by the higher of its own
 * similarity and its best sentence's, as the engine does), and how well the best score separates answerable from
 * unanswerable questions (AUC; the share of answerable questions above the score that refuses 95% of the unanswerable
 * ones), and what loading each model costs (time to the first vector, resident memory added).
 * {@code -Dknowledge.models=a,b} picks models (one per run gives each a fresh JVM). Prints a table and writes it with
 * every question's best score to {@code target/knowledge-models}; asserts nothing. Figures and the decision:
 * docs/knowledge.md (sixth round).
 */
@Tag("bench")
class KnowledgeEmbeddingModelComparison {

    record Candidate(String name, Supplier<EmbeddingModel> model, String queryPrefix, String passagePrefix) {
    }

    record Chunk(String document, String text, List<String> sentences) {
    }

    @Test
    void compareModels() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        List<Chunk> chunks = new ArrayList<>();
        DocumentParser parser = new DocumentParser(DocumentParser.Limits.DEFAULT);
        Chunker chunker = new Chunker(200, 40);
        for (String name : KnowledgeEvaluationTest.DOCUMENTS) {
            byte[] bytes = resource("knowledge/corpus/" + name);
            String type = name.endsWith(".md") ? "text/markdown" : name.endsWith(".html") ? "text/html" : "text/plain";
            for (Chunker.Chunk c : chunker.chunk(parser.parse(bytes, type))) {
                chunks.add(new Chunk(name, KnowledgeIndexer.embeddingText(name, c.section(), c.text()),
                        GroundedAnswers.sentences(c.text())));
            }
        }
        List<String[]> questions = new ArrayList<>();
        for (String line : new String(resource("knowledge/questions.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            // the sixth round's tuning parts: never part G (held out then), part H nor the held-out part I
            if ("ABCDEF".contains(f[0])) {
                questions.add(f);
            }
        }
        String bge = "Represent this sentence for searching relevant passages: ";
        List<Candidate> candidates = List.of(
                new Candidate("all-minilm-l6-v2", () -> new dev.langchain4j.model.embedding.onnx.allminilml6v2
                        .AllMiniLmL6V2EmbeddingModel(Runnable::run), "", ""),
                new Candidate("all-minilm-l6-v2-q", () -> new dev.langchain4j.model.embedding.onnx.allminilml6v2q
                        .AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run), "", ""),
                new Candidate("e5-small-v2-q", () -> new dev.langchain4j.model.embedding.onnx.e5smallv2q
                        .E5SmallV2QuantizedEmbeddingModel(Runnable::run), "query: ", "passage: "),
                new Candidate("bge-small-en-v15-q", () -> new dev.langchain4j.model.embedding.onnx.bgesmallenv15q
                        .BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run), bge, ""),
                new Candidate("bge-small-en-v15-q (no instruction)", () -> new dev.langchain4j.model.embedding.onnx
                        .bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run), "", ""));
        String only = System.getProperty("knowledge.models", "");
        StringBuilder table = new StringBuilder("model\tload ms\tRSS MB\tembed ms\ttop1\ttop5\tAUC\tanswered@95%refused"
                + "\tscore@95%refused\n");
        for (Candidate candidate : candidates) {
            if (!only.isEmpty() && !Arrays.asList(only.split(",")).contains(candidate.name())) {
                continue;
            }
            System.gc();
            long rssBefore = residentKb();
            long start = System.nanoTime();
            EmbeddingModel model = candidate.model().get();
            model.embed("warm up");
            long loadMs = (System.nanoTime() - start) / 1_000_000;
            System.gc();
            long rssAfter = residentKb();
            start = System.nanoTime();
            float[][] chunkVectors = embed(model, chunks.stream().map(c -> candidate.passagePrefix() + c.text()).toList());
            List<float[][]> sentenceVectors = new ArrayList<>();
            for (Chunk c : chunks) {
                sentenceVectors.add(embed(model, c.sentences().stream().map(s -> candidate.passagePrefix() + s)
                        .toList()));
            }
            float[][] questionVectors = embed(model, questions.stream().map(q -> candidate.queryPrefix() + q[3])
                    .toList());
            long embedMs = (System.nanoTime() - start) / 1_000_000;
            int answerable = 0, top1 = 0, top5 = 0;
            List<Double> yes = new ArrayList<>(), no = new ArrayList<>();
            StringBuilder perQuestion = new StringBuilder();
            for (int q = 0; q < questions.size(); q++) {
                double[] scores = new double[chunks.size()];
                for (int c = 0; c < chunks.size(); c++) {
                    double s = dot(questionVectors[q], chunkVectors[c]);
                    for (float[] sv : sentenceVectors.get(c)) {
                        s = Math.max(s, dot(questionVectors[q], sv));
                    }
                    scores[c] = s;
                }
                Integer[] order = new Integer[chunks.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
                double best = scores[order[0]];
                boolean isAnswerable = questions.get(q)[1].equals("answer");
                int rank = -1;
                if (isAnswerable) {
                    answerable++;
                    yes.add(best);
                    for (int i = 0; i < order.length; i++) {
                        if (chunks.get(order[i]).document().equals(questions.get(q)[2])) {
                            rank = i;
                            break;
                        }
                    }
                    if (rank == 0) {
                        top1++;
                    }
                    if (rank >= 0 && rank < 5) {
                        top5++;
                    }
                } else {
                    no.add(best);
                }
                perQuestion.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%.4f\t%d\t%s%n", candidate.name(),
                        questions.get(q)[0], questions.get(q)[1], best, rank, questions.get(q)[3]));
            }
            double auc = 0;
            for (double y : yes) {
                for (double n : no) {
                    auc += y > n ? 1 : y == n ? 0.5 : 0;
                }
            }
            auc /= (double) yes.size() * no.size();
            List<Double> sortedNo = new ArrayList<>(no);
            sortedNo.sort(null);
            double threshold = sortedNo.get((int) Math.ceil(0.95 * sortedNo.size()) - 1); // 95% at or below
            long above = yes.stream().filter(y -> y > threshold).count();
            String row = String.format(Locale.ROOT, "%s\t%d\t%d\t%d\t%d/%d\t%d/%d\t%.3f\t%d/%d\t%.3f", candidate.name(),
                    loadMs, (rssAfter - rssBefore) >> 10, embedMs, top1, answerable, top5, answerable, auc, above,
                    yes.size(), threshold);
            System.out.println(row);
            table.append(row).append('\n');
            Path out = Path.of("target", "knowledge-models");
            Files.createDirectories(out);
            Files.writeString(out.resolve(candidate.name().replaceAll("[^a-z0-9.-]", "_") + ".tsv"),
                    perQuestion.toString());
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "knowledge-models", "table.tsv"), table.toString());
    }

    /** The process's resident memory (Linux), to see what loading a model adds; 0 elsewhere. */
    private static long residentKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    private static float[][] embed(EmbeddingModel model, List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        var embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = UnitVectors.unit(embeddings.get(i).vector());
        }
        return vectors;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = KnowledgeEmbeddingModelComparison.class.getClassLoader().getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
