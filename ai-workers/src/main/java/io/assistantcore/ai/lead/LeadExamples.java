package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.LeadIntent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The tenant's reviewed leads as labelled examples of the classifier: the embedding of the lead's text and the
 * intent a reviewer gave it (the text itself is not kept). At most {@value #MAX_PER_TENANT} per tenant, the newest.
 */
public class LeadExamples {

    static final int MAX_PER_TENANT = 2_000;

    private final JdbcTemplate jdbc;

    public LeadExamples(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String tenantId, String leadId, LeadIntent intent, float[] vector, Instant at) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO lead_example (tenant_id, lead_id, intent, vector, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, lead_id) DO UPDATE SET intent = EXCLUDED.intent,
                        vector = EXCLUDED.vector, created_at = EXCLUDED.created_at""");
            statement.setString(1, tenantId);
            statement.setString(2, leadId);
            statement.setString(3, intent.name());
            statement.setArray(4, connection.createArrayOf("real", boxed));
            statement.setTimestamp(5, Timestamp.from(at));
            return statement;
        });
        jdbc.update("""
                DELETE FROM lead_example WHERE tenant_id = ? AND lead_id IN (SELECT lead_id FROM lead_example
                    WHERE tenant_id = ? ORDER BY created_at DESC OFFSET ?)""", tenantId, tenantId, MAX_PER_TENANT);
    }

    public List<LabelledLead> of(String tenantId) {
        return jdbc.query("SELECT intent, vector FROM lead_example WHERE tenant_id = ? ORDER BY created_at DESC",
                (rs, n) -> {
                    Array array = rs.getArray("vector");
                    Object[] values = (Object[]) array.getArray();
                    float[] vector = new float[values.length];
                    for (int i = 0; i < values.length; i++) {
                        vector[i] = ((Number) values[i]).floatValue();
                    }
                    return new LabelledLead(LeadIntent.valueOf(rs.getString("intent")), null, vector);
                }, tenantId);
    }

    public void forgetLead(String tenantId, String leadId) {
        jdbc.update("DELETE FROM lead_example WHERE tenant_id = ? AND lead_id = ?", tenantId, leadId);
    }
}
