package io.assistantcore.messages.tool;

/**
 * Where a tool call is: proposed → awaiting approval → approved | denied | expired → executing → succeeded | failed.
 */
public enum ToolCallStatus {
    PROPOSED,
    AWAITING_APPROVAL,
    APPROVED,
    DENIED,
    EXPIRED,
    EXECUTING,
    SUCCEEDED,
    FAILED;

    /** Nothing more happens to the call. */
    public boolean finished() {
        return this == DENIED || this == EXPIRED || this == SUCCEEDED || this == FAILED;
    }
}
