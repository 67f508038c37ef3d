package io.assistantcore.platform.idempotency;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Idempotency-Key}s clients sent, so that a request repeated with the same key (a retry after a lost
 * response) answers what the first one did instead of taking effect again. A request <em>claims</em> its key (one
 * row, keyed by the scope the key is valid in — such as one user's conversation — and the key) before it sends its
 * command, and <em>completes</em> it once the command succeeded; a failed request gives the key up, so a retry can
 * try again. The row holds a fingerprint of the request (the same key with a different request is refused) and what
 * the first request answered (its ids).
 * <p>
 * Bounded: a key is kept for the retention and then swept; a claim that was never completed (its node died between
 * the claim and the command) counts as abandoned after the pending timeout and may be claimed again. Concurrent
 * claims of one key meet on the primary key: exactly one wins. Times are the database's ({@code now()}).
 */
public class IdempotencyKeys {

    /** What an earlier request with the same key left. */
    public record Existing(String fingerprint, String result, boolean completed) {
    }

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final Duration pendingTimeout;

    /**
     * @param retention      how long a key is remembered
     * @param pendingTimeout after how long a claim that was never completed counts as abandoned
     */
    public IdempotencyKeys(DataSource dataSource, Duration retention, Duration pendingTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.retention = retention;
        this.pendingTimeout = pendingTimeout;
    }

    /**
     * Claims {@code key} in {@code scope} for a request with {@code fingerprint} that will answer {@code result}.
     *
     * @return empty when this request holds the key now; else what the earlier request with that key left (still
     * running when not {@code completed})
     */
    public Optional<Existing> claim(String scope, String key, String fingerprint, String result) {
        for (int round = 0; round < 2; round++) {
            int inserted = jdbc.update("""
                    INSERT INTO idempotency_key (scope, idem_key, fingerprint, result, completed, created_at)
                    VALUES (?, ?, ?, ?, FALSE, now()) ON CONFLICT (scope, idem_key) DO NOTHING""",
                    scope, key, fingerprint, result);
            if (inserted == 1) {
                return Optional.empty();
            }
            // an expired key, or a claim abandoned half-way, is gone for good: whoever deletes it claims afresh
            int dropped = jdbc.update("""
                    DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ?
                    AND (created_at < now() - make_interval(secs => ?)
                         OR NOT completed AND created_at < now() - make_interval(secs => ?))""",
                    scope, key, seconds(retention), seconds(pendingTimeout));
            if (dropped == 0) {
                List<Existing> existing = jdbc.query(
                        "SELECT fingerprint, result, completed FROM idempotency_key WHERE scope = ? AND idem_key = ?",
                        (row, i) -> new Existing(row.getString(1), row.getString(2), row.getBoolean(3)), scope, key);
                if (!existing.isEmpty()) {
                    return Optional.of(existing.get(0));
                }
            }
        }
        // claimed and given up by others twice meanwhile: say it is busy rather than loop
        return Optional.of(new Existing(fingerprint, result, false));
    }

    /** The request that claimed {@code key} took effect: later ones with the key get its result. */
    public void complete(String scope, String key) {
        jdbc.update("UPDATE idempotency_key SET completed = TRUE WHERE scope = ? AND idem_key = ?", scope, key);
    }

    /** The request that claimed {@code key} failed without effect: a retry with the key may try again. */
    public void release(String scope, String key) {
        jdbc.update("DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ? AND NOT completed", scope, key);
    }

    /** Deletes keys older than the retention; returns how many. */
    public int removeExpired() {
        return jdbc.update("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)",
                seconds(retention));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
