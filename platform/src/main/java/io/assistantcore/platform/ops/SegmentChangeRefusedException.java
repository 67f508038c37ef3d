package io.assistantcore.platform.ops;

/**
 * A change of a processor's segment count that {@link ProjectionOperations} does not make, with the reason and a
 * message the caller can read (the api module answers it as Problem Details).
 */
public class SegmentChangeRefusedException extends RuntimeException {

    /** Why a segment change was refused. */
    public enum Reason {
        /** there is no event processor of that name */
        UNKNOWN_PROCESSOR,
        /** the processor keeps no segments (subscribing), is not running, replays, or another node holds a segment */
        NOT_POSSIBLE
    }

    private final Reason reason;

    public SegmentChangeRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
