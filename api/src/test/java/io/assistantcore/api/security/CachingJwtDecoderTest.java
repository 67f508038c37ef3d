package io.assistantcore.api.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static final class MutableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Accepts tokens starting with "good", expiring at {@code expiry}, checking time as Spring's validator does. */
    private static final class CountingDecoder implements JwtDecoder {
        final List<String> decoded = new ArrayList<>();
        final MutableClock clock;
        Instant expiry = NOW.plus(Duration.ofMinutes(10));

        CountingDecoder(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public Jwt decode(String token) {
            decoded.add(token);
            if (!token.startsWith("good")) {
                throw new BadJwtException("bad signature");
            }
            if (clock.instant().isAfter(expiry.plus(CachingJwtDecoder.CLOCK_SKEW))) {
                throw new JwtValidationException("expired", List.of(new OAuth2Error("invalid_token")));
            }
            return Jwt.withTokenValue(token).header("alg", "HS256").subject(token).issuedAt(NOW.minusSeconds(5))
                    .expiresAt(expiry).build();
        }
    }

    private final MutableClock clock = new MutableClock();
    private final CountingDecoder delegate = new CountingDecoder(clock);

    private CachingJwtDecoder decoder(int maxEntries) {
        return new CachingJwtDecoder(delegate, maxEntries, Duration.ofMinutes(1), clock);
    }

    @Test
    void anAcceptedTokenIsDecodedOnceAndTheSameJwtIsGivenAgain() {
        CachingJwtDecoder decoder = decoder(100);
        Jwt first = decoder.decode("good-1");
        Jwt second = decoder.decode("good-1");
        assertThat(second).isSameAs(first);
        assertThat(delegate.decoded).containsExactly("good-1");
        decoder.decode("good-2");
        assertThat(delegate.decoded).containsExactly("good-1", "good-2");
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndIsRefusedEveryTime() {
        CachingJwtDecoder decoder = decoder(100);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(delegate.decoded).containsExactly("forged", "forged");
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aRememberedTokenPastItsExpiryIsRefusedByTheDecoderAgain() {
        CachingJwtDecoder decoder = decoder(100);
        delegate.expiry = NOW.plusSeconds(30);
        decoder.decode("good-1");
        // within the clock skew after expiry, which the validator itself allows
        clock.now = NOW.plusSeconds(30 + 59);
        decoder.decode("good-1");
        assertThat(delegate.decoded).hasSize(1);
        // past it: not given from memory; the decoder is asked, and refuses, every time
        clock.now = NOW.plusSeconds(30 + 61);
        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(JwtValidationException.class);
        assertThat(delegate.decoded).hasSize(3);
    }

    @Test
    void theNumberOfRememberedTokensIsBounded() {
        CachingJwtDecoder decoder = decoder(10);
        for (int i = 0; i < 100; i++) {
            decoder.decode("good-" + i);
        }
        assertThat(decoder.size()).isLessThanOrEqualTo(10);
    }
}
