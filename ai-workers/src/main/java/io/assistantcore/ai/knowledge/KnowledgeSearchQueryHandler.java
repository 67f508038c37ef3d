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
    private final double toolMinScore;

    /** @param toolMinScore the least score a passage needs to be handed to the {@code search_knowledge} tool */
    public KnowledgeSearchQueryHandler(KnowledgeSearch search, double toolMinScore) {
        this.search = search;
        this.toolMinScore = toolMinScore;
    }

    @QueryHandler
    public SearchHits handle(KnowledgeSearchQuery query) {
        Scope scope = Scope.knowledge(query.tenantId());
        List<Found> found = search.search(scope, query.query(), query.topK(), query.minScore());
        return new SearchHits(hits(found), search.embeddingModel());
    }

    /**
     * The built-in {@code search_knowledge} tool's search: the tenant's knowledge, passages at or above the chat's
     * retrieval threshold (nothing found is an honest empty answer the model is told).
     */
    @QueryHandler
    public io.assistantcore.messages.tool.KnowledgeSearch.KnowledgeHits handle(
            io.assistantcore.messages.tool.KnowledgeSearch.ToolKnowledgeSearchQuery query) {
        int topK = Math.max(1, Math.min(query.topK(), 20));
        List<Found> found = search.search(Scope.knowledge(query.tenantId()), query.query(), topK, toolMinScore);
        return new io.assistantcore.messages.tool.KnowledgeSearch.KnowledgeHits(hits(found).stream()
                .map(hit -> new io.assistantcore.messages.tool.KnowledgeSearch.Hit(hit.sourceId(), hit.documentId(),
                        hit.title(), hit.page(), hit.chunkId(), hit.score(), hit.snippet()))
                .toList());
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
