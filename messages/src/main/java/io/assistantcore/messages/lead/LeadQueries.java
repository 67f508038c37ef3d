package io.assistantcore.messages.lead;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Queries of the lead read model; every one is scoped to a tenant. */
public final class LeadQueries {

    private LeadQueries() {
    }

    public record LeadQuery(String tenantId, String leadId) {
    }

    /** Newest first; {@code before}: a lead id of the previous page; null filters match everything. */
    public record LeadsQuery(String tenantId, LeadStatus status, LeadIntent intent, int limit, String before) {
    }

    public record IntentView(LeadIntent label, Double confidence, IntentDecider decidedBy, String reason) {
    }

    public record BudgetView(BigDecimal amount, String currency) {
    }

    public record FieldsView(String name, String email, String phone, String company, BudgetView budget) {
    }

    public record ScoreView(Integer value, List<String> reasons) {
    }

    public record DraftView(String sessionId, String suggestionId, String status, String text, String finalText,
                            Boolean edited) {
    }

    public record HistoryEntry(long seq, String type, Instant at, String detail) {
    }

    public record LeadView(String leadId, String tenantId, String source, String externalEventId, String message,
                           IntentView intent, FieldsView fields, boolean lowConfidence, ScoreView score,
                           LeadStatus status, DraftView draft, List<HistoryEntry> history, Instant createdAt,
                           Instant updatedAt) {
    }

    public record LeadSummary(String leadId, String source, LeadStatus status, LeadIntent intent, Double confidence,
                              boolean lowConfidence, Integer score, String name, String company, Instant createdAt) {
    }

    public record LeadPage(List<LeadSummary> leads, String nextBefore) {
    }
}
