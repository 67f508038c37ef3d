package io.assistantcore.messages.tool;

import java.util.List;

/**
 * The seam between the built-in {@code search_knowledge} tool and the knowledge feature: the tool asks this query
 * through the query bus, and the knowledge feature answers it from the tenant's indexed documents. While no handler
 * answers it (no knowledge feature on the node), the tool says plainly that no documents are indexed.
 */
public final class KnowledgeSearch {

    private KnowledgeSearch() {
    }

    /** Answers a {@link KnowledgeHits}. */
    public record ToolKnowledgeSearchQuery(String tenantId, String query, int topK) {
    }

    public record KnowledgeHits(List<Hit> hits) {
        public KnowledgeHits {
            hits = hits == null ? List.of() : List.copyOf(hits);
        }
    }

    /** One passage: where it is (document, page, chunk) and how well it matches. */
    public record Hit(String sourceId, String documentId, String title, Integer page, String chunkId, double score,
                      String snippet) {
    }
}
