package io.assistantcore.ai.chat;

import io.assistantcore.messages.tool.ToolDefinition;

import java.time.Duration;
import java.util.List;

/** The tools a chat reply may offer its model, and how tool calls of a reply are bounded. */
public interface ChatTools {

    /**
     * The tools of the tenant a reply may call: those the conversation names, or every tool of the tenant (and the
     * built-in ones that are available) when it names none.
     *
     * @param knowledge whether the conversation answers from the tenant's documents
     */
    List<ToolDefinition> offered(String tenantId, List<String> conversationTools, boolean knowledge);

    /** How long a call waits for its approval. */
    Duration approvalTimeout();

    /** Tool rounds one reply may take; after them the model must answer without tools. */
    int maxRounds();
}
