package io.assistantcore.api.security;

import io.assistantcore.messages.apikey.ApiKeyQueries.ApiKeyGrant;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.time.Instant;
import java.util.Optional;

/**
 * Resolves the caller of a long-lived connection (the WebSocket) again, as a request would be authenticated now,
 * instead of trusting what its handshake found: an API key is looked up again in the API key read model (never
 * cached, as {@link ApiKeyAuthenticationFilter} does), so a revoked key stops at once; a JWT must not have expired
 * and its member roles and tenant state are read again ({@link CallerAuthenticationConverter}), so a removed member
 * or a deactivated tenant loses its roles at once. A JWT counts as expired from its {@code exp} exactly: the 60 s of
 * clock skew the decoder allows at the handshake is for judging a fresh token, not for keeping a connection open
 * past its token's lifetime.
 */
public final class CallerRecheck {

    private final QueryGateway queries;
    private final CallerAuthenticationConverter jwtCallers;

    public CallerRecheck(QueryGateway queries) {
        this.queries = queries;
        this.jwtCallers = new CallerAuthenticationConverter(queries);
    }

    /**
     * The caller {@code authentication} (the handshake's principal) stands for now.
     *
     * @throws InvalidBearerTokenException when its credential is no longer valid (key revoked or unknown, token
     *                                     expired, not an authentication of ours)
     * @throws MemberLookupFailedException when the key or the member list could not be read
     */
    public Caller recheck(Object authentication, Instant now) throws AuthenticationException {
        if (authentication instanceof ApiKeyAuthentication apiKey) {
            Optional<ApiKeyGrant> grant;
            try {
                grant = ApiKeyAuthenticationFilter.grant(queries, apiKey.keyHash());
            } catch (RuntimeException lookupFailed) {
                throw new MemberLookupFailedException(lookupFailed);
            }
            if (grant.isEmpty() || grant.get().revoked()) {
                throw new InvalidBearerTokenException("The API key is unknown or was revoked");
            }
            return ApiKeyAuthenticationFilter.caller(grant.get());
        }
        if (authentication instanceof CallerAuthenticationConverter.CallerAuthentication jwt) {
            if (expired(jwt, now)) {
                throw new InvalidBearerTokenException("The token has expired");
            }
            return ((CallerAuthenticationConverter.CallerAuthentication) jwtCallers.convert(jwt.getToken())).caller();
        }
        throw new InvalidBearerTokenException("The connection is not authenticated");
    }

    /** When the credential of {@code authentication} stops being valid by itself (a JWT's expiry), if ever. */
    public Optional<Instant> expiresAt(Object authentication) {
        if (authentication instanceof CallerAuthenticationConverter.CallerAuthentication jwt) {
            return Optional.ofNullable(jwt.getToken().getExpiresAt());
        }
        return Optional.empty();
    }

    private boolean expired(CallerAuthenticationConverter.CallerAuthentication jwt, Instant now) {
        return expiresAt(jwt).map(expiry -> !now.isBefore(expiry)).orElse(false);
    }
}
