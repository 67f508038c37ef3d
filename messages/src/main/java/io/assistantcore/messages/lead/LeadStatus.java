package io.assistantcore.messages.lead;

/**
 * Where a lead is in its workflow (docs/leads.md). SUBMITTED → CLASSIFIED → EXTRACTED → then, once scored, either
 * NEEDS_REVIEW (the intent's confidence is below the tenant's threshold) or READY; a review makes it REVIEWED; then
 * DRAFTING → DRAFTED → APPROVED → SENT.
 */
public enum LeadStatus {
    SUBMITTED,
    CLASSIFIED,
    EXTRACTED,
    NEEDS_REVIEW,
    READY,
    REVIEWED,
    DRAFTING,
    DRAFTED,
    APPROVED,
    SENT
}
