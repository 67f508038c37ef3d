package io.assistantcore.query.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.lead.IntentDecider;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadQueries.BudgetView;
import io.assistantcore.messages.lead.LeadQueries.DraftView;
import io.assistantcore.messages.lead.LeadQueries.FieldsView;
import io.assistantcore.messages.lead.LeadQueries.HistoryEntry;
import io.assistantcore.messages.lead.LeadQueries.IntentView;
import io.assistantcore.messages.lead.LeadQueries.LeadPage;
import io.assistantcore.messages.lead.LeadQueries.LeadSummary;
import io.assistantcore.messages.lead.LeadQueries.LeadView;
import io.assistantcore.messages.lead.LeadQueries.ScoreView;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundSecret;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsView;
import io.assistantcore.messages.lead.LeadStatus;
import io.assistantcore.messages.lead.ScoringWeights;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointView;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookSubscriber;
import io.assistantcore.platform.privacy.SecretsAtRest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the lead read model: leads, their history, lead settings and webhook endpoints. Every read names a tenant. */
@Component
public class LeadReadModel {

    static final int MAX_LIMIT = 100;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final SecretsAtRest sealing;

    public LeadReadModel(JdbcTemplate jdbc, ObjectMapper json, SecretsAtRest sealing) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
    }

    public Optional<LeadView> lead(String tenantId, String leadId) {
        List<LeadView> rows = jdbc.query("SELECT * FROM lead_view WHERE tenant_id = ? AND lead_id = ?",
                (rs, n) -> view(rs), tenantId, leadId);
        return rows.stream().findFirst();
    }

    public LeadPage leads(String tenantId, LeadStatus status, LeadIntent intent, int limit, String before) {
        int size = Math.max(1, Math.min(MAX_LIMIT, limit));
        StringBuilder sql = new StringBuilder("SELECT lead_id, source, status, intent, confidence, low_confidence, "
                + "score, name, company, created_at FROM lead_view WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        if (intent != null) {
            sql.append(" AND intent = ?");
            args.add(intent.name());
        }
        if (before != null) {
            sql.append(" AND (created_at, lead_id) < (SELECT created_at, lead_id FROM lead_view "
                    + "WHERE tenant_id = ? AND lead_id = ?)");
            args.add(tenantId);
            args.add(before);
        }
        sql.append(" ORDER BY created_at DESC, lead_id DESC LIMIT ?");
        args.add(size + 1);
        List<LeadSummary> rows = jdbc.query(sql.toString(), (rs, n) -> new LeadSummary(rs.getString("lead_id"),
                rs.getString("source"), LeadStatus.valueOf(rs.getString("status")), intent(rs),
                nullableDouble(rs, "confidence"), rs.getBoolean("low_confidence"), nullableInt(rs, "score"),
                rs.getString("name"), rs.getString("company"), rs.getTimestamp("created_at").toInstant()),
                args.toArray());
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = rows.get(size - 1).leadId();
        }
        return new LeadPage(List.copyOf(rows), next);
    }

    public LeadSettingsView settings(String tenantId) {
        List<LeadSettingsView> rows = jdbc.query("SELECT * FROM lead_settings_view WHERE tenant_id = ?",
                (rs, n) -> new LeadSettingsView(tenantId, rs.getDouble("review_below"),
                        read(rs.getString("scoring"), new TypeReference<ScoringWeights>() { }),
                        opened(tenantId, read(rs.getString("inbound_secrets"),
                                new TypeReference<List<InboundSecret>>() { }))),
                tenantId);
        return rows.isEmpty() ? LeadSettingsView.defaults(tenantId) : rows.get(0);
    }

    public List<WebhookEndpointView> endpoints(String tenantId) {
        return jdbc.query("SELECT * FROM webhook_endpoint_view WHERE tenant_id = ? ORDER BY created_at, endpoint_id",
                (rs, n) -> endpoint(rs), tenantId);
    }

    public Optional<WebhookEndpointView> endpoint(String tenantId, String endpointId) {
        return jdbc.query("SELECT * FROM webhook_endpoint_view WHERE tenant_id = ? AND endpoint_id = ?",
                (rs, n) -> endpoint(rs), tenantId, endpointId).stream().findFirst();
    }

    /** The enabled subscribers whose signing secret opens (an endpoint whose secret was forgotten gets nothing). */
    public List<WebhookSubscriber> subscribers(String tenantId, String eventType) {
        return jdbc.query("SELECT endpoint_id, url, secret FROM webhook_endpoint_view WHERE tenant_id = ? AND enabled "
                        + "AND event_types @> jsonb_build_array(?::text) ORDER BY endpoint_id",
                (rs, n) -> subscriber(tenantId, rs.getString(1), rs.getString(2), rs.getString(3)),
                tenantId, eventType).stream().filter(java.util.Objects::nonNull).toList();
    }

    public Optional<WebhookSubscriber> secret(String tenantId, String endpointId) {
        return jdbc.query("SELECT endpoint_id, url, secret FROM webhook_endpoint_view WHERE tenant_id = ? "
                        + "AND endpoint_id = ? AND enabled",
                (rs, n) -> subscriber(tenantId, rs.getString(1), rs.getString(2), rs.getString(3)),
                tenantId, endpointId).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private WebhookSubscriber subscriber(String tenantId, String endpointId, String url, String sealed) {
        return sealing.open(tenantId, sealed).map(secret -> new WebhookSubscriber(endpointId, url, secret))
                .orElse(null);
    }

    /** The inbound secrets that open; one that does not (its key destroyed) is as if it was never set. */
    private List<InboundSecret> opened(String tenantId, List<InboundSecret> sealed) {
        List<InboundSecret> secrets = new java.util.ArrayList<>();
        for (InboundSecret secret : sealed) {
            sealing.open(tenantId, secret.secret()).ifPresent(value ->
                    secrets.add(new InboundSecret(secret.source(), secret.scheme(), value)));
        }
        return secrets;
    }

    private WebhookEndpointView endpoint(ResultSet rs) throws SQLException {
        return new WebhookEndpointView(rs.getString("endpoint_id"), rs.getString("tenant_id"), rs.getString("url"),
                read(rs.getString("event_types"), new TypeReference<List<String>>() { }), rs.getBoolean("enabled"),
                rs.getString("disabled_reason"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private LeadView view(ResultSet rs) throws SQLException {
        String leadId = rs.getString("lead_id");
        LeadIntent intent = intent(rs);
        IntentView intentView = intent == null ? null : new IntentView(intent, nullableDouble(rs, "confidence"),
                rs.getString("decided_by") == null ? null : IntentDecider.valueOf(rs.getString("decided_by")),
                rs.getString("intent_reason"));
        BigDecimal amount = rs.getBigDecimal("budget_amount");
        FieldsView fields = new FieldsView(rs.getString("name"), rs.getString("email"), rs.getString("phone"),
                rs.getString("company"), amount == null ? null
                : new BudgetView(amount.stripTrailingZeros().scale() < 0 ? amount.setScale(0)
                : amount.stripTrailingZeros(), rs.getString("budget_currency")));
        Integer score = nullableInt(rs, "score");
        ScoreView scoreView = score == null ? null : new ScoreView(score,
                read(rs.getString("score_reasons"), new TypeReference<List<String>>() { }));
        DraftView draft = rs.getString("draft_suggestion_id") == null && rs.getString("final_text") == null ? null
                : new DraftView(rs.getString("draft_session_id"), rs.getString("draft_suggestion_id"),
                rs.getString("draft_status"), rs.getString("draft_text"), rs.getString("final_text"),
                (Boolean) rs.getObject("edited"));
        List<HistoryEntry> history = jdbc.query("SELECT seq, type, at, detail FROM lead_history_view "
                        + "WHERE tenant_id = ? AND lead_id = ? ORDER BY seq",
                (h, n) -> new HistoryEntry(h.getLong(1), h.getString(2), h.getTimestamp(3).toInstant(),
                        h.getString(4)), rs.getString("tenant_id"), leadId);
        return new LeadView(leadId, rs.getString("tenant_id"), rs.getString("source"),
                rs.getString("external_event_id"), rs.getString("message"), intentView, fields,
                rs.getBoolean("low_confidence"), scoreView, LeadStatus.valueOf(rs.getString("status")), draft,
                history, rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static LeadIntent intent(ResultSet rs) throws SQLException {
        String value = rs.getString("intent");
        return value == null ? null : LeadIntent.valueOf(value);
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON column", e);
        }
    }
}
