package io.assistantcore.api.ratelimit;

import io.assistantcore.api.security.Caller;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.platform.ratelimit.RateLimitStatus;
import io.assistantcore.platform.ratelimit.RateLimits;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Checks the caller's and their tenant's per-minute limits for a request that starts a model call, and puts the
 * caller's request limit on the response ({@code RateLimit-*} headers). A refusal is thrown as
 * {@link RateLimitExceededException} and answered by {@link RateLimitExceptionHandler}.
 */
@Component
public class RequestRateLimiter {

    private final RateLimits rateLimits;

    public RequestRateLimiter(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    public RateLimitStatus check(Caller caller, TenantView tenant, long estimatedTokens) {
        RateLimitStatus status = rateLimits.checkRequest(caller.tenantId(), caller.userId(), tenant.quotas(),
                tenant.version(), estimatedTokens);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletResponse response = attributes.getResponse();
            if (response != null) {
                RateLimitHeaders.write(status, response::setHeader);
            }
        }
        return status;
    }
}
