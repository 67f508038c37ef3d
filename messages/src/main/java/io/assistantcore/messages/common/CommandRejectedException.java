package io.assistantcore.messages.common;

/**
 * A command that the write model refused because it breaks a domain rule. It changes nothing. The {@link Kind}
 * tells an API how to answer, the {@code code} is a stable machine-readable name, the message is for people.
 */
public class CommandRejectedException extends RuntimeException {

    public enum Kind {
        /** The request is well-formed but its values break a rule (HTTP 422/400). */
        INVALID,
        /** The request conflicts with the current state, e.g. it already exists (HTTP 409). */
        CONFLICT,
        /** The thing addressed does not exist (HTTP 404). */
        NOT_FOUND
    }

    /**
     * The code of a worker's command refused because the user cancelled its attempt: the worker then reports what
     * the attempt consumed (its cancelled output) instead.
     */
    public static final String ATTEMPT_CANCELLED = "attempt-cancelled";

    private final Kind kind;
    private final String code;

    public CommandRejectedException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static CommandRejectedException invalid(String code, String message) {
        return new CommandRejectedException(Kind.INVALID, code, message);
    }

    public static CommandRejectedException conflict(String code, String message) {
        return new CommandRejectedException(Kind.CONFLICT, code, message);
    }

    public static CommandRejectedException notFound(String code, String message) {
        return new CommandRejectedException(Kind.NOT_FOUND, code, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
