package io.assistantcore.ai.webhook;

import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal payloads leave the delivery rows: once delivered, after the retention, when the lead is forgotten. */
class WebhookOutboxSweepTest {

    private static JdbcTemplate jdbc;
    private static WebhookOutbox outbox;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/aiworkers"));
        outbox = new WebhookOutbox(jdbc);
    }

    private static String enqueue(String tenant, String leadId, boolean personal, Instant at) {
        String id = "dlv_" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(outbox.enqueue(id, tenant, "ep", "https://crm.example.com/hook", "lead.reply_approved",
                "evt-" + id, "msg_" + id, "{\"data\":{\"to\":{\"email\":\"jane@initech.com\"}}}", leadId, personal,
                at)).isTrue();
        return id;
    }

    private static String payload(String deliveryId) {
        return jdbc.queryForObject("SELECT payload FROM webhook_delivery WHERE delivery_id = ?", String.class,
                deliveryId);
    }

    private static String status(String deliveryId) {
        return jdbc.queryForObject("SELECT status FROM webhook_delivery WHERE delivery_id = ?", String.class,
                deliveryId);
    }

    @Test
    void aDeliveredPersonalPayloadIsSweptAtOnceAndOthersAreKept() {
        Instant now = Instant.now();
        String personal = enqueue("t1", "lead-1", true, now);
        String plain = enqueue("t1", null, false, now);
        outbox.recordAttempt(personal, 1, now, 200, null, WebhookOutbox.DELIVERED, null);
        outbox.recordAttempt(plain, 1, now, 200, null, WebhookOutbox.DELIVERED, null);
        assertThat(payload(personal)).isNull();
        assertThat(payload(plain)).isNotNull();
        assertThat(outbox.list("t1", null, null, 10)).extracting(v -> v.log().size()).containsOnly(1);
    }

    @Test
    void undeliveredPersonalPayloadsAreSweptAfterTheRetentionAndCannotBeSentAgain() {
        Instant now = Instant.now();
        String old = enqueue("t2", "lead-2", true, now.minus(Duration.ofDays(8)));
        String waiting = enqueue("t2", "lead-3", true, now.minus(Duration.ofDays(8)));
        String recent = enqueue("t2", "lead-4", true, now.minus(Duration.ofHours(1)));
        String plain = enqueue("t2", null, false, now.minus(Duration.ofDays(8)));
        outbox.recordAttempt(old, 8, now.minus(Duration.ofDays(7)), 500, null, WebhookOutbox.DEAD_LETTERED, null);

        assertThat(outbox.sweepPersonalPayloads(now.minus(Duration.ofDays(7)), now)).isEqualTo(2);
        assertThat(payload(old)).isNull();
        assertThat(payload(waiting)).isNull();
        assertThat(status(waiting)).isEqualTo(WebhookOutbox.DEAD_LETTERED);
        assertThat(payload(recent)).isNotNull();
        assertThat(payload(plain)).isNotNull();
        assertThat(outbox.swept("t2", old)).isTrue();
        assertThat(outbox.retryNow("t2", old, now)).isFalse();
        assertThat(outbox.claimDue(now.plusSeconds(60), Duration.ofSeconds(30), 50))
                .extracting(WebhookOutbox.Due::deliveryId).doesNotContain(old, waiting);
    }

    @Test
    void aForgottenLeadsPayloadsAreSweptWhateverTheirState() {
        Instant now = Instant.now();
        String pending = enqueue("t3", "lead-9", true, now);
        String otherLead = enqueue("t3", "lead-10", true, now);
        String otherTenant = enqueue("t4", "lead-9", true, now);
        assertThat(outbox.sweepLead("t3", "lead-9", now)).isEqualTo(1);
        assertThat(payload(pending)).isNull();
        assertThat(status(pending)).isEqualTo(WebhookOutbox.CANCELLED);
        assertThat(payload(otherLead)).isNotNull();
        assertThat(payload(otherTenant)).isNotNull();
    }
}
