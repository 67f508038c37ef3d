package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.GroundedAnswers.Answer;
import io.assistantcore.ai.knowledge.GroundedAnswers.Retrieval;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline engine's quoted answers on the evaluation corpus (overlapping chunks of 200 tokens, 40 shared) never
 * quote the same words twice: a sentence that two overlapping chunks both hold, one of them cut off in the middle,
 * is quoted once, whole.
 */
class ExtractiveQuotingTest {

    static GroundedAnswers answers;

    @BeforeAll
    static void corpus() throws Exception {
        answers = EvaluationCorpus.indexed();
    }

    @Test
    void noSentenceIsQuotedTwice() {
        for (String question : List.of("Where do I report a security incident?",
                "How can a suspected security incident be reported?", "What is the minimum password length?",
                "Are we allowed to write passwords down?", "Which second factor is accepted for the VPN?")) {
            Retrieval retrieval = answers.retrieve(EvaluationCorpus.TENANT, "evaluation", List.of(), question);
            assertThat(retrieval.supported(answers.minScore())).as(question).isTrue();
            Answer answer = answers.extractive(question, retrieval);
            List<String> quoted = Arrays.stream(answer.text().split("\\s?\\[\\d+][.!?]?\\s*"))
                    .map(String::strip).filter(text -> !text.isEmpty()).toList();
            assertThat(quoted).as(answer.text()).isNotEmpty();
            for (int i = 0; i < quoted.size(); i++) {
                for (int j = 0; j < quoted.size(); j++) {
                    if (i != j) {
                        assertThat(quoted.get(i)).as(question + " -> " + answer.text()).doesNotContain(quoted.get(j));
                    }
                }
            }
        }
    }
}
