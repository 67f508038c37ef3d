package io.assistantcore.ai.chat.routing;

import io.assistantcore.ai.chat.routing.LabelledPrompts.LabelledPrompt;
import io.assistantcore.ai.knowledge.EvaluationCorpus;
import io.assistantcore.ai.knowledge.GroundedAnswers;
import io.assistantcore.ai.knowledge.GroundedAnswers.Retrieval;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DocumentsOverRefusal} measured on a tenant with the knowledge evaluation's six documents (a security policy,
 * an employee handbook, an office guide, …): the workplace questions the semantic router refuses
 * ({@link WorkplaceQuestionsTest}) that the documents cover are answered from them, and none of the {@code not_allowed}
 * prompts of the router's two evaluation sets is let through because the documents would cover it. Each prompt the
 * router refuses is printed with the retrieval's best score and whether the documents cover it (docs/chat.md,
 * "Refusals the documents answer").
 */
class RefusalsTheDocumentsAnswerTest {

    /**
     * Measured on 2026-12-02: 8 of the 30 routed not_allowed, 2 of them covered by the documents (1 before e-mail
     * addresses counted as where to report, {@code AnswerTypes}).
     */
    private static final int MAX_WORKPLACE_REFUSED = 6;

    static SemanticRouter router;
    static GroundedAnswers answers;

    @BeforeAll
    static void setUp() throws Exception {
        router = new SemanticRouter(new OfflineTextEngine()::embeddingModel, SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS);
        answers = EvaluationCorpus.indexed();
    }

    @Test
    void workplaceQuestionsTheDocumentsCoverAreAnsweredAndNoRefusedRequestIsLetThrough() {
        List<LabelledPrompt> workplace = LabelledPrompts.fromResource(WorkplaceQuestionsTest.RESOURCE);
        List<LabelledPrompt> notAllowed = Stream.concat(LabelledPrompts.fromResource("chat/router-eval.tsv").stream(),
                        LabelledPrompts.fromResource("chat/router-eval-2.tsv").stream())
                .filter(prompt -> prompt.category() == RouteCategory.NOT_ALLOWED).toList();
        assertThat(notAllowed).hasSizeGreaterThanOrEqualTo(58);

        Tally questions = tally("workplace questions", workplace);
        Tally requests = tally("not_allowed prompts", notAllowed);

        assertThat(questions.refusedByRouter).as("the router still refuses some workplace questions")
                .isNotEmpty();
        assertThat(questions.stillRefused()).as("workplace questions refused in a conversation with documents")
                .hasSizeLessThanOrEqualTo(MAX_WORKPLACE_REFUSED);
        assertThat(requests.answered).as("refused requests let through because the documents cover them").isEmpty();
        assertThat(requests.refusedByRouter).hasSizeGreaterThanOrEqualTo(54);
    }

    private static Tally tally(String name, List<LabelledPrompt> prompts) {
        Tally tally = new Tally();
        for (LabelledPrompt prompt : prompts) {
            RouteDecision decision = router.classify(prompt.text(), RoutingRules.DEFAULT);
            if (!DocumentsOverRefusal.asksDocuments(decision)) {
                continue;
            }
            tally.refusedByRouter.add(prompt.text());
            Retrieval retrieval = answers.retrieve(EvaluationCorpus.TENANT, "evaluation", List.of(), prompt.text());
            boolean covered = retrieval.supported(answers.minScore());
            if (covered) {
                tally.answered.add(prompt.text());
            }
            System.out.printf("%s\t%s\tbest %.3f\t%s%n", name, covered ? "answered from the documents" : "refused",
                    retrieval.bestScore(), prompt.text());
        }
        System.out.printf("%s: %d, routed not_allowed %d, covered by the documents %d, still refused %d%n", name,
                prompts.size(), tally.refusedByRouter.size(), tally.answered.size(), tally.stillRefused().size());
        return tally;
    }

    private static final class Tally {
        final List<String> refusedByRouter = new ArrayList<>();
        final List<String> answered = new ArrayList<>();

        List<String> stillRefused() {
            return refusedByRouter.stream().filter(text -> !answered.contains(text)).toList();
        }
    }
}
