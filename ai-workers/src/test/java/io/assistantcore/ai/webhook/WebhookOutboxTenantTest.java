package io.assistantcore.ai.webhook;

import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoint ids are the tenant's own: cancelling one tenant's endpoint leaves another's of the same id waiting. */
class WebhookOutboxTenantTest {

    private static JdbcTemplate jdbc;
    private static WebhookOutbox outbox;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/aiworkers"));
        outbox = new WebhookOutbox(jdbc);
    }

    private static String enqueue(String tenant) {
        String id = "dlv_" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(outbox.enqueue(id, tenant, "crm", "https://" + tenant + ".example.com/hook", "lead.classified",
                "evt-" + id, "msg_" + id, "{\"type\":\"lead.classified\"}", null, false, Instant.now())).isTrue();
        return id;
    }

    @Test
    void cancellingOneTenantsEndpointLeavesAnotherTenantsEndpointOfTheSameIdWaiting() {
        String acmeTenant = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        String globexTenant = "globex-" + UUID.randomUUID().toString().substring(0, 6);
        String acme = enqueue(acmeTenant);
        String globex = enqueue(globexTenant);

        outbox.cancelPending(acmeTenant, "crm");

        assertThat(outbox.statusOf(acmeTenant, acme)).contains(WebhookOutbox.CANCELLED);
        assertThat(outbox.statusOf(globexTenant, globex)).contains(WebhookOutbox.PENDING);
    }
}
