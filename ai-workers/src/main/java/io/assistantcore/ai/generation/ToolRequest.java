package io.assistantcore.ai.generation;

/**
 * A model's request to call a tool.
 *
 * @param id        the provider's id of the request, echoed with the result
 * @param arguments the arguments as JSON text
 */
public record ToolRequest(String id, String name, String arguments) {
}
