package io.assistantcore.messages.audit;

import org.axonframework.serialization.Revision;

/** Events that exist for the audit trail only. */
public final class AuditEvents {

    private AuditEvents() {
    }

    /**
     * A request was refused or denied before it changed anything: {@code status} is the HTTP status it was answered
     * with (401 and 403 are denials, 400, 404 and 409 refusals), {@code code} the Problem Details type's last segment,
     * {@code reason} the detail the caller saw, {@code command} the command that was refused when one was dispatched,
     * else the request's method and path. {@code tenantId} and {@code userId} are null when the caller was not
     * authenticated. Published by the api, not by an aggregate.
     */
    @Revision("1")
    public record CommandRefused(String tenantId, String userId, String command, String reason, String code,
                                 int status, String method, String path) {
    }
}
