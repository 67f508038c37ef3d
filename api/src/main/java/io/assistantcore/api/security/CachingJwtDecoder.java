package io.assistantcore.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the tokens another decoder accepted, for a short while: a client sends the same bearer token with every
 * request, and parsing its JSON and checking its signature was a few percent of the platform's CPU under load (three
 * requests per suggestion, each decoding the same token). Only accepted tokens are kept, under their exact text —
 * the same text always has the same signature, so it is accepted again; what can change with time is checked on
 * every use: a kept token past its expiry (with the same 60 s of clock skew Spring's default validator allows) is
 * dropped and handed to the decoder again, which refuses it. Bounded in number and age ({@code
 * assistant.security.jwt-cache.*}): a signing key withdrawn from an identity provider's key set stops being accepted
 * at the latest after the age bound.
 */
final class CachingJwtDecoder implements JwtDecoder {

    /** Spring Security's {@code JwtTimestampValidator} default. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final JwtDecoder delegate;
    private final Cache<String, Jwt> accepted;
    private final Clock clock;

    CachingJwtDecoder(JwtDecoder delegate, int maxEntries, Duration maxAge, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.accepted = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = accepted.getIfPresent(token);
        if (known != null) {
            if (unexpired(known)) {
                return known;
            }
            accepted.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        accepted.put(token, jwt);
        return jwt;
    }

    private boolean unexpired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt == null || !clock.instant().isAfter(expiresAt.plus(CLOCK_SKEW));
    }

    /** How many accepted tokens are kept (for tests). */
    long size() {
        accepted.cleanUp();
        return accepted.estimatedSize();
    }
}
