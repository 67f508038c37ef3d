package io.assistantcore.messages.common;

/**
 * The aggregate types as the event store records them (each aggregate class's simple name), for readers that check
 * what kind of aggregate an id belongs to without depending on the write model.
 */
public final class AggregateTypes {

    public static final String ASSIST_SESSION = "AssistSession";
    public static final String CONVERSATION = "Conversation";
    public static final String KNOWLEDGE_DOCUMENT = "KnowledgeDocument";
    public static final String LEAD = "Lead";
    public static final String TOOL_CALL = "ToolCall";
    public static final String API_KEY = "ApiKey";

    private AggregateTypes() {
    }
}
