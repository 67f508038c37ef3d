package io.assistantcore.ai.provider;

/**
 * The messages sent to a model for one request.
 *
 * @param systemMessage the system message (rules, answer format)
 * @param userMessage   the task with the text and the context block
 * @param version       the template version that rendered them
 */
public record RenderedPrompt(String systemMessage, String userMessage, String version) {
}
