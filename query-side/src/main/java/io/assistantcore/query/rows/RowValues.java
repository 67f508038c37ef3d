package io.assistantcore.query.rows;

import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Reads the column groups the history views share (token usage, cost, nullable numbers, timestamps) from a row of
 * a read-model table.
 */
public final class RowValues {

    private RowValues() {
    }

    /** The token usage of the row's {@code input_tokens}/{@code output_tokens}/{@code usage_reported}, or null. */
    public static TokenUsage usage(ResultSet rs) throws SQLException {
        Long input = nullableLong(rs, "input_tokens");
        if (input == null) {
            return null;
        }
        return new TokenUsage(input, rs.getLong("output_tokens"), rs.getBoolean("usage_reported"));
    }

    /** The row's {@code cost_amount} in {@code cost_currency} without trailing zeros, or null. */
    public static Money cost(ResultSet rs) throws SQLException {
        BigDecimal amount = rs.getBigDecimal("cost_amount");
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return new Money(stripped.scale() < 0 ? stripped.setScale(0) : stripped, rs.getString("cost_currency"));
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
