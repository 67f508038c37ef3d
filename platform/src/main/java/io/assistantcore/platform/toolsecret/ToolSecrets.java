package io.assistantcore.platform.toolsecret;

import io.assistantcore.platform.outbound.StandardWebhooks;
import io.assistantcore.platform.privacy.SecretsAtRest;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's tool secret: the Standard Webhooks secret ({@code whsec_…}) that calls to the tenant's tools are
 * signed with. Made on first use (by the first call, or by an administrator asking for it); rotating replaces it at
 * once, so the host application must switch to the new one. Kept in the platform's database sealed under the tenant's
 * key for secrets ({@link SecretsAtRest}), read only by the node that signs a call and by the administrator's rotate
 * request that shows it. Once that key is destroyed the stored secret no longer opens, and a new one is made at the
 * next use (the host application must then be given it, as after a rotation).
 */
public class ToolSecrets {

    private final JdbcTemplate jdbc;
    private final SecretsAtRest sealing;
    private final Clock clock;

    public ToolSecrets(DataSource dataSource, SecretsAtRest sealing, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sealing = sealing;
        this.clock = clock;
    }

    /** The tenant's current secret, made now if it has none (or its sealed value no longer opens). */
    public String secretFor(String tenantId) {
        String fresh = StandardWebhooks.newSecret();
        int made = jdbc.update("INSERT INTO tool_secret (tenant_id, secret, created_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (tenant_id) DO NOTHING", tenantId, sealing.seal(tenantId, fresh),
                clock.instant().atOffset(ZoneOffset.UTC));
        if (made == 1) {
            return fresh;
        }
        List<String> stored = jdbc.queryForList("SELECT secret FROM tool_secret WHERE tenant_id = ?", String.class,
                tenantId);
        Optional<String> secret = stored.isEmpty() ? Optional.empty() : sealing.open(tenantId, stored.get(0));
        if (secret.isEmpty()) {
            return rotate(tenantId);
        }
        if (!SecretsAtRest.isSealed(stored.get(0))) {
            // kept in clear before sealing existed: sealed now (and by sealClearSecrets at start-up)
            jdbc.update("UPDATE tool_secret SET secret = ? WHERE tenant_id = ? AND secret = ?",
                    sealing.seal(tenantId, secret.get()), tenantId, stored.get(0));
        }
        return secret.get();
    }

    /** Replaces the tenant's secret with a new one and answers it. */
    public String rotate(String tenantId) {
        String secret = StandardWebhooks.newSecret();
        jdbc.update("INSERT INTO tool_secret (tenant_id, secret, created_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
                tenantId, sealing.seal(tenantId, secret), clock.instant().atOffset(ZoneOffset.UTC));
        return secret;
    }

    /** Seals every secret still kept in clear (stored before sealing existed); answers how many. */
    public int sealClearSecrets() {
        int sealed = 0;
        for (var row : jdbc.queryForList("SELECT tenant_id, secret FROM tool_secret WHERE secret NOT LIKE 'sec:v1:%'")) {
            String tenantId = (String) row.get("tenant_id");
            String clear = (String) row.get("secret");
            String value = sealing.seal(tenantId, clear);
            if (value != null) {
                sealed += jdbc.update("UPDATE tool_secret SET secret = ? WHERE tenant_id = ? AND secret = ?", value,
                        tenantId, clear);
            }
        }
        return sealed;
    }
}
