package io.assistantcore.messages.assist;

/** How the model call whose usage is recorded ended. */
public enum UsageOutcome {
    COMPLETED,
    FAILED,
    /** The provider failed and the next one took over as a new attempt. */
    FAILED_OVER,
    CANCELLED,
    /** A chat reply was refused (guardrail, router, policy or missing documents) instead of answered. */
    REFUSED,
    /** The attempt's worker vanished mid-stream and a new attempt took over; the usage is an estimate. */
    ABANDONED
}
