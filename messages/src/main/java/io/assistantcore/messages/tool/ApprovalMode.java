package io.assistantcore.messages.tool;

/** Who must approve a call of a tool before it runs. */
public enum ApprovalMode {
    /** Runs as soon as the requester's roles allow it. */
    NONE,
    /** The user who asked for it approves (or denies) it. */
    REQUESTER,
    /** A tenant administrator approves (or denies) it. */
    ADMIN
}
