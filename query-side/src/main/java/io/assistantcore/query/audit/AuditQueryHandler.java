package io.assistantcore.query.audit;

import io.assistantcore.messages.audit.AuditQueries.AuditVerification;
import io.assistantcore.messages.audit.AuditQueries.VerifyAuditTrailQuery;
import io.assistantcore.query.audit.AuditTrail.Verification;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers the audit trail's verification from the audit read model. */
@Component
public class AuditQueryHandler {

    private final AuditTrail trail;

    public AuditQueryHandler(AuditTrail trail) {
        this.trail = trail;
    }

    @QueryHandler
    public AuditVerification handle(VerifyAuditTrailQuery query) throws Exception {
        Verification verification = trail.verify();
        return new AuditVerification(verification.checked(), verification.ok(), verification.firstBrokenSeq());
    }
}
