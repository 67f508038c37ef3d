package io.assistantcore.projections.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundSecret;
import io.assistantcore.platform.privacy.SecretsAtRest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seals the secrets an earlier version kept in clear in {@code lead_settings_view} (inbound secrets) and
 * {@code webhook_endpoint_view} (signing secrets), once the application has started: the key is not in the
 * database, so a SQL migration cannot do it. Each row is updated only if it is still as it was read, so several nodes
 * doing it at once, or the projection writing meanwhile, lose nothing.
 */
@Component
public class SecretSealing {

    private static final Logger log = LoggerFactory.getLogger(SecretSealing.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final SecretsAtRest sealing;

    public SecretSealing(JdbcTemplate jdbc, ObjectMapper json, SecretsAtRest sealing) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
    }

    @EventListener(ContextRefreshedEvent.class)
    public void sealAtStart() {
        int sealed = sealClearSecrets();
        if (sealed > 0) {
            log.info("Sealed {} lead settings and webhook endpoints whose secrets were kept in clear", sealed);
        }
    }

    /** Answers how many rows were sealed. */
    public int sealClearSecrets() {
        int sealed = 0;
        for (Map<String, Object> row : jdbc.queryForList("SELECT endpoint_id, tenant_id, secret "
                + "FROM webhook_endpoint_view WHERE secret <> '' AND secret NOT LIKE 'sec:v1:%'")) {
            String clear = (String) row.get("secret");
            String value = sealing.seal((String) row.get("tenant_id"), clear);
            sealed += jdbc.update("UPDATE webhook_endpoint_view SET secret = ? WHERE tenant_id = ? AND endpoint_id = ? "
                    + "AND secret = ?", value == null ? "" : value, row.get("tenant_id"), row.get("endpoint_id"), clear);
        }
        for (Map<String, Object> row : jdbc.queryForList("SELECT tenant_id, inbound_secrets::text AS secrets "
                + "FROM lead_settings_view WHERE inbound_secrets <> '[]'::jsonb")) {
            String tenantId = (String) row.get("tenant_id");
            String stored = (String) row.get("secrets");
            List<InboundSecret> secrets = read(stored);
            if (secrets.stream().allMatch(s -> SecretsAtRest.isSealed(s.secret()))) {
                continue;
            }
            List<InboundSecret> now = new ArrayList<>();
            for (InboundSecret secret : secrets) {
                String value = SecretsAtRest.isSealed(secret.secret()) ? secret.secret()
                        : sealing.seal(tenantId, secret.secret());
                if (value != null) {
                    now.add(new InboundSecret(secret.source(), secret.scheme(), value));
                }
            }
            sealed += jdbc.update("UPDATE lead_settings_view SET inbound_secrets = ?::jsonb WHERE tenant_id = ? "
                    + "AND inbound_secrets = ?::jsonb", write(now), tenantId, stored);
        }
        return sealed;
    }

    private List<InboundSecret> read(String value) {
        try {
            return json.readValue(value, new TypeReference<List<InboundSecret>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable inbound secrets", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write inbound secrets", e);
        }
    }
}
