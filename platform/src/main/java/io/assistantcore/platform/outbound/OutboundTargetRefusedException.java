package io.assistantcore.platform.outbound;

/** A URL the platform will not call; the message says why and names no resolved address. */
public class OutboundTargetRefusedException extends RuntimeException {

    public OutboundTargetRefusedException(String reason) {
        super(reason);
    }
}
