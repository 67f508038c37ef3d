package io.assistantcore.platform.toolsecret;

import io.assistantcore.platform.outbound.StandardWebhooks;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Each tenant's tool secret: the Standard Webhooks secret ({@code whsec_…}) that calls to the tenant's tools are
 * signed with. Made on first use (by the first call, or by an administrator asking for it); rotating replaces it at
 * once, so the host application must switch to the new one. Kept in the platform's database, read only by the node
 * that signs a call and by the administrator's rotate request that shows it.
 */
public class ToolSecrets {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ToolSecrets(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The tenant's current secret, made now if it has none. */
    public String secretFor(String tenantId) {
        jdbc.update("INSERT INTO tool_secret (tenant_id, secret, created_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (tenant_id) DO NOTHING", tenantId, StandardWebhooks.newSecret(),
                clock.instant().atOffset(ZoneOffset.UTC));
        List<String> secrets = jdbc.queryForList("SELECT secret FROM tool_secret WHERE tenant_id = ?", String.class,
                tenantId);
        return secrets.get(0);
    }

    /** Replaces the tenant's secret with a new one and answers it. */
    public String rotate(String tenantId) {
        String secret = StandardWebhooks.newSecret();
        jdbc.update("INSERT INTO tool_secret (tenant_id, secret, created_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
                tenantId, secret, clock.instant().atOffset(ZoneOffset.UTC));
        return secret;
    }
}
