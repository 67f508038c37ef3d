package io.assistantcore.api.web;

import org.axonframework.queryhandling.QueryExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the database cannot be reached", however deeply they are wrapped. */
class DatabaseUnavailableTest {

    @Test
    void aConnectionFailureIsRecognisedThroughTheGatewaysWrappers() {
        assertThat(DatabaseUnavailable.causedBy(new CompletionException(new QueryExecutionException("query failed",
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"))))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("wrapped",
                new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("boom"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(null)).isFalse();
    }
}
