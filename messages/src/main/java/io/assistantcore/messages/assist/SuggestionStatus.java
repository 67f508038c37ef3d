package io.assistantcore.messages.assist;

/**
 * Life cycle of a suggestion: {@code REQUESTED → STREAMING → COMPLETED | FAILED | CANCELLED}, and a completed one
 * is then {@code APPROVED} or {@code REJECTED}. Regenerating starts a new attempt in {@code REQUESTED}.
 */
public enum SuggestionStatus {
    REQUESTED,
    STREAMING,
    COMPLETED,
    FAILED,
    CANCELLED,
    APPROVED,
    REJECTED;

    public boolean isRunning() {
        return this == REQUESTED || this == STREAMING;
    }

    public boolean isFinished() {
        return !isRunning();
    }
}
