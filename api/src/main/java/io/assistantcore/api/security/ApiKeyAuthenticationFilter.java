package io.assistantcore.api.security;

import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrant;
import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrantQuery;
import io.assistantcore.messages.common.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates {@code Authorization: Bearer ack_…} (and, on the WebSocket handshake only, {@code access_token}):
 * the key's SHA-256 is looked up in the API key read model on every request — no cache, so a revocation holds on
 * every node as soon as the DELETE has answered. The caller is {@code apikey:<keyId>} in the key's tenant with the
 * key's roles (tenant roles only; none while the tenant is deactivated). Tokens that are not keys are left to the
 * JWT path ({@link SecurityConfiguration#bearerTokens()} skips keys).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private final QueryGateway queries;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    public ApiKeyAuthenticationFilter(QueryGateway queries, AuthenticationEntryPoint entryPoint) {
        this.queries = queries;
        this.entryPoint = entryPoint;
    }

    /** The presented key, or null when the request carries none (it may carry a JWT). */
    static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).strip();
            return token.startsWith(ApiKeys.PREFIX) ? token : null;
        }
        if ("/ws".equals(request.getRequestURI())) {
            String token = request.getParameter("access_token");
            return token != null && token.startsWith(ApiKeys.PREFIX) ? token : null;
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = presentedKey(request);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        String hash = ApiKeys.looksLikeKey(key) ? ApiKeys.hash(key) : null;
        Optional<ApiKeyGrant> grant;
        try {
            grant = hash != null ? grant(queries, hash) : Optional.empty();
        } catch (RuntimeException lookupFailed) {
            contexts.clearContext();
            entryPoint.commence(request, response, new MemberLookupFailedException(lookupFailed));
            return;
        }
        if (grant.isEmpty() || grant.get().revoked()) {
            contexts.clearContext();
            entryPoint.commence(request, response,
                    new InvalidBearerTokenException("The API key is unknown or was revoked"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(caller(grant.get()), grant.get().keyId(), hash));
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        chain.doFilter(request, response);
    }

    /** The key with this SHA-256, read from the API key read model (never cached). */
    static Optional<ApiKeyGrant> grant(QueryGateway queries, String keyHash) {
        return queries.query(new ApiKeyGrantQuery(keyHash), ResponseTypes.optionalInstanceOf(ApiKeyGrant.class))
                .join();
    }

    static Caller caller(ApiKeyGrant grant) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        grant.roles().stream().filter(Role::grantableWithinTenant).forEach(roles::add);
        if (!grant.tenantActive()) {
            roles.clear();
        }
        return new Caller(ApiKeys.userId(grant.keyId()), grant.tenantId(), roles, !grant.tenantActive());
    }
}
