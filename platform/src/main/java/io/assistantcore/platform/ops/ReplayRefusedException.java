package io.assistantcore.platform.ops;

/**
 * A replay that {@link ProjectionOperations} does not start, with the reason and a message the caller can read
 * (the api module answers it as Problem Details).
 */
public class ReplayRefusedException extends RuntimeException {

    /** Why a replay was refused. */
    public enum Reason {
        /** there is no event processor of that name */
        UNKNOWN_PROCESSOR,
        /** the processor has side effects, or its tokens could not be reset */
        NOT_REPLAYABLE,
        /** a replay of the processor is already running */
        ALREADY_REPLAYING
    }

    private final Reason reason;

    public ReplayRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
