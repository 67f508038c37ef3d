package io.assistantcore.ai.tool;

import io.assistantcore.messages.tool.BuiltInTools;
import io.assistantcore.messages.tool.KnowledgeSearch.KnowledgeHits;
import io.assistantcore.messages.tool.KnowledgeSearch.ToolKnowledgeSearchQuery;
import io.assistantcore.messages.tool.ToolSchemas;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the platform's own tools. {@code search_knowledge} asks the knowledge feature through the query bus
 * ({@link ToolKnowledgeSearchQuery}) and, while nothing answers that query, says plainly that no documents are indexed.
 * {@code generate_image} is answered by the image generator when one is connected.
 */
public class BuiltInToolRunner {

    static final String NO_DOCUMENTS = "No documents are indexed for this organisation yet, so there is nothing to "
            + "search.";
    static final String NO_IMAGE_PROVIDER = "No image provider is connected, so no picture can be made; an "
            + "administrator can connect one.";

    private final QueryGateway queries;
    private final ImageTool images;

    /** @param images the image tool, or null when no image provider is connected */
    public BuiltInToolRunner(QueryGateway queries, ImageTool images) {
        this.queries = queries;
        this.images = images;
    }

    public ToolOutcome run(ToolCallApproved call, String arguments) {
        return switch (call.tool()) {
            case BuiltInTools.SEARCH_KNOWLEDGE -> searchKnowledge(call.tenantId(), arguments);
            case BuiltInTools.GENERATE_IMAGE -> images == null ? ToolOutcome.failure(null, NO_IMAGE_PROVIDER)
                    : images.generate(call, ToolSchemas.parse(arguments).path("prompt").asText());
            default -> ToolOutcome.failure(null, "There is no built-in tool '" + call.tool() + "'");
        };
    }

    private ToolOutcome searchKnowledge(String tenantId, String arguments) {
        var parsed = ToolSchemas.parse(arguments);
        int topK = parsed.path("topK").asInt(5);
        try {
            KnowledgeHits hits = queries.query(new ToolKnowledgeSearchQuery(tenantId, parsed.path("query").asText(),
                    topK), KnowledgeHits.class).get(30, TimeUnit.SECONDS);
            if (hits == null || hits.hits().isEmpty()) {
                return ToolOutcome.success(null, "No passage of the organisation's documents matches.");
            }
            StringBuilder text = new StringBuilder();
            hits.hits().forEach(hit -> text.append('[').append(hit.sourceId()).append("] ")
                    .append(hit.title() == null ? "" : hit.title())
                    .append(hit.page() == null ? "" : " p. " + hit.page()).append(": ")
                    .append(hit.snippet()).append('\n'));
            return ToolOutcome.success(null, text.toString().strip());
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof NoHandlerForQueryException) {
                return ToolOutcome.success(null, NO_DOCUMENTS);
            }
            return ToolOutcome.failure(null, "Searching the documents failed");
        } catch (NoHandlerForQueryException e) {
            return ToolOutcome.success(null, NO_DOCUMENTS);
        } catch (TimeoutException e) {
            return ToolOutcome.failure(null, "Searching the documents took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolOutcome.failure(null, "Searching the documents was interrupted");
        }
    }

    /** Makes a picture for a call of {@code generate_image} and adds it to the call's reply. */
    public interface ImageTool {
        ToolOutcome generate(ToolCallApproved call, String prompt);
    }
}
