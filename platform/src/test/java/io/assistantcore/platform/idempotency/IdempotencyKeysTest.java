package io.assistantcore.platform.idempotency;

import io.assistantcore.platform.idempotency.IdempotencyKeys.Existing;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Claimed keys on a real PostgreSQL: one winner, what a repeat gets, give-ups, expiry and abandoned claims. */
class IdempotencyKeysTest {

    private static DataSource dataSource;
    private static IdempotencyKeys keys;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/idempotency");
        keys = new IdempotencyKeys(dataSource, Duration.ofHours(24), Duration.ofMinutes(2));
    }

    @Test
    void theFirstClaimWinsAndARepeatGetsItsResultOnceCompleted() {
        String scope = scope();
        assertThat(keys.claim(scope, "k-1", "f1", "m-1 r-1")).isEmpty();
        assertThat(keys.claim(scope, "k-1", "f1", "m-2 r-2")).contains(new Existing("f1", "m-1 r-1", false));

        keys.complete(scope, "k-1");

        assertThat(keys.claim(scope, "k-1", "f2", "m-3 r-3")).contains(new Existing("f1", "m-1 r-1", true));
        assertThat(keys.claim(scope(), "k-1", "f1", "m-4 r-4")).as("another scope, another key").isEmpty();
    }

    @Test
    void aReleasedClaimMayBeClaimedAgainButACompletedOneStays() {
        String scope = scope();
        keys.claim(scope, "k", "f", "first");
        keys.release(scope, "k");
        assertThat(keys.claim(scope, "k", "f", "second")).isEmpty();
        keys.complete(scope, "k");
        keys.release(scope, "k");
        assertThat(keys.claim(scope, "k", "f", "third")).contains(new Existing("f", "second", true));
    }

    @Test
    void anAbandonedClaimOrAnExpiredKeyIsClaimedAfresh() {
        String scope = scope();
        keys.claim(scope, "pending", "f", "abandoned");
        keys.claim(scope, "done", "f", "old");
        keys.complete(scope, "done");
        age(scope, Duration.ofMinutes(3));

        assertThat(keys.claim(scope, "pending", "f", "new")).as("never completed, past the pending timeout").isEmpty();
        assertThat(keys.claim(scope, "done", "f", "new")).as("completed and within the retention")
                .contains(new Existing("f", "old", true));

        age(scope, Duration.ofHours(25));
        assertThat(keys.removeExpired()).isGreaterThanOrEqualTo(2);
        assertThat(keys.claim(scope, "done", "f", "newer")).isEmpty();
    }

    @Test
    void ofManyConcurrentClaimsOfOneKeyExactlyOneWins() throws Exception {
        String scope = scope();
        int claimants = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimants);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Existing>>> claims = new ArrayList<>();
        for (int i = 0; i < claimants; i++) {
            String result = "result-" + i;
            Callable<Optional<Existing>> claim = () -> {
                start.await();
                return keys.claim(scope, "same", "f", result);
            };
            claims.add(pool.submit(claim));
        }
        start.countDown();
        List<Optional<Existing>> outcomes = new ArrayList<>();
        for (Future<Optional<Existing>> claim : claims) {
            outcomes.add(claim.get());
        }
        pool.shutdown();

        assertThat(outcomes.stream().filter(Optional::isEmpty).count()).isEqualTo(1);
        String winner = new JdbcTemplate(dataSource).queryForObject(
                "SELECT result FROM idempotency_key WHERE scope = ? AND idem_key = 'same'", String.class, scope);
        assertThat(outcomes).filteredOn(Optional::isPresent)
                .allSatisfy(outcome -> assertThat(outcome.get().result()).isEqualTo(winner));
    }

    private static String scope() {
        return "acme/alice/conversation/" + UUID.randomUUID();
    }

    private static void age(String scope, Duration by) {
        new JdbcTemplate(dataSource).update("UPDATE idempotency_key SET created_at = created_at - "
                + "make_interval(secs => ?) WHERE scope = ?", (double) by.toSeconds(), scope);
    }
}
