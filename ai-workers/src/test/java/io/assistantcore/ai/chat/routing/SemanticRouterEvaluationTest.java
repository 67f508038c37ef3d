package io.assistantcore.ai.chat.routing;

import io.assistantcore.ai.chat.routing.LabelledPrompts.LabelledPrompt;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the offline router on its evaluation set ({@code chat/router-eval.tsv}, written separately from the
 * router's examples) plus long messages built by {@link LongMessages}, and prints accuracy per category, overall,
 * and a confusion summary. The floors sit a few points under the measured figures (docs/chat.md, "Router
 * accuracy"): a change to the examples or the router that makes it clearly worse fails here.
 */
class SemanticRouterEvaluationTest {

    /** Measured 0.853 (215/252) on the prompts of the evaluation file alone. */
    private static final double FLOOR_FILE_PROMPTS = 0.82;
    /** Measured 0.858 (223/260) with the long messages added. */
    private static final double FLOOR_ALL = 0.83;

    @Test
    void accuracyStaysAtOrAboveTheMeasuredLevel() {
        SemanticRouter router = new SemanticRouter(new OfflineTextEngine()::embeddingModel,
                SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS);
        List<LabelledPrompt> filePrompts = LabelledPrompts.fromResource("chat/router-eval.tsv");
        assertNoOverlapWithExamples(filePrompts);

        List<LabelledPrompt> longPrompts = LongMessages.build(SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS * 6).stream()
                .map(text -> new LabelledPrompt(RouteCategory.LONG_CONTEXT, text)).toList();

        System.out.println("Mistakes:");
        Result file = evaluate(router, filePrompts, true);
        Result all = file.plus(evaluate(router, longPrompts, true));

        System.out.println("Router evaluation: " + filePrompts.size() + " prompts from the file, "
                + longPrompts.size() + " generated long messages");
        System.out.println(all.report());
        System.out.printf(Locale.ROOT, "Overall, file prompts only: %.1f%% (%d/%d)%n", 100 * file.accuracy(),
                file.correct(), file.total());
        System.out.printf(Locale.ROOT, "Overall, with long messages: %.1f%% (%d/%d)%n", 100 * all.accuracy(),
                all.correct(), all.total());

        assertThat(file.accuracy()).isGreaterThanOrEqualTo(FLOOR_FILE_PROMPTS);
        assertThat(all.accuracy()).isGreaterThanOrEqualTo(FLOOR_ALL);
    }

    private static void assertNoOverlapWithExamples(List<LabelledPrompt> evaluation) {
        Set<String> examples = LabelledPrompts.fromResource(SemanticRouter.EXAMPLES_RESOURCE).stream()
                .map(p -> normalise(p.text())).collect(Collectors.toSet());
        assertThat(evaluation).as("evaluation prompts must not be router examples")
                .noneMatch(p -> examples.contains(normalise(p.text())));
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static Result evaluate(SemanticRouter router, List<LabelledPrompt> prompts, boolean printMistakes) {
        Map<RouteCategory, Map<RouteCategory, Integer>> confusion = new EnumMap<>(RouteCategory.class);
        for (LabelledPrompt prompt : prompts) {
            RouteCategory decided = router.classify(prompt.text(), RoutingRules.DEFAULT).category();
            if (printMistakes && decided != prompt.category()) {
                System.out.println("  " + prompt.category().wireName() + " -> " + decided.wireName() + ": "
                        + (prompt.text().length() > 100 ? prompt.text().substring(0, 100) + "..." : prompt.text()));
            }
            confusion.computeIfAbsent(prompt.category(), c -> new EnumMap<>(RouteCategory.class))
                    .merge(decided, 1, Integer::sum);
        }
        return new Result(confusion);
    }

    private record Result(Map<RouteCategory, Map<RouteCategory, Integer>> confusion) {

        Result plus(Result other) {
            Map<RouteCategory, Map<RouteCategory, Integer>> sum = new EnumMap<>(RouteCategory.class);
            for (Result result : List.of(this, other)) {
                result.confusion.forEach((truth, row) -> row.forEach((decided, count) -> sum
                        .computeIfAbsent(truth, c -> new EnumMap<>(RouteCategory.class))
                        .merge(decided, count, Integer::sum)));
            }
            return new Result(sum);
        }

        int total() {
            return confusion.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        }

        int correct() {
            return confusion.entrySet().stream().mapToInt(e -> e.getValue().getOrDefault(e.getKey(), 0)).sum();
        }

        double accuracy() {
            return correct() / (double) total();
        }

        String report() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-17s %5s %9s  %s%n",
                    "category", "n", "accuracy", "mistaken for"));
            for (RouteCategory category : RouteCategory.values()) {
                Map<RouteCategory, Integer> row = confusion.getOrDefault(category, Map.of());
                int n = row.values().stream().mapToInt(Integer::intValue).sum();
                if (n == 0) {
                    continue;
                }
                int right = row.getOrDefault(category, 0);
                String mistakes = row.entrySet().stream().filter(e -> e.getKey() != category)
                        .sorted(Map.Entry.<RouteCategory, Integer>comparingByValue().reversed())
                        .map(e -> e.getKey().wireName() + " " + e.getValue()).collect(Collectors.joining(", "));
                text.append(String.format(Locale.ROOT, "%-17s %5d %8.1f%%  %s%n", category.wireName(), n,
                        100.0 * right / n, mistakes));
            }
            return text.toString();
        }
    }
}
