package io.assistantcore.platform.deadletter;

/** A dead letter, or the processing group it names, that does not exist (any more). */
public class NoSuchDeadLetterException extends RuntimeException {

    public NoSuchDeadLetterException(String message) {
        super(message);
    }
}
