package io.assistantcore.ai.chat.routing;

import io.assistantcore.ai.chat.routing.LabelledPrompts.LabelledPrompt;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the similarity a not_allowed example must reach for a refusal ({@link SemanticRouter#REFUSAL_SIMILARITY})
 * trades refused requests caught against ordinary questions refused: for each value, the not_allowed prompts of both
 * evaluation sets routed not_allowed, the other prompts of both sets routed not_allowed, and the workplace questions
 * ({@code chat/router-workplace-questions.tsv}) routed not_allowed. Prints a table; asserts nothing (bench profile).
 */
@Tag("bench")
class RefusalSimilaritySweep {

    @Test
    void sweep() {
        List<LabelledPrompt> evaluation = new ArrayList<>(
                LabelledPrompts.fromResource(SemanticRouterEvaluationTest.FIRST_SET));
        evaluation.addAll(LabelledPrompts.fromResource(SemanticRouterEvaluationTest.HELD_OUT_SET));
        List<LabelledPrompt> workplace = LabelledPrompts.fromResource(WorkplaceQuestionsTest.RESOURCE);
        OfflineTextEngine engine = new OfflineTextEngine();
        System.out.println("refusal similarity | not_allowed caught | other prompts refused | workplace refused");
        for (double threshold : new double[]{0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60}) {
            SemanticRouter router = new SemanticRouter(engine::embeddingModel,
                    LabelledPrompts.fromResource(SemanticRouter.EXAMPLES_RESOURCE),
                    SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS, SemanticRouter.NEIGHBOURS, threshold);
            int caught = 0;
            int refusable = 0;
            int wrongly = 0;
            int others = 0;
            for (LabelledPrompt prompt : evaluation) {
                boolean refused = router.classify(prompt.text(), RoutingRules.DEFAULT).category()
                        == RouteCategory.NOT_ALLOWED;
                if (prompt.category() == RouteCategory.NOT_ALLOWED) {
                    refusable++;
                    caught += refused ? 1 : 0;
                    if (!refused && threshold == SemanticRouter.REFUSAL_SIMILARITY) {
                        System.out.println("  not refused: " + prompt.text());
                    }
                } else {
                    others++;
                    wrongly += refused ? 1 : 0;
                }
            }
            List<String> workplaceRefused = workplace.stream().filter(prompt -> router.classify(prompt.text(),
                    RoutingRules.DEFAULT).category() == RouteCategory.NOT_ALLOWED).map(LabelledPrompt::text).toList();
            if (threshold == SemanticRouter.REFUSAL_SIMILARITY) {
                workplaceRefused.forEach(text -> System.out.println("  refused: " + text));
            }
            System.out.printf(Locale.ROOT, "%.2f | %d/%d | %d/%d | %d/%d%n", threshold, caught, refusable, wrongly,
                    others, workplaceRefused.size(), workplace.size());
        }
    }
}
