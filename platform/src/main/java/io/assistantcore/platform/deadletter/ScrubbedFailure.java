package io.assistantcore.platform.deadletter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure described without anything it may quote: the exception types of its chain and, for database errors,
 * the SQLState. Exception messages are left out on purpose, since PostgreSQL's (detail, where, "Failing row
 * contains ...") and others' quote the data that failed, and that data may be personal.
 */
public final class ScrubbedFailure extends RuntimeException {

    private ScrubbedFailure(String description) {
        super(description, null, false, false);
    }

    public static ScrubbedFailure of(Throwable failure) {
        return new ScrubbedFailure(describe(failure));
    }

    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        String sqlState = null;
        int depth = 0;
        for (Throwable current = failure; current != null && depth < 10; current = current.getCause(), depth++) {
            parts.add(current.getClass().getSimpleName());
            if (sqlState == null && current instanceof SQLException sql && sql.getSQLState() != null) {
                sqlState = sql.getSQLState();
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return String.join(" <- ", parts) + (sqlState == null ? "" : " (SQLState " + sqlState + ")");
    }
}
