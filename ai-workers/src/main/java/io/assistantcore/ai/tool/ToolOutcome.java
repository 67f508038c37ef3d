package io.assistantcore.ai.tool;

/**
 * What running a tool produced: success with the answer's text, or failure with a reason a person can read.
 *
 * @param httpStatus the host application's status, or null when it did not answer (or for a built-in tool)
 */
public record ToolOutcome(boolean succeeded, Integer httpStatus, String text) {

    public static ToolOutcome success(Integer httpStatus, String text) {
        return new ToolOutcome(true, httpStatus, text);
    }

    public static ToolOutcome failure(Integer httpStatus, String reason) {
        return new ToolOutcome(false, httpStatus, reason);
    }
}
