package io.assistantcore.messages.tool;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's own tools, offered beside every tenant's tools. A tenant cannot register a tool under one of their
 * names.
 */
public final class BuiltInTools {

    public static final String GENERATE_IMAGE = "generate_image";
    public static final String SEARCH_KNOWLEDGE = "search_knowledge";

    public static final ToolDefinition IMAGE = new ToolDefinition(GENERATE_IMAGE,
            "Generate a picture from a description; the picture is shown to the user with the reply.",
            """
            {"type":"object","properties":{"prompt":{"type":"string","description":"what the picture shows",\
            "maxLength":4000}},"required":["prompt"],"additionalProperties":false}""",
            null, Set.of(), ApprovalMode.NONE, 120, true);

    public static final ToolDefinition KNOWLEDGE = new ToolDefinition(SEARCH_KNOWLEDGE,
            "Search the organisation's uploaded documents for passages about a question.",
            """
            {"type":"object","properties":{"query":{"type":"string","description":"what to look for",\
            "maxLength":2000},"topK":{"type":"integer","minimum":1,"maximum":20}},"required":["query"],\
            "additionalProperties":false}""",
            null, Set.of(), ApprovalMode.NONE, 30, true);

    public static final List<ToolDefinition> ALL = List.of(IMAGE, KNOWLEDGE);

    private BuiltInTools() {
    }

    public static Optional<ToolDefinition> named(String name) {
        return ALL.stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    public static boolean isBuiltIn(String name) {
        return named(name).isPresent();
    }
}
