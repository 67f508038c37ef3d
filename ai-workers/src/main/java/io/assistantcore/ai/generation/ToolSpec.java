package io.assistantcore.ai.generation;

/** A tool a model may call in a chat reply: its name, what it does, and its parameters' JSON Schema (JSON text). */
public record ToolSpec(String name, String description, String parameters) {
}
