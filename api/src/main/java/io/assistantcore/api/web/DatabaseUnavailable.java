package io.assistantcore.api.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Recognises a failure that means "the database cannot be reached right now" anywhere in a cause chain, however the
 * command bus, query bus, event store or connection pool wrapped it. Such a failure is answered 503
 * {@code service-unavailable} with {@code Retry-After}, never 500: the request may well succeed a little later.
 */
public final class DatabaseUnavailable {

    /** What {@code Retry-After} says when the database is unreachable. */
    public static final long RETRY_AFTER_SECONDS = 5;
    public static final String TYPE = "service-unavailable";
    public static final String TITLE = "Service unavailable";
    public static final String DETAIL = "The database cannot be reached at the moment; retry after "
            + RETRY_AFTER_SECONDS + " seconds. A write answered like this may or may not have been stored: "
            + "read before you repeat it, or repeat it with the same Idempotency-Key.";

    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable current = failure; current != null && seen.put(current, Boolean.TRUE) == null;
             current = current.getCause()) {
            if (current instanceof DataAccessResourceFailureException // includes CannotGetJdbcConnectionException
                    || current instanceof TransientDataAccessException
                    || current instanceof CannotCreateTransactionException
                    || current instanceof SQLTransientConnectionException
                    || current instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (current instanceof SQLException sql && connectionState(sql.getSQLState())) {
                return true;
            }
            String name = current.getClass().getName();
            if (name.equals("org.hibernate.exception.JDBCConnectionException")
                    || name.equals("org.axonframework.common.jdbc.JdbcException") && connectionCause(current)) {
                return true;
            }
        }
        return false;
    }

    private static boolean connectionCause(Throwable failure) {
        return failure.getCause() instanceof SQLException sql && connectionState(sql.getSQLState());
    }

    /** SQLSTATE class 08 (connection exception), 57P01..57P03 (shut down, crash, cannot connect now). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
