package io.assistantcore.api.security;

import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.TenantQueries.MemberAccess;
import io.assistantcore.messages.tenant.TenantQueries.MemberAccessQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a verified JWT into a {@link Caller}: {@code sub} is the user, {@code tenant} the tenant, and the roles are
 * the union of the token's {@code roles} claim and the roles the tenant's member list grants. Roles of a tenant
 * other than PLATFORM_ADMIN only count while the tenant is active.
 */
public class CallerAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    public static final String TENANT_CLAIM = "tenant";
    public static final String ROLES_CLAIM = "roles";

    private final QueryGateway queryGateway;

    public CallerAuthenticationConverter(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String userId = jwt.getSubject();
        String tenantId = jwt.getClaimAsString(TENANT_CLAIM);
        if (userId == null || userId.isBlank()) {
            throw new InvalidBearerTokenException("The token has no 'sub' (user id) claim");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(tokenRoles(jwt));
        boolean deactivated = false;
        if (tenantId != null && !tenantId.isBlank()) {
            MemberAccess access;
            try {
                access = queryGateway.query(new MemberAccessQuery(tenantId, userId),
                        ResponseTypes.instanceOf(MemberAccess.class)).join();
            } catch (RuntimeException lookupFailed) {
                // e.g. the database is unreachable: answered 503 (or 500) Problem Details by the entry point
                throw new MemberLookupFailedException(lookupFailed);
            }
            roles.addAll(access.roles());
            if (access.tenantExists() && !access.tenantActive()) {
                deactivated = true;
                roles.retainAll(Set.of(Role.PLATFORM_ADMIN));
            }
        }
        Caller caller = new Caller(userId, tenantId, roles, deactivated);
        Collection<GrantedAuthority> authorities = roles.stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                .collect(Collectors.toList());
        return new CallerAuthentication(jwt, authorities, caller);
    }

    private static Set<Role> tokenRoles(Jwt jwt) {
        List<String> claimed = jwt.hasClaim(ROLES_CLAIM) ? jwt.getClaimAsStringList(ROLES_CLAIM) : List.of();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : claimed) {
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException unknownRole) {
                // Identity providers add roles of their own; only ours mean something here.
            }
        }
        return roles;
    }

    /** A JWT authentication whose principal is the {@link Caller}. */
    public static final class CallerAuthentication extends JwtAuthenticationToken {

        private final Caller caller;

        CallerAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, Caller caller) {
            super(jwt, authorities, caller.userId());
            this.caller = caller;
        }

        public Caller caller() {
            return caller;
        }
    }
}
