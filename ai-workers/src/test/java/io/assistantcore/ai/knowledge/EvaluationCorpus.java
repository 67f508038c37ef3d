package io.assistantcore.ai.knowledge;

/**
 * The knowledge evaluation's corpus (six business documents of {@code src/test/resources/knowledge/corpus}) indexed
 * for tenant {@link #TENANT} in a fresh database, and the offline engine's answers from it with the final settings
 * of {@link KnowledgeEvaluationTest}: for tests outside this package that need a tenant with documents.
 */
public final class EvaluationCorpus {

    public static final String TENANT = KnowledgeEvaluationTest.TENANT;

    private EvaluationCorpus() {
    }

    /** Indexes the corpus (once per test class loader) and answers from it with the final settings. */
    public static synchronized GroundedAnswers indexed() throws Exception {
        if (KnowledgeEvaluationTest.index == null) {
            KnowledgeEvaluationTest.indexCorpus();
        }
        KnowledgeSearch search = new KnowledgeSearch(KnowledgeEvaluationTest.index, KnowledgeEvaluationTest.embedder,
                false);
        return new GroundedAnswers(search, KnowledgeEvaluationTest.index, KnowledgeEvaluationTest.embedder, 5,
                KnowledgeEvaluationTest.MIN_SCORE, 0.6, true, KnowledgeEvaluationTest.CONFIDENT_SCORE,
                KnowledgeEvaluationTest.MIN_COVERAGE, KnowledgeEvaluationTest.WORD_SUPPORT,
                KnowledgeEvaluationTest.WORD_SCORE, KnowledgeEvaluationTest.ANSWER_TYPE_CHECK,
                KnowledgeEvaluationTest.ANSWER_TYPE_MARGIN, KnowledgeEvaluationTest.WORD_SIMILARITY,
                KnowledgeEvaluationTest.WORD_WINDOW, KnowledgeEvaluationTest.COVERAGE_NEIGHBOURS,
                KnowledgeEvaluationTest.SYNONYMS);
    }
}
