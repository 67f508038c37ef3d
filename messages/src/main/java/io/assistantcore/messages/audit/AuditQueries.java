package io.assistantcore.messages.audit;

/** Queries over the audit trail (its export streams through the reader itself, see decisions/0006). */
public final class AuditQueries {

    private AuditQueries() {
    }

    /** Recomputes the whole hash chain. Answers an {@link AuditVerification}. */
    public record VerifyAuditTrailQuery() {
    }

    /** @param firstBrokenSeq the first seq where the chain breaks; null while it holds */
    public record AuditVerification(long checked, boolean ok, Long firstBrokenSeq) {
    }
}
