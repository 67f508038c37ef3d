package io.assistantcore.ai.knowledge;

import io.assistantcore.ai.knowledge.KnowledgeIndex.Found;
import io.assistantcore.ai.knowledge.KnowledgeIndex.Scope;
import io.assistantcore.messages.knowledge.KnowledgeQueries.KnowledgeSearchQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.SearchHit;
import io.assistantcore.messages.knowledge.KnowledgeQueries.SearchHits;
import org.axonframework.queryhandling.QueryHandler;

import java.util.List;

/**
 * Hit testing ({@code POST /api/v1/knowledge/search}): what retrieval finds for a query, scored as the chat's
 * retrieval scores it. Answered here because the search needs the embedding model, which lives with the workers.
 */
public class KnowledgeSearchQueryHandler {

    private final KnowledgeSearch search;

    public KnowledgeSearchQueryHandler(KnowledgeSearch search) {
        this.search = search;
    }

    @QueryHandler
    public SearchHits handle(KnowledgeSearchQuery query) {
        Scope scope = Scope.knowledge(query.tenantId());
        List<Found> found = search.search(scope, query.query(), query.topK(), query.minScore());
        return new SearchHits(hits(found), search.embeddingModel());
    }

    static List<SearchHit> hits(List<Found> found) {
        return java.util.stream.IntStream.range(0, found.size())
                .mapToObj(i -> hit(i + 1, found.get(i)))
                .toList();
    }

    static SearchHit hit(int number, Found found) {
        return new SearchHit(String.valueOf(number), found.fileId(), found.title(), found.page(), found.chunkId(),
                Math.round(found.score() * 10_000) / 10_000.0, snippet(found.text()));
    }

    static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 299) + "…";
    }
}
