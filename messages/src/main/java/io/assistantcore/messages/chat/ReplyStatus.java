package io.assistantcore.messages.chat;

/** Where a reply is in its lifecycle (API.md "Conversations"). */
public enum ReplyStatus {
    PENDING,
    SCREENING,
    ROUTING,
    RETRIEVING,
    STREAMING,
    AWAITING_APPROVAL,
    COMPLETED,
    REFUSED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == REFUSED || this == FAILED || this == CANCELLED;
    }
}
