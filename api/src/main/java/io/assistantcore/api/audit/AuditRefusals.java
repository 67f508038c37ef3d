package io.assistantcore.api.audit;

import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.CurrentCaller;
import io.assistantcore.messages.audit.AuditEvents.CommandRefused;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Optional;

/**
 * Records refused and denied requests in the audit trail as {@link CommandRefused} events. What is recorded:
 * every 401 and 403; every refusal of a command by the write model (400, 404, 409); and 404s of access checks on
 * writes (non-GET requests). Not recorded: reads of unknown ids, malformed or invalid request bodies that never
 * became a command, and 429s (rate limits and budgets record their own refusal events). Recording never fails the
 * response: a failure is logged.
 */
@Component
public class AuditRefusals {

    private static final Logger log = LoggerFactory.getLogger(AuditRefusals.class);
    private static final int MAX_REASON = 1000;

    private final EventGateway events;

    public AuditRefusals(EventGateway events) {
        this.events = events;
    }

    /** A refusal of a command by the write model. */
    public void commandRejected(HttpServletRequest request, int status, String code, String reason) {
        record(request, status, code, reason);
    }

    /** An error the api answered itself (access checks among others): only denials and refused writes count. */
    public void answered(HttpServletRequest request, int status, URI type, String reason) {
        if (status == 401 || status == 403 || (status == 404 && isWrite(request))) {
            record(request, status, code(type), reason);
        }
    }

    private void record(HttpServletRequest request, int status, String code, String reason) {
        try {
            Optional<Caller> caller = CurrentCaller.get();
            Object dispatched = request == null ? null : request.getAttribute(DispatchedCommands.ATTRIBUTE);
            String method = request == null ? null : request.getMethod();
            String path = request == null ? null : request.getRequestURI();
            String command = dispatched != null ? dispatched.toString() : method + " " + path;
            events.publish(new CommandRefused(caller.map(Caller::tenantId).orElse(null),
                    caller.map(Caller::userId).orElse(null), command, truncated(reason), code, status, method, path));
        } catch (RuntimeException e) {
            log.warn("Could not record a refused request in the audit trail: {}", e.toString());
        }
    }

    private static boolean isWrite(HttpServletRequest request) {
        if (request == null) {
            return false;
        }
        String method = request.getMethod();
        return !(HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method) || HttpMethod.OPTIONS.matches(method));
    }

    static String code(URI type) {
        if (type == null) {
            return null;
        }
        String text = type.toString();
        return text.substring(text.lastIndexOf('/') + 1);
    }

    private static String truncated(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }
}
