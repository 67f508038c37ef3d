package io.assistantcore.ai.tool;

import io.assistantcore.ai.chat.ChatTools;
import io.assistantcore.messages.tool.BuiltInTools;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolQueries.ToolList;
import io.assistantcore.messages.tool.ToolQueries.ToolsQuery;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools a reply offers: the tenant's registered tools (read through the query bus) and the built-in ones that
 * can serve — {@code search_knowledge} for conversations that answer from the tenant's documents,
 * {@code generate_image} when an image provider is connected — limited to those the conversation names, if any.
 */
public class RegisteredChatTools implements ChatTools {

    private final QueryGateway queries;
    private final boolean imagesAvailable;
    private final Duration approvalTimeout;
    private final int maxRounds;

    public RegisteredChatTools(QueryGateway queries, boolean imagesAvailable, Duration approvalTimeout,
                               int maxRounds) {
        this.queries = queries;
        this.imagesAvailable = imagesAvailable;
        this.approvalTimeout = approvalTimeout;
        this.maxRounds = maxRounds;
    }

    @Override
    public List<ToolDefinition> offered(String tenantId, List<String> conversationTools, boolean knowledge) {
        List<ToolDefinition> candidates = new ArrayList<>();
        if (knowledge) {
            candidates.add(BuiltInTools.KNOWLEDGE);
        }
        if (imagesAvailable) {
            candidates.add(BuiltInTools.IMAGE);
        }
        candidates.addAll(queries.query(new ToolsQuery(tenantId), ToolList.class).join().tools());
        if (conversationTools == null || conversationTools.isEmpty()) {
            return candidates;
        }
        return candidates.stream().filter(tool -> conversationTools.contains(tool.name())).toList();
    }

    @Override
    public Duration approvalTimeout() {
        return approvalTimeout;
    }

    @Override
    public int maxRounds() {
        return maxRounds;
    }
}
