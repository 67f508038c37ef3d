package io.assistantcore.ai.chat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import io.assistantcore.ai.chat.ChatWorkerConfiguration.ChatProperties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How well the reuse threshold tells a rephrased question from a close but different one, measured on
 * {@code chat/answer-reuse-pairs.tsv} (written for this evaluation, separate from anything the threshold was chosen
 * with) with the embedding model answer reuse uses. Prints, per threshold, how many reuses would be right (precision),
 * how many rephrasings would be reused (recall) and which different questions would wrongly get the other's answer.
 * Run with {@code -Pbench}.
 */
@Tag("bench")
class AnswerReuseThresholdBenchmark {

    private record Pair(boolean same, String first, String second) {
    }

    @Test
    void reportsPrecisionAndRecallAroundTheDefaultThreshold() throws IOException {
        List<Pair> pairs = pairs();
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(40);
        assertThat(pairs).anyMatch(Pair::same).anyMatch(pair -> !pair.same());
        System.setProperty("ai.djl.offline", "true");
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        double[] similarity = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            similarity[i] = CosineSimilarity.between(model.embed(pairs.get(i).first()).content(),
                    model.embed(pairs.get(i).second()).content());
        }
        double configured = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("assistant.chat", ChatProperties.class).reuse().threshold();
        long sameCount = pairs.stream().filter(Pair::same).count();
        System.out.printf("answer reuse on %d pairs (%d rephrased, %d different); configured threshold %.2f%n",
                pairs.size(), sameCount, pairs.size() - sameCount, configured);
        for (double threshold : new double[]{0.85, 0.90, 0.93, 0.95, configured, 0.97}) {
            int right = 0;
            int wrong = 0;
            List<String> wrongPairs = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                if (similarity[i] >= threshold) {
                    if (pairs.get(i).same()) {
                        right++;
                    } else {
                        wrong++;
                        wrongPairs.add(String.format("%.3f %s | %s", similarity[i], pairs.get(i).first(),
                                pairs.get(i).second()));
                    }
                }
            }
            System.out.printf("threshold %.2f: reused %d, precision %.2f, recall %.2f, wrong reuses %d%n", threshold,
                    right + wrong, right + wrong == 0 ? 1.0 : (double) right / (right + wrong),
                    (double) right / sameCount, wrong);
            wrongPairs.forEach(line -> System.out.println("    wrong: " + line));
        }
    }

    private static List<Pair> pairs() throws IOException {
        try (InputStream in = AnswerReuseThresholdBenchmark.class.getResourceAsStream("/chat/answer-reuse-pairs.tsv")) {
            assertThat(in).as("the evaluation set").isNotNull();
            List<Pair> pairs = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                assertThat(columns).as(line).hasSize(3);
                assertThat(columns[0]).isIn("same", "different");
                pairs.add(new Pair(columns[0].equals("same"), columns[1], columns[2]));
            }
            return pairs;
        }
    }
}
