package io.assistantcore.projections.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.LeadEvents;
import io.assistantcore.messages.lead.LeadEvents.LeadClassified;
import io.assistantcore.messages.lead.LeadEvents.LeadFieldsExtracted;
import io.assistantcore.messages.lead.LeadEvents.LeadReady;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyApproved;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDraftFailed;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDraftRequested;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyDrafted;
import io.assistantcore.messages.lead.LeadEvents.LeadReplySent;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewRequired;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewed;
import io.assistantcore.messages.lead.LeadEvents.LeadScored;
import io.assistantcore.messages.lead.LeadEvents.LeadSubmitted;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundSecret;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsConfigured;
import io.assistantcore.messages.lead.LeadStatus;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointConfigured;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointDisabled;
import io.assistantcore.platform.privacy.SecretsAtRest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lead read model: one row per lead with its intent, fields, score, draft and status; the workflow history
 * (one row per event, keyed by the event's sequence number, so a replay or a second delivery stores it once); each
 * tenant's lead settings and webhook endpoints. Every statement is idempotent.
 */
@Component
@ProcessingGroup(LeadProjection.PROCESSING_GROUP)
public class LeadProjection {

    public static final String PROCESSING_GROUP = "leads";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final SecretsAtRest sealing;

    public LeadProjection(JdbcTemplate jdbc, ObjectMapper json, SecretsAtRest sealing) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
    }

    @EventHandler
    public void on(LeadSubmitted event, @SequenceNumber long seq, @Timestamp Instant at) {
        LeadFields f = event.stated() == null ? LeadFields.EMPTY : event.stated();
        Budget b = f.budget();
        jdbc.update("""
                INSERT INTO lead_view (lead_id, tenant_id, source, external_event_id, message, status, name, email,
                    phone, company, budget_amount, budget_currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lead_id) DO NOTHING""",
                event.leadId(), event.tenantId(), event.source(), event.externalEventId(), event.message(),
                LeadStatus.SUBMITTED.name(), f.name(), f.email(), f.phone(), f.company(),
                b == null ? null : b.amount(), b == null ? null : b.currency(), ts(at), ts(at));
        history(event.leadId(), event.tenantId(), seq, "submitted", at, "from " + event.source());
    }

    @EventHandler
    public void on(LeadClassified event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE lead_view SET intent = ?, confidence = ?, decided_by = ?, intent_reason = ?,
                    low_confidence = ?, status = ?, updated_at = ?
                WHERE lead_id = ? AND decided_by IS DISTINCT FROM 'REVIEWER'""", event.intent().name(),
                event.confidence(), event.decidedBy().name(), event.reason(), event.lowConfidence(),
                LeadStatus.CLASSIFIED.name(), ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "classified", at, String.format(Locale.ROOT,
                "%s, confidence %.2f, by %s%s", event.intent().wireName(), event.confidence(), event.decidedBy(),
                event.lowConfidence() ? " (low confidence)" : ""));
    }

    @EventHandler
    public void on(LeadFieldsExtracted event, @SequenceNumber long seq, @Timestamp Instant at) {
        fields(event.leadId(), event.fields(), at);
        jdbc.update("UPDATE lead_view SET status = ? WHERE lead_id = ? AND status IN ('SUBMITTED', 'CLASSIFIED')",
                LeadStatus.EXTRACTED.name(), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "fields_extracted", at, event.fields().known()
                + " of 5 fields known, by " + event.extractedBy());
    }

    @EventHandler
    public void on(LeadScored event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("UPDATE lead_view SET score = ?, score_reasons = ?::jsonb, updated_at = ? WHERE lead_id = ?",
                event.score().value(), write(event.score().reasons()), ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "scored", at, "score " + event.score().value());
    }

    @EventHandler
    public void on(LeadReviewRequired event, @SequenceNumber long seq, @Timestamp Instant at) {
        status(event.leadId(), LeadStatus.NEEDS_REVIEW, at);
        history(event.leadId(), event.tenantId(), seq, "review_required", at, String.format(Locale.ROOT,
                "confidence %.2f below %.2f", event.confidence(), event.threshold()));
    }

    @EventHandler
    public void on(LeadReady event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("UPDATE lead_view SET status = CASE WHEN decided_by = 'REVIEWER' THEN 'REVIEWED' ELSE 'READY' END,"
                + " updated_at = ? WHERE lead_id = ?", ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "ready", at, null);
    }

    @EventHandler
    public void on(LeadReviewed event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE lead_view SET intent = ?, confidence = 1.0, decided_by = 'REVIEWER', intent_reason = ?,
                    low_confidence = FALSE, updated_at = ?,
                    status = CASE WHEN status IN ('NEEDS_REVIEW', 'READY', 'REVIEWED') THEN 'REVIEWED' ELSE status END
                WHERE lead_id = ?""", event.intent().name(), event.intentCorrected()
                ? "Corrected by a reviewer (was " + event.previousIntent().wireName() + ")" : "Confirmed by a reviewer",
                ts(at), event.leadId());
        fields(event.leadId(), event.fields(), at);
        history(event.leadId(), event.tenantId(), seq, "reviewed", at, "by " + event.userId()
                + (event.intentCorrected() ? ", intent corrected to " + event.intent().wireName() : ""));
    }

    @EventHandler
    public void on(LeadReplyDraftRequested event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("""
                UPDATE lead_view SET draft_session_id = ?, draft_suggestion_id = ?, draft_status = 'STREAMING',
                    draft_text = NULL, status = ?, updated_at = ? WHERE lead_id = ?""", event.sessionId(),
                event.suggestionId(), LeadStatus.DRAFTING.name(), ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "reply_draft_requested", at, "by " + event.userId());
    }

    @EventHandler
    public void on(LeadReplyDrafted event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("UPDATE lead_view SET draft_text = ?, draft_status = 'COMPLETED', status = ?, updated_at = ? "
                + "WHERE lead_id = ?", event.text(), LeadStatus.DRAFTED.name(), ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "reply_drafted", at, null);
    }

    @EventHandler
    public void on(LeadReplyDraftFailed event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("UPDATE lead_view SET draft_status = 'FAILED', status = CASE WHEN decided_by = 'REVIEWER' "
                + "THEN 'REVIEWED' ELSE 'READY' END, updated_at = ? WHERE lead_id = ?", ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "reply_draft_failed", at, event.reason());
    }

    @EventHandler
    public void on(LeadReplyApproved event, @SequenceNumber long seq, @Timestamp Instant at) {
        jdbc.update("UPDATE lead_view SET final_text = ?, edited = ?, status = ?, updated_at = ? WHERE lead_id = ?",
                event.text(), event.edited(), LeadStatus.APPROVED.name(), ts(at), event.leadId());
        history(event.leadId(), event.tenantId(), seq, "reply_approved", at, "by " + event.userId()
                + (event.edited() ? ", edited" : ""));
    }

    @EventHandler
    public void on(LeadReplySent event, @SequenceNumber long seq, @Timestamp Instant at) {
        status(event.leadId(), LeadStatus.SENT, at);
        history(event.leadId(), event.tenantId(), seq, "reply_sent", at, "delivery " + event.deliveryId());
    }

    @EventHandler
    public void on(LeadSettingsConfigured event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO lead_settings_view (tenant_id, review_below, scoring, inbound_secrets, updated_at)
                VALUES (?, ?, ?::jsonb, ?::jsonb, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET review_below = EXCLUDED.review_below,
                    scoring = EXCLUDED.scoring, inbound_secrets = EXCLUDED.inbound_secrets,
                    updated_at = EXCLUDED.updated_at""", event.tenantId(), event.reviewBelowConfidence(),
                write(event.scoring()), write(sealed(event.tenantId(), event.inboundSecrets())), ts(at));
    }

    /**
     * The inbound secrets as the read model keeps them: sealed under the tenant's key for secrets, never in clear; a
     * secret that no longer reads (its key destroyed, seen on a replay) is left out.
     */
    private List<InboundSecret> sealed(String tenantId, List<InboundSecret> secrets) {
        List<InboundSecret> sealed = new ArrayList<>();
        for (InboundSecret secret : secrets) {
            String value = sealing.seal(tenantId, secret.secret());
            if (value != null) {
                sealed.add(new InboundSecret(secret.source(), secret.scheme(), value));
            }
        }
        return sealed;
    }

    @EventHandler
    public void on(WebhookEndpointConfigured event, @Timestamp Instant at) {
        // sealed under the tenant's key for secrets; null when kept (or no longer readable: then the stored one stays)
        String secret = sealing.seal(event.tenantId(), event.secret());
        jdbc.update("""
                INSERT INTO webhook_endpoint_view (endpoint_id, tenant_id, url, event_types, enabled, secret,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, endpoint_id) DO UPDATE SET url = EXCLUDED.url, event_types = EXCLUDED.event_types,
                    enabled = EXCLUDED.enabled, disabled_reason = NULL,
                    secret = COALESCE(?, webhook_endpoint_view.secret), updated_at = EXCLUDED.updated_at""",
                event.endpointId(), event.tenantId(), event.url(), write(event.eventTypes()), event.enabled(),
                secret == null ? "" : secret, ts(at), ts(at), secret);
    }

    @EventHandler
    public void on(WebhookEndpointDisabled event, @Timestamp Instant at) {
        jdbc.update("UPDATE webhook_endpoint_view SET enabled = FALSE, disabled_reason = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND endpoint_id = ?", event.reason(), ts(at), event.tenantId(), event.endpointId());
    }

    /** A forgotten lead keeps its workflow but none of its personal texts. */
    @EventHandler
    public void on(MemberDataForgotten event) {
        if (event.userId() == null || !event.userId().startsWith("lead:")) {
            return;
        }
        String forgotten = PersonalData.FORGOTTEN;
        jdbc.update("""
                UPDATE lead_view SET message = ?, name = NULL, email = NULL, phone = NULL, company = NULL,
                    draft_text = CASE WHEN draft_text IS NULL THEN NULL ELSE ? END,
                    final_text = CASE WHEN final_text IS NULL THEN NULL ELSE ? END
                WHERE tenant_id = ? AND lead_id = ?""", forgotten, forgotten, forgotten, event.tenantId(),
                event.userId().substring("lead:".length()));
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM lead_history_view");
        jdbc.update("DELETE FROM lead_view");
        jdbc.update("DELETE FROM lead_settings_view");
        jdbc.update("DELETE FROM webhook_endpoint_view");
    }

    private void fields(String leadId, LeadFields f, Instant at) {
        Budget b = f.budget();
        jdbc.update("""
                UPDATE lead_view SET name = ?, email = ?, phone = ?, company = ?, budget_amount = ?,
                    budget_currency = ?, updated_at = ? WHERE lead_id = ?""", f.name(), f.email(), f.phone(),
                f.company(), b == null ? null : b.amount(), b == null ? null : b.currency(), ts(at), leadId);
    }

    private void status(String leadId, LeadStatus status, Instant at) {
        jdbc.update("UPDATE lead_view SET status = ?, updated_at = ? WHERE lead_id = ?", status.name(), ts(at),
                leadId);
    }

    private void history(String leadId, String tenantId, long seq, String type, Instant at, String detail) {
        jdbc.update("INSERT INTO lead_history_view (lead_id, seq, tenant_id, type, at, detail) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (lead_id, seq) DO NOTHING", leadId, seq, tenantId, type, ts(at), detail);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static java.sql.Timestamp ts(Instant at) {
        return java.sql.Timestamp.from(at);
    }

    static String subject(String leadId) {
        return LeadEvents.subjectOf(leadId);
    }
}
